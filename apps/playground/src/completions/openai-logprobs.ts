import type { TokenLogprob } from '@fewshot/sampling';

/** OpenAI's legacy `logprobs` object of a completion choice. */
export interface OpenAiLogprobs {
  tokens: string[];
  token_logprobs: (number | null)[];
  top_logprobs: (Record<string, number> | null)[];
  /** Character offset of each token in the choice's text (the echoed prompt included). */
  text_offset: number[];
}

/** A token to report: its text, its logprob (null for a prompt's first token) and its alternatives. */
export interface ReportedToken {
  readonly text: string;
  readonly logprob: number | null;
  readonly topLogprobs: readonly TokenLogprob[] | null;
}

/**
 * Tokens in OpenAI's layout, the first at character `offset`. Alternatives are keyed by their
 * text as OpenAI's are; two ids with the same text keep the likelier (listed first).
 */
export function toOpenAiLogprobs(tokens: readonly ReportedToken[], offset: number): OpenAiLogprobs {
  const logprobs: OpenAiLogprobs = { tokens: [], token_logprobs: [], top_logprobs: [], text_offset: [] };
  let position = offset;
  for (const token of tokens) {
    logprobs.tokens.push(token.text);
    logprobs.token_logprobs.push(token.logprob);
    logprobs.top_logprobs.push(token.topLogprobs === null ? null : byText(token.topLogprobs));
    logprobs.text_offset.push(position);
    position += token.text.length;
  }
  return logprobs;
}

/** Appends `more` to `into` (a streamed choice's logprobs gathered into one). */
export function appendLogprobs(into: OpenAiLogprobs, more: OpenAiLogprobs): void {
  into.tokens.push(...more.tokens);
  into.token_logprobs.push(...more.token_logprobs);
  into.top_logprobs.push(...more.top_logprobs);
  into.text_offset.push(...more.text_offset);
}

function byText(alternatives: readonly TokenLogprob[]): Record<string, number> {
  const entries: Record<string, number> = {};
  for (const { text, logprob } of alternatives) {
    if (!Object.hasOwn(entries, text)) entries[text] = logprob;
  }
  return entries;
}
