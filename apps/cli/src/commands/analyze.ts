import { parseArgs } from 'node:util';
import { type LengthStats, analyzeExamples } from '@fewshot/prompting';
import { getEncoding } from '@fewshot/tokenizer';
import { type CliIo, UsageError } from '../io.js';
import { formatTable } from '../table.js';
import { readExamplesFile } from './examples-file.js';

export const ANALYZE_USAGE = `fewshot analyze --examples FILE.jsonl [--json]
                           the seed's analyze_pattern: each demonstration's input/output length in
                           characters and r50k_base tokens and its label, then the aggregates`;

/**
 * `fewshot analyze`: `analyzeExamples` of `@fewshot/prompting` over `{"input", "output"}` lines,
 * tokens counted with GPT-2/GPT-3's r50k_base. Prints a table per example and the aggregates,
 * or with `--json` the whole analysis (`records`, `input`, `output`, `labels`, `labelBalance`).
 */
export function analyzeCommand(args: readonly string[], io: CliIo): number {
  const { values } = parseArgs({
    args: [...args],
    options: { examples: { type: 'string' }, json: { type: 'boolean', default: false } },
  });
  if (values.examples === undefined) throw new UsageError(`give --examples FILE.jsonl\nusage: ${ANALYZE_USAGE}`);
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
