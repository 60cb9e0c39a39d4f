import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Environment } from './environment.js';
import type { SuiteResult } from './suite.js';

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

/** The Markdown rendering of a report. */
export function formatMarkdown(report: Report): string {
  const env = report.environment;
  const parts = [
    `# Benchmark report (${report.startedAt})`,
    `\`${report.command}\`${report.quick ? ' (quick mode)' : ''}`,
    `Node ${env.node} (V8 ${env.v8}), ${env.platform}, ${env.cpu} × ${env.cores}, ${env.memoryGiB} GiB`,
  ];
  for (const result of report.results) {
    parts.push(`## ${result.suite}`);
    parts.push(Object.entries(result.inputs).map(([key, value]) => `- ${key}: ${value}`).join('\n'));
    for (const { title, rows } of result.tables) parts.push(`### ${title}\n\n${table(rows)}`);
    for (const file of result.files ?? []) if (file.name.endsWith('.svg')) parts.push(`![${file.name}](${file.name})`);
    if (result.targets.length > 0) {
      parts.push(`### Targets\n\n${table([['target', 'measured', 'status'], ...result.targets.map((t) => [t.description, t.measured, t.met ? 'met' : 'NOT met'])])}`);
    }
  }
  return `${parts.join('\n\n')}\n`;
}

async function writeAtomically(path: string, text: string): Promise<void> {
  await writeFile(`${path}.tmp`, text, 'utf8');
  await rename(`${path}.tmp`, path);
}

/** Writes `report.json` and `report.md` into `<root>/<timestamp>/`; returns the directory. */
export async function writeReport(root: string, report: Report): Promise<string> {
  const directory = join(root, report.startedAt.replace(/[:.]/g, '-'));
  await mkdir(directory, { recursive: true });
  await writeAtomically(join(directory, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
  for (const file of report.results.flatMap((result) => result.files ?? [])) await writeAtomically(join(directory, file.name), file.content);
  await writeAtomically(join(directory, 'report.md'), formatMarkdown(report));
  return directory;
}
