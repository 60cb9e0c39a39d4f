import type { GenerationOptions, LanguageModel } from '@fewshot/sampling';
import { codeTemplate } from '../prompt-template.js';
import { type ApplicationResult, type ApplicationTokenizer, generateWithDefaults } from './application-generate.js';

/** The seed's `generate_code` defaults: 200 new tokens, temperature 0.3, nucleus 0.95, stop at a blank line. */
export const GENERATE_CODE_DEFAULTS = {
  maxNewTokens: 200,
  temperature: 0.3,
  topP: 0.95,
  stop: ['\n\n'],
} as const satisfies GenerationOptions;

export interface GenerateCodeOptions extends GenerationOptions {
  /** Named in the prompt's comment. Default `python`, as the seed's. */
  readonly language?: string;
  /** Starts the comment line. Default `//`, as the seed's prompt writes it for every language. */
  readonly commentPrefix?: string;
}

export interface GeneratedCode extends ApplicationResult {
  /** The generated code: the completion, up to the first blank line. */
  readonly code: string;
}

/**
 * Writes code for a description (the seed's `generate_code`): the prompt is
 * `// <language> code for: <description>` and a blank line, and the code ends at the next blank line.
 */
export async function generateCode<Cache>(
  model: LanguageModel<Cache>,
  tokenizer: ApplicationTokenizer,
  description: string,
  options: GenerateCodeOptions = {},
): Promise<GeneratedCode> {
  const { language = 'python', commentPrefix = '//', ...sampling } = options;
  const prompt = `${codeTemplate(language, commentPrefix).formatQuery({ input: description })}\n`;
  const run = await generateWithDefaults(model, tokenizer, prompt, GENERATE_CODE_DEFAULTS, sampling);
  return { ...run, code: run.completion };
}
