import type { ModelConfig } from '@fewshot/config';
import type { WeightSlot } from './shared-weights.js';
import type { TokenBatch } from './token-windows.js';
import type { TrainOptions } from './train-options.js';

/** What a gradient worker starts with (its `workerData`). */
export interface WorkerSetup {
  readonly config: ModelConfig;
  /** The main thread's TF.js backend, which the worker starts too. */
  readonly backend: 'wasm' | 'cpu';
  /** The threads of its WASM backend (1 on `cpu`). */
  readonly threads: number;
  /** For the out-of-memory advice. */
  readonly options: TrainOptions;
  readonly slots: readonly WeightSlot[];
  /** The weights of the step, written by the main thread before each request. */
  readonly weights: SharedArrayBuffer;
  /** This worker's gradients, written by the worker before it replies. */
  readonly gradients: SharedArrayBuffer;
}

/** One step's share of micro-batches. */
export interface StepRequest {
  readonly batches: readonly TokenBatch[];
  readonly dropoutSeeds: readonly number[];
  /** Micro-batches of the whole step (the loss is their mean). */
  readonly count: number;
}

export type WorkerReply =
  | { readonly type: 'ready' }
  /** The gradients are in the worker's shared buffer; `loss` is its share's sum of loss / count. */
  | { readonly type: 'gradients'; readonly loss: number }
  | { readonly type: 'error'; readonly message: string };
