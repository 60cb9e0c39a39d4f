import { pastName, presentName } from './gpt-graph.js';

/** The constructor of an ONNX Runtime tensor (onnxruntime-node, onnxruntime-web and transformers.js share it). */
export type TensorConstructor<T> = new (
  type: 'float32' | 'int64' | 'bool',
  data: Float32Array | BigInt64Array | Uint8Array,
  dims: readonly number[],
) => T;

/** The decoder's cache shape: layers, heads and head size. */
export interface DecoderShape {
  readonly nLayer: number;
  readonly nHead: number;
  readonly headSize: number;
}

export interface DecoderStep<T> {
  /** New token ids, one row per sequence, all rows the same length (left-padded where shorter). */
  readonly ids: readonly (readonly number[])[];
  /** One row per sequence over past and new slots: 1 for a token, 0 for padding. */
  readonly mask: readonly (readonly number[])[];
  /** `past_key_values.*` from the previous step's `present.*` ({@link presentsAsPast}); omitted: an empty past. */
  readonly past?: Readonly<Record<string, T>>;
  /** Whether the session has the merged graph's `use_cache_branch` input. */
  readonly merged: boolean;
}

const int64 = (rows: readonly (readonly number[])[]): BigInt64Array =>
  BigInt64Array.from(rows.flat().map((value) => BigInt(value)));

/**
 * The inputs of one call of an exported decoder, as Hugging Face's generation loop builds them:
 * position ids are the running count of the mask minus one (1 at padding), and the first call
 * takes empty `[batch, heads, 0, headSize]` past tensors with `use_cache_branch` false.
 */
export function decoderFeeds<T>(
  Tensor: TensorConstructor<T>,
  shape: DecoderShape,
  step: DecoderStep<T>,
): Record<string, T> {
  const batch = step.ids.length;
  const time = step.ids[0]?.length ?? 0;
  const width = step.mask[0]?.length ?? 0;
  if (step.mask.length !== batch || time === 0 || width < time) {
    throw new RangeError(`decoder step: ${batch} id rows of ${time} need as many mask rows of at least ${time} slots`);
  }
  const positions = step.mask.map((row) => {
    let count = 0;
    return row.map((bit) => (bit === 1 ? count++ : 1)).slice(width - time);
  });
  const feeds: Record<string, T> = {
    input_ids: new Tensor('int64', int64(step.ids), [batch, time]),
    attention_mask: new Tensor('int64', int64(step.mask), [batch, width]),
    position_ids: new Tensor('int64', int64(positions), [batch, time]),
  };
  for (let layer = 0; layer < shape.nLayer; layer++) {
    for (const part of ['key', 'value'] as const) {
      const name = pastName(layer, part);
      feeds[name] =
        step.past?.[name] ?? new Tensor('float32', new Float32Array(0), [batch, shape.nHead, 0, shape.headSize]);
    }
  }
  if (step.merged) feeds.use_cache_branch = new Tensor('bool', Uint8Array.of(step.past === undefined ? 0 : 1), [1]);
  return feeds;
}

/** A call's `present.*` outputs renamed as the next call's `past_key_values.*`. */
export function presentsAsPast<T>(outputs: Readonly<Record<string, T>>, nLayer: number): Record<string, T> {
  const past: Record<string, T> = {};
  for (let layer = 0; layer < nLayer; layer++) {
    for (const part of ['key', 'value'] as const) {
      const present = outputs[presentName(layer, part)];
      if (present === undefined) throw new Error(`decoder: the session returned no ${presentName(layer, part)}`);
      past[pastName(layer, part)] = present;
    }
  }
  return past;
}
