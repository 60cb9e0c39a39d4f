import type { LanguageModel } from '@fewshot/sampling';

interface Cache {
  ids: number[];
}

/**
 * A deterministic stand-in for a language model: the logits after a token depend only on that
 * token, through a fixed pseudo-random function, so a test can compute any log-likelihood
 * directly from the ids. It records every call to check that contexts are fed once.
 */
export class HashModel implements LanguageModel<Cache> {
  readonly calls: number[][] = [];

  constructor(
    readonly vocabSize: number,
    readonly contextLength: number,
    readonly canFork = true,
    /** A token made the argmax after every token, for greedy checks. */
    readonly favourite?: number,
  ) {}

  /** The logits of the token that follows `last`. */
  logitsAfter(last: number): Float32Array {
    const logits = new Float32Array(this.vocabSize);
    for (let j = 0; j < this.vocabSize; j++) logits[j] = (((last * 7919 + j * 104729) % 1009) / 1009) * 8;
    if (this.favourite !== undefined) logits[this.favourite] = 100;
    return logits;
  }

  createCache(): Cache {
    return { ids: [] };
  }

  nextTokenLogits(ids: readonly number[], cache: Cache): Float32Array {
    this.calls.push([...ids]);
    cache.ids.push(...ids);
    if (cache.ids.length > this.contextLength) throw new Error(`context overflow: ${cache.ids.length}`);
    return this.logitsAfter(ids.at(-1)!);
  }

  get forkCache(): ((cache: Cache) => Cache) | undefined {
    return this.canFork ? (cache) => ({ ids: [...cache.ids] }) : undefined;
  }
}
