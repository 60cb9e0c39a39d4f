import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '@fewshot/common/node';
import type { Environment } from './environment.js';
import type { SuiteResult } from './suite.js';
import { type TargetStatus, countStatuses } from './targets.js';
import { suiteHeapTable } from './wasm-heap-watch.js';

const WASM_HEAP_NOTE =
  'Per suite, in run order: the most its tensors and kernel buffers held at once on the WASM backend, what it left ' +
  'in use, and the heap size after it (WebAssembly memory grows on demand, never shrinks, and stops at 4 GiB).';

/** A full benchmark run. */
export interface Report {
  readonly startedAt: string;
  readonly command: string;
  readonly quick: boolean;
  readonly environment: Environment;
  readonly results: readonly SuiteResult[];
}

function table(rows: readonly (readonly string[])[]): string {
  const [header, ...body] = rows;
  if (header === undefined) return '';
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...body.map(line)].join('\n');
}

const status = (value: TargetStatus): string => (value === 'not met' ? '**not met**' : value);

/** Every suite's targets in one table, by issue: the first thing a reader wants to know. */
function targetSummary(results: readonly SuiteResult[]): string {
  const rows = results
    .flatMap((result) => result.targets.map((target) => ({ suite: result.suite, target })))
    .sort((a, b) => a.target.issue - b.target.issue);
  if (rows.length === 0) return 'No suite in this run sets a target.';
  const counts = countStatuses(rows.map(({ target }) => target));
  return [
    `${counts.met} of ${rows.length} targets met, ${counts['not met']} ` +
      `not met, ${counts['not measured']} not measured in this run.`,
    table([
      ['issue', 'suite', 'target', 'measured', 'status'],
      ...rows.map(({ suite, target }) => [
        `#${target.issue}`,
        suite,
        target.description,
        target.measured,
        status(target.status),
      ]),
    ]),
  ].join('\n\n');
}

/** The Markdown rendering of a report. */
export function formatMarkdown(report: Report): string {
  const env = report.environment;
  const versions = Object.entries(env.versions)
    .map(([name, version]) => `${name} ${version}`)
    .join(', ');
  const parts = [
    `# Benchmark report (${report.startedAt})`,
    `\`${report.command}\`${report.quick ? ' (quick mode: reduced sizes, see each suite)' : ''}`,
    [
      `- machine: ${env.cpu} × ${env.cores}, ${env.memoryGiB} GiB, ${env.platform}`,
      `- Node ${env.node} (V8 ${env.v8})`,
      `- versions: ${versions}`,
      `- commit: ${env.commit ?? 'unknown'}`,
    ].join('\n'),
    `## Targets\n\n${targetSummary(report.results)}`,
  ];
  if (report.results.some((result) => result.heap !== undefined)) {
    parts.push(`## WASM heap\n\n${WASM_HEAP_NOTE}\n\n${table(suiteHeapTable(report.results))}`);
  }
  for (const result of report.results) {
    parts.push(`## ${result.suite}`);
    parts.push(
      Object.entries(result.inputs)
        .map(([key, value]) => `- ${key}: ${value}`)
        .join('\n'),
    );
    for (const note of result.notes ?? []) parts.push(`> ${note}`);
    for (const { title, rows } of result.tables) parts.push(`### ${title}\n\n${table(rows)}`);
    for (const file of result.files ?? []) if (file.name.endsWith('.svg')) parts.push(`![${file.name}](${file.name})`);
    if (result.targets.length > 0) {
      const targetRows = result.targets.map((t) => [`#${t.issue}`, t.description, t.measured, status(t.status)]);
      parts.push(`### Targets\n\n${table([['issue', 'target', 'measured', 'status'], ...targetRows])}`);
    }
  }
  return `${parts.join('\n\n')}\n`;
}

/** Writes `report.json` and `report.md` into `<root>/<timestamp>/`; returns the directory. */
export async function writeReport(root: string, report: Report): Promise<string> {
  const directory = join(root, report.startedAt.replace(/[:.]/g, '-'));
  await mkdir(directory, { recursive: true });
  await writeFileAtomic(join(directory, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
  for (const file of report.results.flatMap((result) => result.files ?? []))
    await writeFileAtomic(join(directory, file.name), file.content);
  await writeFileAtomic(join(directory, 'report.md'), formatMarkdown(report));
  return directory;
}
