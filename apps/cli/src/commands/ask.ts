import { ANSWER_QUESTION_DEFAULTS, answerQuestion } from '@fewshot/prompting';
import { usageHint } from '../command-help.js';
import { defineCommand, parseCommandArgs } from '../command-spec.js';
import { type CliIo, CommandError, UsageError } from '../io.js';
import { JSON_OPTION, MODEL_OPTIONS } from '../model-options.js';
import { applicationJson, runApplication, samplingOptions } from './application-command.js';
import { samplingOptionsWithDefaults } from './sampling-options.js';

export const ASK_COMMAND = defineCommand({
  name: 'ask',
  summary: "answer a question from a passage (the seed's answer_question), or closed-book as Q: / A:",
  usage: ['--question TEXT [--context TEXT | --context-file FILE] [options]'],
  options: {
    question: { type: 'string', value: 'TEXT', valueType: 'text', description: 'the question' },
    context: {
      type: 'string',
      value: 'TEXT',
      valueType: 'text',
      defaultText: 'none: closed-book',
      description: 'the passage to answer from',
    },
    'context-file': { type: 'string', value: 'FILE', valueType: 'file', description: 'the passage, from a file' },
    ...MODEL_OPTIONS,
    ...JSON_OPTION,
    ...samplingOptionsWithDefaults(ANSWER_QUESTION_DEFAULTS),
  },
  examples: ['fewshot ask --question "What is the capital of Italy?" --context "Rome is the capital of Italy."'],
});

/** `fewshot ask`: `answerQuestion` of `@fewshot/prompting` on a checkpoint; prints the answer, or one JSON object. */
export async function askCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(ASK_COMMAND, args);
  const question = values.question;
  if (question === undefined || question.trim() === '')
    throw new UsageError(`give --question TEXT\n${usageHint(ASK_COMMAND)}`);
  if (values.context !== undefined && values['context-file'] !== undefined)
    throw new UsageError('give --context or --context-file, not both');
  const context = values['context-file'] === undefined ? values.context : readContext(values['context-file'], io);
  return runApplication(values, '--question', async (loaded) => {
    const answered = await answerQuestion(loaded.model, loaded.tokenizer, question, {
      ...samplingOptions(values, loaded, io),
      ...(context === undefined ? {} : { context }),
    });
    io.stdout(
      values.json
        ? `${JSON.stringify(applicationJson('answer', answered.answer, answered))}\n`
        : `${answered.answer}\n`,
    );
    return 0;
  });
}

function readContext(file: string, io: CliIo): string {
  try {
    return io.readFile(file).trim();
  } catch (error) {
    throw new CommandError(`--context-file ${file}: cannot be read (${(error as Error).message})`);
  }
}
