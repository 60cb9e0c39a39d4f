import {
  type Completion,
  type FinishReason,
  type GenerationResult,
  type GenerationRuntime,
  type LlamaCppTimings,
  type TokenDecoder,
  llamaCppTimings,
  tokenText,
} from '@fewshot/sampling';
import { formatTable } from '../table.js';

/** One alternative at a position, as `--logprobs N` reports the N most likely. */
export interface TopLogprobJson {
  readonly id: number;
  readonly token: string;
  readonly logprob: number;
}

/** OpenAI's `logprobs` object of a completion, with the token ids added. */
export interface LogprobsJson {
  /** Each generated token's text on its own (may hold U+FFFD for part of a character). */
  readonly tokens: readonly string[];
  readonly token_ids: readonly number[];
  /** Natural log of each token's probability under the model's raw distribution. */
  readonly token_logprobs: readonly number[];
  /** The N most likely tokens at each position, most likely first. */
  readonly top_logprobs: readonly (readonly TopLogprobJson[])[];
}

/** One completion in `fewshot generate --json`. */
export interface ChoiceJson {
  readonly index: number;
  /** The prompt ids (after `--truncate left`) followed by every generated id, stop tokens included. */
  readonly ids: readonly number[];
  /** The generated text, without the prompt, a stop string or the end-of-text token. */
  readonly text: string;
  readonly finish_reason: FinishReason;
  /** With `--logprobs N`. */
  readonly logprobs?: LogprobsJson;
  /** Beam search: the length-normalised score the beams were ranked by. */
  readonly score?: number;
}

interface ResultFieldsJson {
  readonly usage: { readonly prompt_tokens: number; readonly completion_tokens: number; readonly total_tokens: number };
  /** The sampling seed: pass it back with `--seed` to reproduce the text. */
  readonly seed: number;
  /** Prompt tokens dropped by `--truncate left`. */
  readonly truncated_prompt_tokens: number;
  /** Prefill and decoding speed under llama.cpp's server field names, with the backend and threads. */
  readonly timings: LlamaCppTimings;
}

/** `fewshot generate --json` with one completion: its fields at the top level. */
export type GenerateJson = Omit<ChoiceJson, 'index'> & ResultFieldsJson;
/** `fewshot generate --json --n N` (N > 1): a `choices` array. */
export type GenerateChoicesJson = { readonly choices: readonly ChoiceJson[] } & ResultFieldsJson;

/** The JSON object `fewshot generate --json` prints. */
export function generateJson(
  result: GenerationResult,
  prompt: readonly number[],
  decoder: TokenDecoder,
  withLogprobs: boolean,
  runtime: GenerationRuntime,
): GenerateJson | GenerateChoicesJson {
  const modelPrompt = prompt.slice(result.truncatedPromptTokens);
  const choices = result.completions.map((completion) => choiceJson(completion, modelPrompt, decoder, withLogprobs));
  const fields: ResultFieldsJson = {
    usage: {
      prompt_tokens: result.usage.promptTokens,
      completion_tokens: result.usage.completionTokens,
      total_tokens: result.usage.totalTokens,
    },
    seed: result.seed,
    truncated_prompt_tokens: result.truncatedPromptTokens,
    timings: llamaCppTimings(result, runtime),
  };
  const [only] = choices;
  if (choices.length === 1 && only !== undefined) return { ...only, ...fields };
  return { choices: choices.map((choice, index) => ({ index, ...choice })), ...fields };
}

function choiceJson(
  completion: Completion,
  prompt: readonly number[],
  decoder: TokenDecoder,
  withLogprobs: boolean,
): Omit<ChoiceJson, 'index'> {
  const newIds = completion.tokens.map((token) => token.id);
  return {
    ids: [...prompt, ...newIds],
    text: completion.text,
    finish_reason: completion.finishReason,
    ...(withLogprobs
      ? {
          logprobs: {
            tokens: newIds.map((id) => tokenText(decoder, id)),
            token_ids: newIds,
            token_logprobs: completion.tokens.map((token) => token.logprob),
            top_logprobs: completion.tokens.map((token) =>
              (token.topLogprobs ?? []).map((top) => ({ id: top.id, token: top.text, logprob: top.logprob })),
            ),
          },
        }
      : {}),
    ...(completion.score === undefined ? {} : { score: completion.score }),
  };
}

/** `--logprobs N` without `--json`: a table of each generated token's logprob and the top N. */
export function formatLogprobsTable(completion: Completion, decoder: TokenDecoder): string {
  const rows = completion.tokens.map((token, i) => [
    String(i),
    String(token.id),
    JSON.stringify(tokenText(decoder, token.id)),
    token.logprob.toFixed(4),
    (token.topLogprobs ?? []).map((top) => `${JSON.stringify(top.text)} ${top.logprob.toFixed(3)}`).join(', '),
  ]);
  return formatTable(['position', 'id', 'token', 'logprob', 'top'], rows);
}
