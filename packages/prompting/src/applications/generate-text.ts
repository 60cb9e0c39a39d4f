import type { GenerationOptions, LanguageModel } from '@fewshot/sampling';
import { type ApplicationResult, type ApplicationTokenizer, generateWithDefaults } from './application-generate.js';

/** The seed's `generate_text` defaults: 200 new tokens, temperature 0.8, nucleus 0.92. */
export const GENERATE_TEXT_DEFAULTS = {
  maxNewTokens: 200,
  temperature: 0.8,
  topP: 0.92,
} as const satisfies GenerationOptions;

export interface GeneratedText extends ApplicationResult {
  /** The prompt followed by its continuation, as the seed's `generate_text` returns it. */
  readonly text: string;
}

/**
 * Continues a prompt (the seed's `generate_text`). Its `max_length=200` counted the prompt's
 * tokens too; here the 200 are new tokens (`maxNewTokens`), whatever the prompt's length.
 */
export async function generateText<Cache>(
  model: LanguageModel<Cache>,
  tokenizer: ApplicationTokenizer,
  prompt: string,
  options: GenerationOptions = {},
): Promise<GeneratedText> {
  const run = await generateWithDefaults(model, tokenizer, prompt, GENERATE_TEXT_DEFAULTS, options);
  return { ...run, text: prompt + run.completion };
}
