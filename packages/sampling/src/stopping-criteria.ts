/** Why a completion ended: as OpenAI's `finish_reason`, plus `abort` and `time_limit`. */
export type FinishReason = 'stop' | 'length' | 'abort' | 'time_limit';

/**
 * The criteria that do not depend on the tokens: an AbortSignal and a wall-clock budget shared
 * by every completion of one request. Checked before each model call and each sampling step,
 * so an abort takes effect within one forward pass.
 */
export class Interruption {
  private readonly deadline: number;

  constructor(
    private readonly signal: AbortSignal | undefined,
    timeLimitMs: number,
  ) {
    this.deadline = performance.now() + timeLimitMs;
  }

  /** The reason to stop now, if any. */
  check(): FinishReason | undefined {
    if (this.signal?.aborted === true) return 'abort';
    if (performance.now() >= this.deadline) return 'time_limit';
    return undefined;
  }
}

/**
 * The criteria that look at the token just generated: end-of-sequence ids, the new-token budget
 * and the model's context window (prompt plus generated tokens never exceed `contextLength`).
 */
export function tokenFinishReason(
  id: number,
  generated: number,
  sequenceLength: number,
  limits: { readonly eosTokenIds: readonly number[]; readonly maxNewTokens: number; readonly contextLength: number },
): FinishReason | undefined {
  if (limits.eosTokenIds.includes(id)) return 'stop';
  if (generated >= limits.maxNewTokens || sequenceLength >= limits.contextLength) return 'length';
  return undefined;
}
