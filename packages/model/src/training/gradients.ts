import * as tf from '@tensorflow/tfjs-core';
import type { GptModel } from '../gpt-model.js';
import { languageModelLoss } from './language-model-loss.js';
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
      if (!(value instanceof tf.Variable) || !weight.trainable) throw new Error(`weight "${name}" is not a trainable variable`);
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

/**
 * Gradients of the mean loss over `microBatches`, accumulated one micro-batch at a time so
 * memory holds one micro-batch's activations: each contributes its gradient divided by the
 * number of micro-batches, which equals the gradient of one batch of all their rows.
 */
export function batchGradients(model: GptModel, variables: ReadonlyMap<string, tf.Variable>, microBatches: readonly TokenBatch[]): BatchGradients {
  const names = [...variables.keys()];
  const list = [...variables.values()];
  const sums = new Map<string, tf.Tensor>();
  let lossSum = 0;
  for (const batch of microBatches) {
    const { value, grads } = tf.variableGrads(() => {
      const logits = batchLogits(model, batch, true);
      const targets = tf.tensor2d(batch.targets, [batch.rows, batch.seqLen], 'int32');
      return tf.div(languageModelLoss(logits, targets), microBatches.length);
    }, list);
    lossSum += value.dataSync()[0] ?? Number.NaN;
    value.dispose();
    names.forEach((name, i) => {
      const gradient = grads[list[i]?.name ?? ''];
      if (gradient === undefined) throw new Error(`gradients: weight "${name}" has no gradient; it does not affect the loss`);
      const previous = sums.get(name);
      if (previous === undefined) {
        sums.set(name, gradient);
      } else {
        sums.set(name, tf.add(previous, gradient));
        previous.dispose();
        gradient.dispose();
      }
    });
  }
  return { loss: lossSum, gradients: sums };
}
