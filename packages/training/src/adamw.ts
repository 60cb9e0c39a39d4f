import { type TensorData, fusedOpsFor } from '@fewshot/model';
import * as tf from '@tensorflow/tfjs-core';

export interface AdamWOptions {
  /** GPT-3: 0.9. */
  readonly beta1: number;
  /** GPT-3: 0.95. */
  readonly beta2: number;
  /** GPT-3: 1e-8. */
  readonly epsilon: number;
  /** Decoupled weight decay (GPT-3: 0.1), applied only to the weights `decays` selects. */
  readonly weightDecay: number;
}

/** A trainable weight: its name, and the variable the optimizer reads and assigns. */
export interface OptimizedWeight {
  readonly name: string;
  readonly variable: tf.Variable;
  /** Whether weight decay applies (see {@link decaysByDefault}). */
  readonly decays: boolean;
}

/** Adam's moments of every weight and the number of steps taken: what resuming needs. */
export interface AdamWState {
  readonly step: number;
  readonly firstMoments: ReadonlyMap<string, TensorData>;
  readonly secondMoments: ReadonlyMap<string, TensorData>;
}

/**
 * Whether a weight is decayed by default: matrices (rank ≥ 2) are, biases and LayerNorm gains
 * are not (as in GPT-2/3 and nanoGPT), and neither are the token and position embeddings
 * (`wte`, `wpe`) unless `decayEmbeddings`.
 */
export function decaysByDefault(name: string, shape: readonly number[], decayEmbeddings = false): boolean {
  if (shape.length < 2) return false;
  return decayEmbeddings || !/^(wte|wpe)\./.test(name);
}

/**
 * AdamW (Loshchilov & Hutter 2019) as PyTorch's `torch.optim.AdamW` computes it: the weight
 * first shrinks by `lr·weightDecay` (decoupled from the gradient), then takes the bias-corrected
 * Adam step `lr·m̂/(√v̂ + ε)`.
 */
export class AdamW {
  private stepCount = 0;
  private readonly first = new Map<string, tf.Tensor>();
  private readonly second = new Map<string, tf.Tensor>();

  constructor(
    readonly weights: readonly OptimizedWeight[],
    readonly options: AdamWOptions,
  ) {}

  /** Optimizer steps taken so far. */
  get step(): number {
    return this.stepCount;
  }

  /** Applies one update with `gradients` (by weight name) at learning rate `learningRate`. */
  apply(gradients: ReadonlyMap<string, tf.Tensor>, learningRate: number): void {
    const { beta1, beta2, epsilon, weightDecay } = this.options;
    this.stepCount++;
    const firstCorrection = 1 - beta1 ** this.stepCount;
    const secondCorrection = 1 - beta2 ** this.stepCount;
    for (const { name, variable, decays } of this.weights) {
      const gradient = gradients.get(name);
      if (gradient === undefined) throw new Error(`gradients: no gradient for weight "${name}"`);
      const fused = fusedOpsFor(variable);
      if (fused !== undefined) {
        const decay = decays && weightDecay > 0 ? 1 - learningRate * weightDecay : 1;
        const scalars = {
          beta1,
          beta2,
          epsilon,
          rootSecondCorrection: Math.sqrt(secondCorrection),
          stepSize: learningRate / firstCorrection,
          decay,
        };
        const updated = fused.adamWUpdate(
          variable,
          gradient,
          this.moment(this.first, name, variable),
          this.moment(this.second, name, variable),
          scalars,
        );
        variable.assign(updated);
        updated.dispose();
        continue;
      }
      // Each intermediate is freed as soon as the next one exists (the tidy only collects the
      // scalars): a tidy holding the whole chain kept ten copies of the weight at once — 1.5 GB
      // for GPT-3 Small's token embedding, past the 4 GB WASM heap on the second step.
      const [m, v, updated] = tf.tidy((): [tf.Tensor, tf.Tensor, tf.Tensor] => {
        const previousM = this.first.get(name);
        const previousV = this.second.get(name);
        const m = previousM === undefined ? tf.mul(gradient, 1 - beta1) : blend(previousM, beta1, gradient, 1 - beta1);
        const squared = tf.square(gradient);
        const v = previousV === undefined ? tf.mul(squared, 1 - beta2) : blend(previousV, beta2, squared, 1 - beta2);
        squared.dispose();
        // lr·m̂/(√v̂ + ε) with m̂ = m/c1 and v̂ = v/c2, folded into the scalars.
        const root = tf.sqrt(v);
        const scaledRoot = freeing(tf.div(root, Math.sqrt(secondCorrection)), root);
        const denominator = freeing(tf.add(scaledRoot, epsilon), scaledRoot);
        const ratio = freeing(tf.div(m, denominator), denominator);
        const adamStep = freeing(tf.mul(ratio, learningRate / firstCorrection), ratio);
        if (!(decays && weightDecay > 0)) return [m, v, freeing(tf.sub(variable, adamStep), adamStep)];
        const decayed = tf.mul(variable, 1 - learningRate * weightDecay);
        return [m, v, freeing(tf.sub(decayed, adamStep), decayed, adamStep)];
      });
      this.first.get(name)?.dispose();
      this.second.get(name)?.dispose();
      this.first.set(name, m);
      this.second.set(name, v);
      variable.assign(updated);
      updated.dispose();
    }
  }

  /** The moment of `name` in `moments`, zeros when the weight has none yet. */
  private moment(moments: Map<string, tf.Tensor>, name: string, variable: tf.Variable): tf.Tensor {
    let moment = moments.get(name);
    if (moment === undefined) {
      moment = tf.zeros(variable.shape);
      moments.set(name, moment);
    }
    return moment;
  }

  /** A copy of the moments (zeros for weights not yet updated) and the step count. */
  saveState(): AdamWState {
    const read = (moments: Map<string, tf.Tensor>): Map<string, TensorData> =>
      new Map(
        this.weights.map(({ name, variable }) => {
          const moment = moments.get(name);
          const data = moment === undefined ? new Float32Array(variable.size) : Float32Array.from(moment.dataSync());
          return [name, { shape: variable.shape, data }];
        }),
      );
    return { step: this.stepCount, firstMoments: read(this.first), secondMoments: read(this.second) };
  }

  /** Restores what {@link saveState} returned; every weight's moments must be present with its shape. */
  loadState(state: AdamWState): void {
    const restore = (moments: ReadonlyMap<string, TensorData>, which: string): Map<string, tf.Tensor> =>
      new Map(
        this.weights.map(({ name, variable }) => {
          const moment = moments.get(name);
          if (moment === undefined) throw new Error(`optimizer state: ${which} moment of "${name}" is missing`);
          if (JSON.stringify(moment.shape) !== JSON.stringify(variable.shape)) {
            throw new Error(
              `optimizer state: ${which} moment of "${name}" has shape ` +
                `${JSON.stringify(moment.shape)}, expected ${JSON.stringify(variable.shape)}`,
            );
          }
          return [name, tf.tensor(moment.data, [...moment.shape], 'float32')];
        }),
      );
    const first = restore(state.firstMoments, 'first');
    const second = restore(state.secondMoments, 'second');
    this.dispose();
    for (const [name, tensor] of first) this.first.set(name, tensor);
    for (const [name, tensor] of second) this.second.set(name, tensor);
    this.stepCount = state.step;
  }

  /** Frees the moments. */
  dispose(): void {
    for (const tensor of [...this.first.values(), ...this.second.values()]) tensor.dispose();
    this.first.clear();
    this.second.clear();
  }
}

/** `result`, after freeing the intermediates it was computed from. */
function freeing(result: tf.Tensor, ...intermediates: tf.Tensor[]): tf.Tensor {
  tf.dispose(intermediates);
  return result;
}

/** `a·x + b·y`, holding at most two scaled copies at once. */
function blend(x: tf.Tensor, a: number, y: tf.Tensor, b: number): tf.Tensor {
  const scaledX = tf.mul(x, a);
  const scaledY = tf.mul(y, b);
  return freeing(tf.add(scaledX, scaledY), scaledX, scaledY);
}
