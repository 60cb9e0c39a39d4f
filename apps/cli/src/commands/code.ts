import { GENERATE_CODE_DEFAULTS, generateCode } from '@fewshot/prompting';
import { usageHint } from '../command-help.js';
import { defineCommand, parseCommandArgs } from '../command-spec.js';
import { type CliIo, UsageError } from '../io.js';
import { JSON_OPTION, MODEL_OPTIONS } from '../model-options.js';
import { applicationJson, runApplication, samplingOptions } from './application-command.js';
import { samplingOptionsWithDefaults } from './sampling-options.js';

export const CODE_COMMAND = defineCommand({
  name: 'code',
  summary: "write code for a description, up to a blank line (the seed's generate_code)",
  usage: ['--description TEXT [options]'],
  options: {
    description: { type: 'string', value: 'TEXT', valueType: 'text', description: 'what the code should do' },
    language: {
      type: 'string',
      value: 'NAME',
      valueType: 'name',
      defaultText: 'python',
      description: "named in the prompt's comment line",
    },
    'comment-prefix': {
      type: 'string',
      value: 'P',
      valueType: 'text',
      defaultText: '//',
      description: "starts the prompt's comment line",
    },
    ...MODEL_OPTIONS,
    ...JSON_OPTION,
    ...samplingOptionsWithDefaults(GENERATE_CODE_DEFAULTS),
  },
  examples: ['fewshot code --description "quicksort algorithm in python"'],
});

/** `fewshot code`: `generateCode` of `@fewshot/prompting` on a checkpoint; prints the code, or one JSON object. */
export async function codeCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(CODE_COMMAND, args);
  const description = values.description;
  if (description === undefined || description.trim() === '')
    throw new UsageError(`give --description TEXT, what the code should do\n${usageHint(CODE_COMMAND)}`);
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
