import { type GptModel, runningThreads, setDecodingProduct } from '@fewshot/model';
import type * as tf from '@tensorflow/tfjs-core';
import { decodingProduct, float32Values, installDecodingProduct } from './decoding-product.js';
import { DecodingWeightStore, type DecodingThreads, checkDecodingThreads } from './decoding-weight-store.js';
import { heapHelperProgram } from '../wasm/heap/heap-kernel-module.js';
import { lendHelper, sharedBackendMemory } from '../wasm/lent-helper.js';
import { helperThreadsAvailable } from './helper-thread.js';
import { DECODING_DTYPES, type DecodingDtype, type WeightMatrix } from './weight-layout.js';

export interface QuantizeForDecodingOptions {
  /**
   * Most rows a stored product takes (default 8: decoding steps of up to 8 sequences); a prefill
   * of more positions goes through TF.js's matMul over the model's weights. `Infinity` sends every
   * inference product through the stored weights (e.g. to score a text as the quantised model sees it).
   */
  readonly maxRows?: number;
  /**
   * Threads the stored products run on, 1 or 2 (two: Node only, see `DecodingWeightStore.create`;
   * on TF.js's threaded WASM build the steps' cached attention runs on both too).
   * Default: the WASM backend's own thread count (`$FEWSHOT_WASM_THREADS` as `selectBackend` of
   * `@fewshot/model/node` applied it), at most 2, where it has started and Node's `worker_threads`
   * is at hand; otherwise 1.
   */
  readonly threads?: number;
}

/** The copies (8-bit, 16-bit or float32) of a model's weights that its decoding steps read. */
export interface DecodingWeights {
  readonly dtype: DecodingDtype;
  readonly maxRows: number;
  /** Threads the store was created for. */
  readonly threads: DecodingThreads;
  /** Runs the products on 1 or 2 threads from now on, at most {@link threads} (`DecodingWeightStore.useThreads`). */
  useThreads(threads: number): void;
  /** The stored weights, as `GptModel.namedWeights` names them. */
  readonly names: readonly string[];
  /** Bytes of the stored copies (weights, scales, biases). */
  readonly bytes: number;
  /** Bytes the same weights and biases take as float32. */
  readonly float32Bytes: number;
  /** Gives the model its TF.js products back and lets go of the copies. */
  dispose(): void;
}

/** Each block's projections: weights `[in, out]` (GPT-2's Conv1D) with a bias, except GPT-Neo's q/k/v. */
const PROJECTIONS = ['attn.c_attn', 'attn.c_proj', 'mlp.c_fc', 'mlp.c_proj'] as const;
export const DEFAULT_MAX_ROWS = 8;

/** The copies in force per model: quantising a model again replaces them. */
const current = new WeakMap<GptModel, DecodingWeights>();

function checkOptions(dtype: string, maxRows: number): void {
  if (!(DECODING_DTYPES as readonly string[]).includes(dtype)) {
    throw new RangeError(`dtype = ${JSON.stringify(dtype)} is invalid: expected one of ${DECODING_DTYPES.join(', ')}`);
  }
  if (!(maxRows === Infinity || (Number.isInteger(maxRows) && maxRows >= 1))) {
    throw new RangeError(`maxRows = ${maxRows} is invalid: expected an integer >= 1 or Infinity`);
  }
}

/**
 * The thread count {@link QuantizeForDecodingOptions.threads} defaults to: the started WASM
 * backend's (its XNNPACK pool's), at most 2, where a helper thread can start; else 1.
 */
export function defaultDecodingThreads(): DecodingThreads {
  if (!helperThreadsAvailable()) return 1;
  return (runningThreads('wasm') ?? 1) >= 2 ? 2 : 1;
}

interface StoredWeight {
  readonly name: string;
  readonly kernel: tf.Tensor;
  readonly bias?: tf.Tensor;
  readonly layout: WeightMatrix['layout'];
}

/** The weights to store, in model order: every projection, then the LM head (untied, or the tied table). */
function storedWeights(model: GptModel): StoredWeight[] {
  const named = model.namedWeights();
  const read = (name: string): tf.Tensor | undefined => named.get(name)?.read();
  const weights = Array.from({ length: model.config.nLayer }, (_, i) =>
    PROJECTIONS.map((projection): StoredWeight => {
      const name = `h.${i}.${projection}.weight`;
      const kernel = read(name);
      if (kernel === undefined) throw new Error(`model has no weight ${name}`);
      const bias = read(`h.${i}.${projection}.bias`);
      return { name, kernel, ...(bias === undefined ? {} : { bias }), layout: 'in-out' };
    }),
  ).flat();
  const head = read('lm_head.weight');
  const table = read('wte.weight');
  if (head !== undefined) weights.push({ name: 'lm_head.weight', kernel: head, layout: 'in-out' });
  else if (table !== undefined) weights.push({ name: 'wte.weight', kernel: table, layout: 'out-in' });
  return weights;
}

/**
 * Stores `model`'s projection, MLP and LM-head weights as `dtype` — `int8` (symmetric, one scale
 * per output channel; each step's inputs rounded to 16 bits per row), `float16`, or `float32` (a
 * second copy of the same values: the kernel's speed without rounding) — in a WebAssembly module of
 * its own, and makes the model's inference products of at most `maxRows` rows (its decoding steps)
 * read them there with SIMD kernels instead of TF.js's matMul over the model's weights (on two
 * threads over TF.js's threaded WASM build, the cached attention of those steps takes the store's
 * second thread too: the model stored so last on that backend has it). The model keeps its
 * weights for longer prefills and training; a weight written afterwards (training, `writeWeights`)
 * goes through TF.js again. Works on every TF.js backend.
 */
export async function quantizeForDecoding(
  model: GptModel,
  dtype: DecodingDtype,
  options: QuantizeForDecodingOptions = {},
): Promise<DecodingWeights> {
  const { maxRows = DEFAULT_MAX_ROWS } = options;
  checkOptions(dtype, maxRows);
  const threads = checkDecodingThreads(options.threads ?? defaultDecodingThreads());
  current.get(model)?.dispose();
  installDecodingProduct();
  // On TF.js's threaded WASM build, the helper thread also runs the cached attention on the backend's memory.
  const memory = threads === 2 ? sharedBackendMemory() : undefined;
  const alsoRun = memory === undefined ? [] : [heapHelperProgram(memory)];
  const store = await DecodingWeightStore.create({ threads, alsoRun });
  const takeBack = memory === undefined ? undefined : lendHelper(memory, () => store.helper);
  const set: { kernel: tf.Tensor; release: () => void }[] = [];
  const unset = (): void => {
    for (const { kernel, release } of set) {
      setDecodingProduct(kernel, undefined, undefined);
      release();
    }
    takeBack?.();
    store.dispose();
  };
  const weights = storedWeights(model);
  let bytes = 0;
  try {
    for (const { name, kernel, bias, layout } of weights) {
      const [rows = 0, columns = 0] = kernel.shape;
      const [inputs, outputs] = layout === 'in-out' ? [rows, columns] : [columns, rows];
      const matrix = { values: float32Values(kernel), inputs, outputs, layout };
      const stored = store.add(name, matrix, dtype, bias === undefined ? undefined : float32Values(bias));
      const { product, release } = decodingProduct(stored, maxRows);
      setDecodingProduct(kernel, bias, product);
      set.push({ kernel, release });
      bytes += stored.byteLength;
    }
  } catch (error) {
    unset();
    throw error;
  }
  const result: DecodingWeights = {
    dtype,
    maxRows,
    threads,
    useThreads: (count) => {
      store.useThreads(count);
    },
    names: weights.map(({ name }) => name),
    bytes,
    float32Bytes: weights.reduce((sum, { kernel, bias }) => sum + 4 * (kernel.size + (bias?.size ?? 0)), 0),
    dispose: () => {
      if (current.get(model) !== result) return;
      current.delete(model);
      unset();
    },
  };
  current.set(model, result);
  return result;
}
