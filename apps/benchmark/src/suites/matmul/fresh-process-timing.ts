import { fileURLToPath } from 'node:url';
import type { BackendName } from '@fewshot/model/node';
import { runInFreshProcesses } from '../../framework/fresh-processes.js';
import { median } from '../../framework/stats.js';
import type { MatMulShape } from './matmul-timing.js';

const PROBE = fileURLToPath(new URL('./matmul-probe.js', import.meta.url));

/** Per setting: the median milliseconds of each shape over the rounds, and the threads its backend reported. */
export interface SettingTimes {
  readonly ms: readonly number[];
  readonly threads?: number;
}

/** What `matmul-probe.js` prints: median milliseconds per shape and its backend's threads. */
interface ProbeOutput {
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
  const args = [backend, JSON.stringify(shapes), String(repeats)];
  const samples = await runInFreshProcesses<Setting, ProbeOutput>(PROBE, args, settings, rounds);
  const times = {} as Record<Setting, SettingTimes>;
  for (const name of Object.keys(settings) as Setting[]) {
    const runs = samples[name];
    const threads = runs[0]?.threads;
    const ms = shapes.map((_, index) => median(runs.map((run) => run.ms[index] ?? Number.NaN)));
    times[name] = { ms, ...(threads === undefined ? {} : { threads }) };
  }
  return times;
}
