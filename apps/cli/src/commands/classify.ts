import { classify } from '@fewshot/prompting';
import { usageHint } from '../command-help.js';
import { defineCommand, parseCommandArgs } from '../command-spec.js';
import { type CliIo, UsageError } from '../io.js';
import { JSON_OPTION, MODEL_OPTIONS } from '../model-options.js';
import { formatTable } from '../table.js';
import { runApplication } from './application-command.js';
import { readExamplesFile } from './examples-file.js';

export const CLASSIFY_COMMAND = defineCommand({
  name: 'classify',
  summary: 'few-shot classification: each label scored as the continuation of an Input: / Output: prompt',
  usage: ['--text TEXT --labels A,B[,…] [--examples FILE.jsonl] [options]'],
  options: {
    text: { type: 'string', value: 'TEXT', valueType: 'text', description: 'the input to classify' },
    labels: {
      type: 'string',
      value: 'A,B[,…]',
      valueType: 'list',
      allowed: 'of at least two distinct labels',
      description: 'the labels to choose from',
    },
    examples: {
      type: 'string',
      value: 'FILE.jsonl',
      valueType: 'file',
      defaultText: 'none: zero-shot',
      description: 'demonstrations, one {"input", "output"} object a line',
    },
    description: {
      type: 'string',
      value: 'TEXT',
      valueType: 'text',
      description: 'the task description that opens the prompt',
    },
    ...MODEL_OPTIONS,
    ...JSON_OPTION,
  },
  examples: ['fewshot classify --text "I love it" --labels Positive,Negative --examples shots.jsonl'],
});

/**
 * `fewshot classify`: `classify` of `@fewshot/prompting` on a checkpoint. Prints the label, then
 * every label with its share of probability; with `--json`, `{ label, scores, prompt }`.
 */
export async function classifyCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(CLASSIFY_COMMAND, args);
  const text = values.text;
  if (text === undefined || text.trim() === '')
    throw new UsageError(`give --text TEXT, the input to classify\n${usageHint(CLASSIFY_COMMAND)}`);
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
