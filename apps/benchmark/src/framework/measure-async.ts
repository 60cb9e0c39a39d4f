import type { MeasureOptions } from './measure.js';
import { type Summary, summarize } from './stats.js';

/** A contender whose run reports its own milliseconds (an engine in a worker times itself, without the messaging). */
export interface TimedContender {
  readonly name: string;
  readonly run: () => Promise<number>;
}

/**
 * `measureInterleaved` of the framework for asynchronous work: rounds of A B C, A B C, … in one
 * process, so load from elsewhere falls on every contender alike. Returns ms per run, per contender.
 */
export async function measureInterleavedAsync(
  contenders: readonly TimedContender[],
  options: MeasureOptions,
): Promise<Map<string, Summary>> {
  for (let round = 0; round < options.warmup; round++) for (const contender of contenders) await contender.run();
  const samples = new Map<string, number[]>(contenders.map((contender) => [contender.name, []]));
  for (let round = 0; round < options.repeats; round++) {
    for (const contender of contenders) samples.get(contender.name)!.push(await contender.run());
  }
  return new Map([...samples].map(([name, values]) => [name, summarize(values)]));
}
