import { ConfigError } from './config-error.js';
import { requireInteger, requireRecord } from './validate.js';

/**
 * Which earlier positions a query position may attend to, for one layer. Every pattern is
 * causal (a position never sees the future) and always includes the position itself.
 *
 * - `dense`: every earlier position (GPT-2, GPT-Neo "global").
 * - `local`: the last `window` positions, itself included (GPT-Neo "local", GPT-3's locally
 *   banded layers).
 * - `strided` (Sparse Transformer, Child et al. 2019): A1(i) = {max(0, i−l) … i} together with
 *   A2(i) = {j : (i − j) mod l = 0}. With `window` w, A1(i) is the last w positions instead
 *   ({j : i − j < w}; the default w = l + 1 is the paper's band), so the band and the stride are
 *   independent — the seed's "local window plus stride" pattern.
 * - `fixed` (Sparse Transformer): A1(i) = {j : ⌊j/l⌋ = ⌊i/l⌋} together with the "summary"
 *   columns A2(i) = {j : j mod l ∈ {l−c … l−1}}.
 *
 * For `strided` and `fixed` a layer attends to the union of A1 and A2 (the paper's merged
 * heads), which is what a single attention mask of that layer expresses.
 */
export type AttentionPattern =
  | { readonly type: 'dense' }
  | { readonly type: 'local'; readonly window: number }
  | { readonly type: 'strided'; readonly stride: number; readonly window?: number }
  | { readonly type: 'fixed'; readonly block: number; readonly summary: number };

export type AttentionPatternType = AttentionPattern['type'];

export const ATTENTION_PATTERN_TYPES: readonly AttentionPatternType[] = ['dense', 'local', 'strided', 'fixed'];

/** Layer type names accepted in the shorthand; `global` is GPT-Neo's name for `dense`. */
export type AttentionTypeName = AttentionPatternType | 'global';

const ATTENTION_TYPE_NAMES: readonly AttentionTypeName[] = ['dense', 'global', 'local', 'strided', 'fixed'];

/**
 * GPT-Neo's `attention_types` shorthand: a list of `[layer types, repeat count]`, e.g.
 * `[[["global", "local"], 6]]` for 12 layers alternating dense and local.
 */
export type AttentionTypesShorthand = readonly (readonly [readonly AttentionTypeName[], number])[];

/** The sizes the shorthand's layer types take. Only those that are used are required. */
export interface AttentionPatternSizes {
  readonly window?: number;
  readonly stride?: number;
  readonly block?: number;
  readonly summary?: number;
}

/** Checks one layer's pattern, reporting problems under `field` (e.g. `attention[3]`). */
export function parseAttentionPattern(field: string, value: unknown): AttentionPattern {
  const record = requireRecord(field, value);
  const type = record.type;
  switch (type) {
    case 'dense':
      return { type };
    case 'local':
      return { type, window: requireInteger(`${field}.window`, record.window, 1) };
    case 'strided': {
      const stride = requireInteger(`${field}.stride`, record.stride, 1);
      if (record.window === undefined) return { type, stride };
      return { type, stride, window: requireInteger(`${field}.window`, record.window, 1) };
    }
    case 'fixed': {
      const block = requireInteger(`${field}.block`, record.block, 1);
      const summary = requireInteger(`${field}.summary`, record.summary, 1, block);
      return { type, block, summary };
    }
    default:
      throw new ConfigError(
        `${field}.type`,
        type,
        `expected one of ${ATTENTION_PATTERN_TYPES.map((t) => `"${t}"`).join(', ')}`,
      );
  }
}

/** Expands the `attention_types` shorthand into one pattern per layer. */
export function expandAttentionTypes(
  shorthand: AttentionTypesShorthand,
  sizes: AttentionPatternSizes = {},
  field = 'attentionTypes',
): AttentionPattern[] {
  if (!Array.isArray(shorthand) || shorthand.length === 0) {
    throw new ConfigError(field, shorthand, 'expected a non-empty list of [layer types, repeat count] pairs');
  }
  const layers: AttentionPattern[] = [];
  shorthand.forEach((entry: unknown, index) => {
    const at = `${field}[${index}]`;
    if (!Array.isArray(entry) || entry.length !== 2 || !Array.isArray(entry[0])) {
      throw new ConfigError(at, entry, 'expected a pair [layer types, repeat count], e.g. [["global", "local"], 6]');
    }
    const [names, repeat] = entry as [unknown[], unknown];
    if (names.length === 0) throw new ConfigError(`${at}[0]`, names, 'expected at least one layer type');
    const count = requireInteger(`${at}[1]`, repeat, 1);
    const patterns = names.map((name, j) => patternForTypeName(`${at}[0][${j}]`, name, sizes));
    for (let r = 0; r < count; r++) layers.push(...patterns);
  });
  return layers;
}

function patternForTypeName(field: string, name: unknown, sizes: AttentionPatternSizes): AttentionPattern {
  switch (name) {
    case 'dense':
    case 'global':
      return { type: 'dense' };
    case 'local':
      return parseAttentionPattern(field, { type: 'local', window: requireSize('window', sizes.window, name) });
    case 'strided':
      return parseAttentionPattern(field, { type: 'strided', stride: requireSize('stride', sizes.stride, name) });
    case 'fixed':
      return parseAttentionPattern(field, {
        type: 'fixed',
        block: requireSize('block', sizes.block, name),
        summary: requireSize('summary', sizes.summary, name),
      });
    default:
      throw new ConfigError(field, name, `expected one of ${ATTENTION_TYPE_NAMES.map((t) => `"${t}"`).join(', ')}`);
  }
}

function requireSize(size: keyof AttentionPatternSizes, value: number | undefined, layerType: string): number {
  if (value === undefined) {
    throw new ConfigError(size, value, `"${layerType}" layers need ${size}: an integer >= 1`);
  }
  return value;
}

/** The band of a strided pattern: its `window`, else the paper's l + 1 positions {i−l … i}. */
export function stridedWindow(pattern: { readonly stride: number; readonly window?: number }): number {
  return pattern.window ?? pattern.stride + 1;
}

/** Whether position `query` may attend to position `key` (both 0-based) under `pattern`. */
export function attends(pattern: AttentionPattern, query: number, key: number): boolean {
  if (key > query || key < 0) return false;
  switch (pattern.type) {
    case 'dense':
      return true;
    case 'local':
      return query - key < pattern.window;
    case 'strided':
      return query - key < stridedWindow(pattern) || (query - key) % pattern.stride === 0;
    case 'fixed':
      return (
        Math.floor(key / pattern.block) === Math.floor(query / pattern.block) ||
        key % pattern.block >= pattern.block - pattern.summary
      );
  }
}

/** How many positions `query` attends to, in O(1): |A(query)|. */
export function attendedKeyCount(pattern: AttentionPattern, query: number): number {
  switch (pattern.type) {
    case 'dense':
      return query + 1;
    case 'local':
      return Math.min(query + 1, pattern.window);
    case 'strided': {
      const l = pattern.stride;
      const w = stridedWindow(pattern);
      const band = Math.min(query + 1, w); // A1: max(0, i−w+1) … i
      const columnRows = Math.floor(query / l); // A2: i, i−l, i−2l, … ≥ 0
      // Column keys i − m·l with m·l < w lie in the band too: m = 0 … ⌈w/l⌉ − 1.
      const shared = Math.min(columnRows, Math.ceil(w / l) - 1) + 1;
      return band + columnRows + 1 - shared;
    }
    case 'fixed': {
      const { block, summary } = pattern;
      // The own block up to the query, plus the summary columns of every earlier block; summary
      // columns of the own block are already inside A1.
      return (query % block) + 1 + Math.floor(query / block) * summary;
    }
  }
}

/** The number of (query, key) pairs a causal sequence of `length` positions attends over. */
export function attendedPairCount(pattern: AttentionPattern, length: number): number {
  if (pattern.type === 'dense') return (length * (length + 1)) / 2;
  let pairs = 0;
  for (let query = 0; query < length; query++) pairs += attendedKeyCount(pattern, query);
  return pairs;
}

/** A short human-readable label, e.g. `local(256)` or `fixed(128, 8)`. */
export function describeAttentionPattern(pattern: AttentionPattern): string {
  switch (pattern.type) {
    case 'dense':
      return 'dense';
    case 'local':
      return `local(${pattern.window})`;
    case 'strided':
      return pattern.window === undefined
        ? `strided(${pattern.stride})`
        : `strided(${pattern.stride}, window ${pattern.window})`;
    case 'fixed':
      return `fixed(${pattern.block}, ${pattern.summary})`;
  }
}
