import * as tf from '@tensorflow/tfjs-core';
import { createRandom } from '@fewshot/common';
import type { GptModel } from '@fewshot/model';
import { languageModelLoss } from './language-model-loss.js';
import { withSeededMathRandom } from './seeded-math-random.js';
import type { TokenBatch } from './token-windows.js';

export interface BatchGradients {
  /** Mean loss over every micro-batch (nats per token). */
  readonly loss: number;
  /** Gradients of the mean loss, by weight name; the caller disposes them. */
  readonly gradients: Map<string, tf.Tensor>;
}

/** The `tf.Variable` behind each of the model's weights (by name), which `tf.variableGrads` differentiates against. */
export function trainableVariables(model: GptModel): Map<string, tf.Variable> {
  return new Map(
    [...model.namedWeights()].map(([name, weight]) => {
      const value: tf.Tensor = weight.read();
      if (!(value instanceof tf.Variable) || !weight.trainable)
        throw new Error(`weight "${name}" is not a trainable variable`);
      return [name, value as tf.Variable];
    }),
  );
}

/** The model's logits `[rows, seqLen, vocab]` for a batch, through its functional LayersModel. */
export function batchLogits(model: GptModel, batch: TokenBatch, training: boolean): tf.Tensor {
  const ids = tf.tensor2d(batch.inputs, [batch.rows, batch.seqLen], 'int32');
  const logits = model.layersModel.apply(ids, { training }) as tf.Tensor;
  ids.dispose();
  return logits;
}

export interface BatchGradientOptions {
  /**
   * Micro-batches of the whole step, when these are only some of them (the rest computed by
   * other workers): each micro-batch's loss is divided by it. Default: `microBatches.length`.
   */
  readonly count?: number;
  /**
   * A seed per micro-batch for its dropout masks (`Math.random` draws from `createRandom(seed,
   * 'dropout masks')` while the micro-batch runs), so that a micro-batch gets the same masks on any worker.
   */
  readonly dropoutSeeds?: readonly number[];
}

/**
 * Gradients of the mean loss over `microBatches`, accumulated one micro-batch at a time so
 * memory holds one micro-batch's activations: each contributes its gradient divided by the
 * number of micro-batches, which equals the gradient of one batch of all their rows.
 */
export function batchGradients(
  model: GptModel,
  variables: ReadonlyMap<string, tf.Variable>,
  microBatches: readonly TokenBatch[],
  options: BatchGradientOptions = {},
): BatchGradients {
  const count = options.count ?? microBatches.length;
  const seeds = options.dropoutSeeds;
  if (seeds !== undefined && seeds.length !== microBatches.length) {
    const expected = `one seed per micro-batch (${microBatches.length})`;
    throw new RangeError(`dropoutSeeds.length = ${seeds.length} is invalid: expected ${expected}`);
  }
  const sums = new Map<string, tf.Tensor>();
  let lossSum = 0;
  try {
    microBatches.forEach((batch, i) => {
      const seed = seeds?.[i];
      const add = (): number => addMicroBatch(model, variables, batch, count, sums);
      lossSum += seed === undefined ? add() : withSeededMathRandom(createRandom(seed, 'dropout masks'), add);
    });
  } catch (error) {
    // Out of memory part way, say: the process goes on, so no tensor of this call may stay allocated.
    tf.dispose([...sums.values()]);
    releaseTape();
    throw error;
  }
  return { loss: lossSum, gradients: sums };
}

/** Adds one micro-batch's gradients, divided by `count`, into `sums`; returns its loss divided by `count`. */
function addMicroBatch(
  model: GptModel,
  variables: ReadonlyMap<string, tf.Variable>,
  batch: TokenBatch,
  count: number,
  sums: Map<string, tf.Tensor>,
): number {
  const list = [...variables.values()];
  const { value, grads } = tf.variableGrads(() => {
    const logits = batchLogits(model, batch, true);
    const targets = tf.tensor2d(batch.targets, [batch.rows, batch.seqLen], 'int32');
    return tf.div(languageModelLoss(logits, targets), count);
  }, list);
  const unused = new Set(Object.values(grads));
  try {
    const loss = value.dataSync()[0] ?? Number.NaN;
    [...variables.keys()].forEach((name, i) => {
      const gradient = grads[list[i]?.name ?? ''];
      if (gradient === undefined)
        throw new Error(`gradients: weight "${name}" has no gradient; it does not affect the loss`);
      const previous = sums.get(name);
      sums.set(name, previous === undefined ? gradient : tf.add(previous, gradient));
      if (previous !== undefined) tf.dispose([previous, gradient]);
      unused.delete(gradient);
    });
    return loss;
  } finally {
    value.dispose();
    tf.dispose([...unused]);
  }
}

/**
 * Frees what the engine's tape saved for a backward pass that will not run, and clears the
 * tape. tfjs does both only when the backward pass completes: after a forward or backward pass
 * that threw, every activation it saved would stay allocated, and the WASM products would go on
 * treating every later call as part of a gradient computation.
 */
function releaseTape(): void {
  const state = tf.engine().state;
  const tape = state.activeTape as readonly { readonly saved?: readonly tf.Tensor[] }[] | null | undefined;
  if (state.gradientDepth > 0 || tape === null || tape === undefined) return;
  for (const node of tape) tf.dispose([...(node.saved ?? [])]);
  (state as { activeTape: unknown }).activeTape = null;
}
