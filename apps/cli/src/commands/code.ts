import { parseArgs } from 'node:util';
import { generateCode } from '@fewshot/prompting';
import { type CliIo, UsageError } from '../io.js';
import { GENERATING_FLAG_OPTIONS, applicationJson, runApplication, samplingOptions } from './application-command.js';
import { SAMPLING_FLAGS_USAGE } from './generate-options.js';
import { MODEL_FLAGS_USAGE } from '../load-model.js';

export const CODE_USAGE = `fewshot code --description TEXT [--language NAME] [--comment-prefix P] [--json]
      ${MODEL_FLAGS_USAGE} [--backend wasm|cpu|tensorflow]
      ${SAMPLING_FLAGS_USAGE}
                           writes code for a description, up to a blank line (the seed's generate_code:
                           200 tokens, temperature 0.3, top-p 0.95, language python)`;

/** `fewshot code`: `generateCode` of `@fewshot/prompting` on a checkpoint; prints the code, or one JSON object. */
export async function codeCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      ...GENERATING_FLAG_OPTIONS,
      description: { type: 'string' },
      language: { type: 'string' },
      'comment-prefix': { type: 'string' },
    },
  });
  const description = values.description;
  if (description === undefined || description.trim() === '')
    throw new UsageError(`give --description TEXT, what the code should do\nusage: ${CODE_USAGE}`);
  return runApplication(values, '--description', async (loaded) => {
    const generated = await generateCode(loaded.model, loaded.tokenizer, description, {
      ...samplingOptions(values, loaded, io),
      ...(values.language === undefined ? {} : { language: values.language }),
      ...(values['comment-prefix'] === undefined ? {} : { commentPrefix: values['comment-prefix'] }),
    });
    io.stdout(
      values.json ? `${JSON.stringify(applicationJson('code', generated.code, generated))}\n` : `${generated.code}\n`,
    );
    return 0;
  });
}
