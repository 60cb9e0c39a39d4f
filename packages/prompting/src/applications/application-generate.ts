import {
  type GenerationOptions,
  type GenerationResult,
  type LanguageModel,
  type TokenSequenceDecoder,
  generate,
} from '@fewshot/sampling';
import type { TokenCounter } from '../example.js';
import { PromptingError } from '../prompting-error.js';

/** What the applications need of a tokenizer: encode a prompt, decode what was generated. */
export type ApplicationTokenizer = TokenCounter & TokenSequenceDecoder;

/** An application's run: the prompt it wrote, the first completion's text, and everything `generate` returned. */
export interface ApplicationResult {
  readonly prompt: string;
  readonly completion: string;
  readonly result: GenerationResult;
}

/**
 * Generates from a prompt with an application's defaults under the caller's options: every
 * `GenerationOptions` field the caller sets wins, so all of `@fewshot/sampling` stays reachable.
 */
export async function generateWithDefaults<Cache>(
  model: LanguageModel<Cache>,
  tokenizer: ApplicationTokenizer,
  prompt: string,
  defaults: GenerationOptions,
  options: GenerationOptions,
): Promise<ApplicationResult> {
  const ids = tokenizer.encode(prompt);
  if (ids.length === 0) throw new PromptingError('prompt', prompt, 'expected text that encodes to at least one token');
  const result = await generate({ ...defaults, ...options, model, decoder: tokenizer, prompt: ids });
  return { prompt, completion: result.completions[0]?.text ?? '', result };
}
