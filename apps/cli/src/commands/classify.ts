import { parseArgs } from 'node:util';
import { classify } from '@fewshot/prompting';
import { type CliIo, UsageError } from '../io.js';
import { formatTable } from '../table.js';
import { MODEL_FLAG_OPTIONS, runApplication } from './application-command.js';
import { readExamplesFile } from './examples-file.js';
import { MODEL_FLAGS_USAGE } from '../load-model.js';

export const CLASSIFY_USAGE = `fewshot classify --text TEXT --labels A,B[,…] [--examples FILE.jsonl]
      ${MODEL_FLAGS_USAGE} [--description TEXT] [--json] [--backend wasm|cpu|tensorflow]
                           few-shot classification: each label scored as the continuation of the
                           Input: / Output: prompt, the likeliest printed first`;

/**
 * `fewshot classify`: `classify` of `@fewshot/prompting` on a checkpoint. Prints the label, then
 * every label with its share of probability; with `--json`, `{ label, scores, prompt }`.
 */
export async function classifyCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      ...MODEL_FLAG_OPTIONS,
      text: { type: 'string' },
      labels: { type: 'string' },
      examples: { type: 'string' },
      description: { type: 'string' },
    },
  });
  const text = values.text;
  if (text === undefined || text.trim() === '')
    throw new UsageError(`give --text TEXT, the input to classify\nusage: ${CLASSIFY_USAGE}`);
  const labels = (values.labels ?? '')
    .split(',')
    .map((label) => label.trim())
    .filter((label) => label !== '');
  if (labels.length < 2 || new Set(labels).size !== labels.length) {
    throw new UsageError(
      `--labels ${JSON.stringify(values.labels ?? '')} is invalid: ` +
        'expected at least two distinct labels, comma-separated',
    );
  }
  const examples = values.examples === undefined ? [] : readExamplesFile(values.examples, io);
  return runApplication(values, '--text', async (loaded) => {
    const result = await classify(loaded.model, loaded.tokenizer, text, {
      labels,
      examples,
      ...(values.description === undefined ? {} : { description: values.description }),
      ...(loaded.eosTokenId === undefined ? {} : { prefixTokenId: loaded.eosTokenId }),
    });
    if (values.json) {
      io.stdout(`${JSON.stringify({ label: result.label, scores: result.scores, prompt: result.prompt })}\n`);
    } else {
      const rows = result.scores.map((score) => [score.label, score.probability.toFixed(3), score.logprob.toFixed(3)]);
      io.stdout(`${result.label}\n${formatTable(['label', 'probability', 'logprob'], rows)}`);
    }
    return 0;
  });
}
