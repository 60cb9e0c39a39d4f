import { type Summary, summarize } from './stats.js';

/** One contender in a comparison: a name and the work to time. */
export interface Contender {
  readonly name: string;
  readonly run: () => unknown;
}

/** How many untimed and timed rounds to run. */
export interface MeasureOptions {
  readonly warmup: number;
  readonly repeats: number;
}

/**
 * Times contenders in interleaved rounds (A B C, A B C, ...) in one process, so that drift in
 * CPU frequency, other load or garbage collection affects all of them alike rather than
 * whichever happened to run last. Returns milliseconds per run, per contender.
 */
export function measureInterleaved(contenders: readonly Contender[], options: MeasureOptions): Map<string, Summary> {
  for (let round = 0; round < options.warmup; round++) for (const contender of contenders) contender.run();
  const samples = new Map<string, number[]>(contenders.map((contender) => [contender.name, []]));
  for (let round = 0; round < options.repeats; round++) {
    for (const contender of contenders) {
      const start = performance.now();
      contender.run();
      samples.get(contender.name)!.push(performance.now() - start);
    }
  }
  return new Map([...samples].map(([name, values]) => [name, summarize(values)]));
}
