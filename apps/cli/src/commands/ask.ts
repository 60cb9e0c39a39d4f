import { parseArgs } from 'node:util';
import { answerQuestion } from '@fewshot/prompting';
import { type CliIo, CommandError, UsageError } from '../io.js';
import { GENERATING_FLAG_OPTIONS, applicationJson, runApplication, samplingOptions } from './application-command.js';
import { SAMPLING_FLAGS_USAGE } from './generate-options.js';
import { MODEL_FLAGS_USAGE } from '../load-model.js';

export const ASK_USAGE = `fewshot ask --question TEXT [--context TEXT | --context-file FILE] [--json]
      ${MODEL_FLAGS_USAGE} [--backend wasm|cpu|tensorflow]
      ${SAMPLING_FLAGS_USAGE}
                           answers a question from a passage (the seed's answer_question), or closed-book
                           in the paper's Q: / A: format; greedy, 100 tokens, up to the end of the line`;

/** `fewshot ask`: `answerQuestion` of `@fewshot/prompting` on a checkpoint; prints the answer, or one JSON object. */
export async function askCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      ...GENERATING_FLAG_OPTIONS,
      question: { type: 'string' },
      context: { type: 'string' },
      'context-file': { type: 'string' },
    },
  });
  const question = values.question;
  if (question === undefined || question.trim() === '')
    throw new UsageError(`give --question TEXT\nusage: ${ASK_USAGE}`);
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
