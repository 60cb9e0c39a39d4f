/**
 * What the generation loop needs from a model, and nothing more. `@fewshot/model` satisfies it
 * structurally; so can a remote model, an n-gram table or a test double. The package never
 * imports TensorFlow.js: logits cross this boundary as plain `Float32Array`s.
 *
 * The contract is incremental decoding with a key/value cache:
 *
 * 1. `createCache()` returns an empty cache (no tokens seen).
 * 2. `nextTokenLogits(ids, cache)` appends `ids` to the sequence the cache holds, updates the
 *    cache in place, and returns the logits (length `vocabSize`, unnormalised) of the token that
 *    follows the last id. The loop calls it once with the whole prompt (the prefill) and then
 *    once per generated token with exactly that one token, so a model never recomputes the
 *    context it has already seen. The loop never passes an empty `ids`, and never lets the
 *    sequence grow past `contextLength`.
 * 3. The returned array is read, copied where it is modified, and never retained past the next
 *    call on any cache, so a model may reuse one output buffer.
 * 4. `forkCache(cache)` (optional) returns an independent copy: feeding tokens to one must not
 *    change the other. With it, `n` completions share one prefill of the prompt and beam search
 *    can branch; beam search requires it, `n > 1` without it prefills once per completion.
 * 5. `disposeCache(cache)` (optional) frees a cache the loop no longer needs (GPU memory, for
 *    example). The loop calls it exactly once for every cache it created or forked, including
 *    when a stream is abandoned or the model throws.
 */
export interface LanguageModel<Cache = unknown> {
  /** Number of logits per position; every token id is in `0 .. vocabSize - 1`. */
  readonly vocabSize: number;
  /** Maximum number of tokens (prompt plus generated) the model attends over. */
  readonly contextLength: number;
  createCache(): Cache;
  nextTokenLogits(ids: readonly number[], cache: Cache): Float32Array | Promise<Float32Array>;
  forkCache?(cache: Cache): Cache;
  disposeCache?(cache: Cache): void;
}
