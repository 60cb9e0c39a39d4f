import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { BackendName } from '@fewshot/model/node';
import { median } from '../../framework/stats.js';
import type { MatMulShape } from './matmul-timing.js';

const PROBE = fileURLToPath(new URL('./matmul-probe.js', import.meta.url));

/** Per setting: the median milliseconds of each shape over the rounds, and the threads its backend reported. */
export interface SettingTimes {
  readonly ms: readonly number[];
  readonly threads?: number;
}

/**
 * Times `shapes` on `backend` once per setting (environment variables the backend reads as it
 * starts), each round in fresh processes that alternate between the settings (A, B, A, B, …) so
 * that load from elsewhere hits all of them alike.
 */
export async function timeInFreshProcesses<Setting extends string>(
  backend: BackendName,
  settings: Readonly<Record<Setting, Readonly<Record<string, string>>>>,
  shapes: readonly MatMulShape[],
  rounds: number,
  repeats: number,
): Promise<Record<Setting, SettingTimes>> {
  const names = Object.keys(settings) as Setting[];
  const samples = new Map<Setting, { ms: number[]; threads?: number }[]>(names.map((name) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    for (const name of names) {
      const env = { ...process.env, ...settings[name] };
      const args = [PROBE, backend, JSON.stringify(shapes), String(repeats)];
      const { stdout } = await promisify(execFile)(process.execPath, args, { env });
      samples.get(name)!.push(JSON.parse(stdout) as { ms: number[]; threads?: number });
    }
  }
  const times = {} as Record<Setting, SettingTimes>;
  for (const [name, runs] of samples) {
    const threads = runs[0]?.threads;
    const ms = shapes.map((_, index) => median(runs.map((run) => run.ms[index] ?? Number.NaN)));
    times[name] = { ms, ...(threads === undefined ? {} : { threads }) };
  }
  return times;
}
