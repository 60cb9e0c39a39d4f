import type { LanguageModel } from '../language-model.js';
import type { TokenBytesDecoder } from '../token-decoder.js';

/** A cache that records every id the model was fed, to check the incremental-decoding contract. */
export interface RecordingCache {
  seen: number[];
  calls: number[][];
  disposed: boolean;
}

/**
 * A deterministic bigram language model: the next-token logits depend only on the last id, via
 * `table[last]`. The independent reference for generation tests: its distributions are known in
 * closed form.
 */
export class BigramModel implements LanguageModel<RecordingCache> {
  readonly vocabSize: number;
  readonly created: RecordingCache[] = [];
  /** Called before every `nextTokenLogits` with its 1-based call number (to abort or fail mid-run). */
  beforeCall: ((call: number) => void) | undefined;
  private calls = 0;

  constructor(
    readonly table: readonly (readonly number[])[],
    readonly contextLength = 1024,
    private readonly canFork = true,
  ) {
    this.vocabSize = table.length;
  }

  createCache(): RecordingCache {
    const cache = { seen: [], calls: [], disposed: false };
    this.created.push(cache);
    return cache;
  }

  nextTokenLogits(ids: readonly number[], cache: RecordingCache): Float32Array {
    this.beforeCall?.(++this.calls);
    if (cache.disposed) throw new Error('used a disposed cache');
    if (ids.length === 0) throw new Error('empty ids');
    cache.seen.push(...ids);
    cache.calls.push([...ids]);
    if (cache.seen.length > this.contextLength) throw new Error('context overflow');
    return Float32Array.from(this.table[ids[ids.length - 1] ?? 0] ?? []);
  }

  get forkCache(): ((cache: RecordingCache) => RecordingCache) | undefined {
    if (!this.canFork) return undefined;
    return (cache) => {
      const copy = { seen: [...cache.seen], calls: [], disposed: false };
      this.created.push(copy);
      return copy;
    };
  }

  disposeCache(cache: RecordingCache): void {
    if (cache.disposed) throw new Error('disposed twice');
    cache.disposed = true;
  }
}

/** A byte-level decoder over a fixed table of token byte strings. */
export function bytesDecoder(tokens: readonly (readonly number[] | string)[]): TokenBytesDecoder {
  const encoder = new TextEncoder();
  const bytes = tokens.map((t) => (typeof t === 'string' ? encoder.encode(t) : Uint8Array.from(t)));
  return { tokenBytes: (id) => bytes[id] ?? new Uint8Array() };
}
