/** The slice of onnxruntime's API (node and web share it) a decoder run needs. */
export interface OrtTensor {
  readonly data: unknown;
}
export interface OrtSession {
  readonly inputNames: readonly string[];
  run(feeds: Record<string, OrtTensor>): Promise<Record<string, OrtTensor>>;
}
export interface OrtModule {
  readonly Tensor: new (
    type: 'float32' | 'int64' | 'bool',
    data: Float32Array | BigInt64Array | Uint8Array,
    dims: readonly number[],
  ) => OrtTensor;
}

/** The decoder's shape, as the exported graph declares it. */
export interface DecoderShape {
  readonly nLayer: number;
  readonly nHead: number;
  readonly headSize: number;
}

/** A sequence being decoded: its tokens so far and the graph's `present.*` after them. */
interface Slot {
  length: number;
  past: Record<string, OrtTensor>;
}

const int64 = (values: readonly number[]): BigInt64Array => BigInt64Array.from(values.map((value) => BigInt(value)));

/**
 * Runs an exported fewshot decoder (Optimum's layout) in an ONNX Runtime session as a generation
 * loop does — a prefill with an empty past, then one-token steps that feed `present.*` back as
 * `past_key_values.*` — and times each `session.run` (outputs are in host memory when it resolves).
 */
export class OrtDecoder {
  private readonly slots = new Map<string, Slot>();
  private readonly merged: boolean;

  constructor(
    private readonly ort: OrtModule,
    private readonly session: OrtSession,
    private readonly shape: DecoderShape,
  ) {
    this.merged = session.inputNames.includes('use_cache_branch');
  }

  /** Milliseconds of one prefill over `ids` from an empty past (logits for every position). */
  async prefill(ids: readonly number[]): Promise<number> {
    const start = performance.now();
    await this.session.run(this.feeds(ids, 0, this.emptyPast()));
    return performance.now() - start;
  }

  /** The logits after the last of `ids`, from an empty past. */
  async lastLogits(ids: readonly number[]): Promise<Float32Array> {
    const { logits } = await this.session.run(this.feeds(ids, 0, this.emptyPast()));
    const data = logits?.data;
    if (!(data instanceof Float32Array)) throw new Error('decoder: the session returned no float32 logits');
    return data.slice(data.length - data.length / ids.length);
  }

  /** Starts sequence `key` with a prefill of `ids` (untimed). */
  async fill(key: string, ids: readonly number[]): Promise<void> {
    const outputs = await this.session.run(this.feeds(ids, 0, this.emptyPast()));
    this.slots.set(key, { length: ids.length, past: this.presents(outputs) });
  }

  /** Milliseconds of one single-token step extending sequence `key` with `id`. */
  async step(key: string, id: number): Promise<number> {
    const slot = this.slots.get(key);
    if (slot === undefined) throw new Error(`decoder: no sequence "${key}"; fill it first`);
    const start = performance.now();
    const outputs = await this.session.run(this.feeds([id], slot.length, slot.past));
    const ms = performance.now() - start;
    this.slots.set(key, { length: slot.length + 1, past: this.presents(outputs) });
    return ms;
  }

  /** Forgets every sequence. */
  clear(): void {
    this.slots.clear();
  }

  private feeds(
    ids: readonly number[],
    past: number,
    pastValues: Record<string, OrtTensor>,
  ): Record<string, OrtTensor> {
    const { Tensor } = this.ort;
    const total = past + ids.length;
    return {
      input_ids: new Tensor('int64', int64(ids), [1, ids.length]),
      attention_mask: new Tensor('int64', int64(Array<number>(total).fill(1)), [1, total]),
      position_ids: new Tensor('int64', int64(ids.map((_, i) => past + i)), [1, ids.length]),
      ...pastValues,
      ...(this.merged ? { use_cache_branch: new Tensor('bool', Uint8Array.of(past > 0 ? 1 : 0), [1]) } : {}),
    };
  }

  private emptyPast(): Record<string, OrtTensor> {
    const { nLayer, nHead, headSize } = this.shape;
    const past: Record<string, OrtTensor> = {};
    for (let i = 0; i < nLayer; i++) {
      for (const part of ['key', 'value'])
        past[`past_key_values.${i}.${part}`] = new this.ort.Tensor('float32', new Float32Array(0), [
          1,
          nHead,
          0,
          headSize,
        ]);
    }
    return past;
  }

  private presents(outputs: Record<string, OrtTensor>): Record<string, OrtTensor> {
    const past: Record<string, OrtTensor> = {};
    for (let i = 0; i < this.shape.nLayer; i++) {
      for (const part of ['key', 'value']) {
        const present = outputs[`present.${i}.${part}`];
        if (present === undefined) throw new Error(`decoder: the session returned no present.${i}.${part}`);
        past[`past_key_values.${i}.${part}`] = present;
      }
    }
    return past;
  }
}
