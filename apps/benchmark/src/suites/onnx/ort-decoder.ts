import { type DecoderShape, type TensorConstructor, decoderFeeds, presentsAsPast } from '@fewshot/onnx';
import type { Decoder } from './decoder.js';

/** The slice of onnxruntime's API (node and web share it) a decoder run needs. */
export interface OrtTensor {
  readonly data: unknown;
}
export interface OrtSession {
  readonly inputNames: readonly string[];
  run(feeds: Record<string, OrtTensor>): Promise<Record<string, OrtTensor>>;
}
export interface OrtModule {
  readonly Tensor: TensorConstructor<OrtTensor>;
}

/** A sequence being decoded: its length so far and the graph's `present.*` after it. */
interface Slot {
  readonly length: number;
  readonly past: Record<string, OrtTensor>;
}

/**
 * Runs an exported fewshot decoder (Optimum's layout) in an ONNX Runtime session as a generation
 * loop does — a prefill with an empty past, then one-token steps that feed `present.*` back as
 * `past_key_values.*` — and times each `session.run` (outputs are in host memory when it resolves).
 */
export class OrtDecoder implements Decoder {
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
    const feeds = this.feeds(ids);
    const start = performance.now();
    await this.session.run(feeds);
    return performance.now() - start;
  }

  /** The logits after the last of `ids`, from an empty past. */
  async lastLogits(ids: readonly number[]): Promise<Float32Array> {
    const { logits } = await this.session.run(this.feeds(ids));
    const data = logits?.data;
    if (!(data instanceof Float32Array)) throw new Error('decoder: the session returned no float32 logits');
    return data.slice(data.length - data.length / ids.length);
  }

  /** Starts sequence `key` with a prefill of `ids` (untimed). */
  async fill(key: string, ids: readonly number[]): Promise<void> {
    const outputs = await this.session.run(this.feeds(ids));
    this.slots.set(key, { length: ids.length, past: presentsAsPast(outputs, this.shape.nLayer) });
  }

  /** Milliseconds of one single-token step extending sequence `key` with `id`. */
  async step(key: string, id: number): Promise<number> {
    const slot = this.slots.get(key);
    if (slot === undefined) throw new Error(`decoder: no sequence "${key}"; fill it first`);
    const feeds = this.feeds([id], slot);
    const start = performance.now();
    const outputs = await this.session.run(feeds);
    const ms = performance.now() - start;
    this.slots.set(key, { length: slot.length + 1, past: presentsAsPast(outputs, this.shape.nLayer) });
    return ms;
  }

  /** Forgets every sequence. */
  clear(): void {
    this.slots.clear();
  }

  private feeds(ids: readonly number[], slot?: Slot): Record<string, OrtTensor> {
    const mask = [Array<number>((slot?.length ?? 0) + ids.length).fill(1)];
    const step = { ids: [ids], mask, merged: this.merged };
    return decoderFeeds(this.ort.Tensor, this.shape, slot === undefined ? step : { ...step, past: slot.past });
  }
}
