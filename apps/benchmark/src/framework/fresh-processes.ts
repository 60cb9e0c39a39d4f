import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

/**
 * Runs the Node script `probe` with `args` once per setting (environment variables a backend
 * reads as it starts, so each needs a process of its own) in each of `rounds` rounds, the settings
 * alternating (A, B, A, B, …) so that load from elsewhere hits all of them alike, and returns what
 * each run printed on stdout, parsed as JSON (`Output`, the probe's contract), per setting in run order.
 */
export async function runInFreshProcesses<Setting extends string, Output>(
  probe: string,
  args: readonly string[],
  settings: Readonly<Record<Setting, Readonly<Record<string, string>>>>,
  rounds: number,
): Promise<Record<Setting, Output[]>> {
  const names = Object.keys(settings) as Setting[];
  const outputs = Object.fromEntries(names.map((name) => [name, [] as Output[]])) as Record<Setting, Output[]>;
  for (let round = 0; round < rounds; round++) {
    for (const name of names) {
      const env = { ...process.env, ...settings[name] };
      const { stdout } = await promisify(execFile)(process.execPath, [probe, ...args], { env });
      outputs[name].push(JSON.parse(stdout) as Output);
    }
  }
  return outputs;
}
