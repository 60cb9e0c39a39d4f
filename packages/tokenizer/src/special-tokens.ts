import { TokenizerError } from './tokenizer-error.js';

/** Which special tokens `encode` turns into their ids (js-tiktoken's `allowedSpecial`). */
export type AllowedSpecial = 'all' | readonly string[];
/** Which special tokens make `encode` throw when seen in the text (js-tiktoken's `disallowedSpecial`). */
export type DisallowedSpecial = 'all' | readonly string[];

function escapeRegExp(text: string): string {
  return text.replace(/[\\^$*+?.()|[\]{}]/g, '\\$&');
}

/**
 * A pattern that finds any of `tokens`. Longer tokens come first so that, where one special
 * token is a prefix of another, the longer one wins.
 */
export function specialTokenPattern(tokens: Iterable<string>): RegExp | undefined {
  const sorted = [...tokens].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  if (sorted.length === 0) return undefined;
  return new RegExp(sorted.map(escapeRegExp).join('|'), 'g');
}

/**
 * Resolves js-tiktoken's special-token arguments for one `encode` call: throws when the text
 * contains a disallowed special token, and returns the pattern of allowed ones (if any).
 */
export class SpecialTokenPolicy {
  private readonly names: readonly string[];
  private readonly allPattern: RegExp | undefined;

  constructor(readonly ids: ReadonlyMap<string, number>) {
    this.names = [...ids.keys()];
    this.allPattern = specialTokenPattern(this.names);
  }

  /** Pattern of the special tokens to encode as such in this call, or undefined for none. */
  allowedPattern(text: string, allowed: AllowedSpecial, disallowed: DisallowedSpecial): RegExp | undefined {
    const allowedSet = allowed === 'all' ? undefined : new Set(allowed);
    const disallowedPattern =
      disallowed === 'all'
        ? allowedSet === undefined
          ? undefined
          : allowedSet.size === 0
            ? this.allPattern
            : specialTokenPattern(this.names.filter((name) => !allowedSet.has(name)))
        : specialTokenPattern(disallowed);
    if (disallowedPattern !== undefined) {
      disallowedPattern.lastIndex = 0;
      const match = disallowedPattern.exec(text);
      if (match !== null) {
        // Same wording as js-tiktoken, so code matching on it keeps working.
        throw new TokenizerError(`The text contains a special token that is not allowed: ${match[0]}`);
      }
    }
    if (allowedSet === undefined) return this.allPattern;
    if (allowedSet.size === 0) return undefined;
    return specialTokenPattern(this.names.filter((name) => allowedSet.has(name)));
  }
}
