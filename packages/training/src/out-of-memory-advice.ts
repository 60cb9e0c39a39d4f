import type { TrainOptions } from './train-options.js';

/** An out-of-memory error that can say what to do about it: `WasmMemoryError` of @fewshot/kernels. */
interface AdvisableMemoryError extends Error {
  withAdvice(advice: string): Error;
}

function isAdvisableMemoryError(error: unknown): error is AdvisableMemoryError {
  return (
    error instanceof Error &&
    error.name === 'WasmMemoryError' &&
    typeof (error as Partial<AdvisableMemoryError>).withAdvice === 'function'
  );
}

/**
 * Runs `fn`, saying what to change in the options when the WASM heap runs out (a
 * `WasmMemoryError`). Every worker has a heap of its own, so the advice is the same with workers.
 */
export function explainOutOfMemory<T>(options: TrainOptions, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (!isAdvisableMemoryError(error)) throw error;
    const advice =
      `lower batchSize (now ${options.batchSize}) and raise accumulate (now ${options.accumulate}) ` +
      `to keep the tokens per step, shorten seqLen (now ${options.seqLen}), or train on another backend (tensorflow)`;
    throw error.withAdvice(advice);
  }
}
