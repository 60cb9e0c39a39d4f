import { type LengthStats, analyzeExamples } from '@fewshot/prompting';
import { getEncoding } from '@fewshot/tokenizer';
import { usageHint } from '../command-help.js';
import { defineCommand, parseCommandArgs } from '../command-spec.js';
import { type CliIo, UsageError } from '../io.js';
import { JSON_OPTION } from '../model-options.js';
import { formatTable } from '../table.js';
import { readExamplesFile } from './examples-file.js';

export const ANALYZE_COMMAND = defineCommand({
  name: 'analyze',
  summary: "lengths and labels of a demonstrations file (the seed's analyze_pattern); no model",
  usage: ['--examples FILE.jsonl [--json]'],
  options: {
    examples: {
      type: 'string',
      value: 'FILE.jsonl',
      valueType: 'file',
      description: 'demonstrations, one {"input", "output"} object a line',
    },
    ...JSON_OPTION,
  },
  examples: ['fewshot analyze --examples shots.jsonl'],
});

/**
 * `fewshot analyze`: `analyzeExamples` of `@fewshot/prompting` over `{"input", "output"}` lines,
 * tokens counted with GPT-2/GPT-3's r50k_base. Prints a table per example and the aggregates,
 * or with `--json` the whole analysis (`records`, `input`, `output`, `labels`, `labelBalance`).
 */
export function analyzeCommand(args: readonly string[], io: CliIo): number {
  const { values } = parseCommandArgs(ANALYZE_COMMAND, args);
  if (values.examples === undefined) throw new UsageError(`give --examples FILE.jsonl\n${usageHint(ANALYZE_COMMAND)}`);
  const analysis = analyzeExamples(readExamplesFile(values.examples, io), getEncoding('r50k_base'));
  if (values.json) {
    io.stdout(`${JSON.stringify(analysis)}\n`);
    return 0;
  }
  const rows = analysis.records.map((record, index) => [
    String(index + 1),
    String(record.inputLength),
    String(record.inputTokens),
    String(record.outputLength),
    String(record.outputTokens),
    record.label,
  ]);
  const stats = (name: string, { min, max, mean }: LengthStats) =>
    `${name}: min ${min}, max ${max}, mean ${mean.toFixed(1)}`;
  io.stdout(
    formatTable(['#', 'input chars', 'input tokens', 'output chars', 'output tokens', 'label'], rows) +
      `\n${analysis.count} examples\n` +
      `${stats('input tokens', analysis.input.tokens!)}\n${stats('output tokens', analysis.output.tokens!)}\n` +
      `labels: ${analysis.labels.map(({ label, count }) => `${label} ×${count}`).join(', ')}` +
      ` (balance ${analysis.labelBalance.toFixed(2)})\n`,
  );
  return 0;
}
