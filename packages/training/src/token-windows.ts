import { createRandom } from '@fewshot/common';

/**
 * Joins tokenized documents into one stream, each followed by `separatorId` (`<|endoftext|>`),
 * as GPT-2/3 pack their training data: windows then cross document boundaries, and the
 * separator tells the model a new document starts. Empty documents are skipped.
 */
export function packDocuments(documents: Iterable<ArrayLike<number>>, separatorId: number): Int32Array {
  const parts: ArrayLike<number>[] = [];
  let length = 0;
  for (const document of documents) {
    if (document.length === 0) continue;
    parts.push(document);
    length += document.length + 1;
  }
  const stream = new Int32Array(length);
  let offset = 0;
  for (const part of parts) {
    stream.set(part, offset);
    offset += part.length;
    stream[offset++] = separatorId;
  }
  return stream;
}

/** Where a {@link TokenWindows} reader is: what a checkpoint saves to resume the data exactly. */
export interface DataPosition {
  readonly epoch: number;
  /** Windows of this epoch already handed out. */
  readonly index: number;
}

/** A batch of training windows: inputs and next-token targets, both `[rows, seqLen]` row-major. */
export interface TokenBatch {
  readonly inputs: Int32Array;
  readonly targets: Int32Array;
  readonly rows: number;
  readonly seqLen: number;
}

/**
 * Contiguous training windows of `seqLen + 1` tokens (inputs and targets shifted by one) cut from
 * a packed stream at a stride of `seqLen`, visited in a shuffled order that is fixed by the seed
 * and the epoch, so the data position is two integers and resuming needs no other state.
 */
export class TokenWindows {
  readonly windowCount: number;
  private order: Uint32Array;
  private orderEpoch: number;
  private current: DataPosition;

  constructor(
    private readonly stream: Int32Array,
    readonly seqLen: number,
    private readonly seed: number,
    /** `false` for evaluation: windows in stream order, every epoch the same. */
    private readonly shuffle = true,
  ) {
    this.windowCount = Math.floor((stream.length - 1) / seqLen);
    if (this.windowCount < 1) {
      throw new RangeError(
        `data: ${stream.length} tokens make no window of seqLen + 1 ` +
          `= ${seqLen + 1} tokens; give more text or a shorter seqLen`,
      );
    }
    this.current = { epoch: 0, index: 0 };
    this.orderEpoch = 0;
    this.order = this.orderOf(0);
  }

  get position(): DataPosition {
    return this.current;
  }

  /** Continues from a saved position. */
  seek(position: DataPosition): void {
    if (
      !Number.isInteger(position.epoch) ||
      position.epoch < 0 ||
      !Number.isInteger(position.index) ||
      position.index < 0 ||
      position.index >= this.windowCount
    ) {
      throw new RangeError(`data position ${JSON.stringify(position)} is invalid for ${this.windowCount} windows`);
    }
    this.current = position;
  }

  /** The next `rows` windows (wrapping into the next epoch, reshuffled). */
  next(rows: number): TokenBatch {
    const { seqLen } = this;
    const inputs = new Int32Array(rows * seqLen);
    const targets = new Int32Array(rows * seqLen);
    for (let row = 0; row < rows; row++) {
      let { epoch, index } = this.current;
      if (epoch !== this.orderEpoch) {
        this.order = this.orderOf(epoch);
        this.orderEpoch = epoch;
      }
      const start = (this.order[index] ?? 0) * seqLen;
      inputs.set(this.stream.subarray(start, start + seqLen), row * seqLen);
      targets.set(this.stream.subarray(start + 1, start + seqLen + 1), row * seqLen);
      index++;
      if (index === this.windowCount) {
        epoch++;
        index = 0;
      }
      this.current = { epoch, index };
    }
    return { inputs, targets, rows, seqLen };
  }

  private orderOf(epoch: number): Uint32Array {
    if (!this.shuffle) return Uint32Array.from({ length: this.windowCount }, (_, i) => i);
    // A distinct, fixed permutation per (seed, epoch): the epoch is the random stream's purpose.
    const random = createRandom(this.seed, `windows epoch ${epoch}`);
    return Uint32Array.from(random.shuffle(Array.from({ length: this.windowCount }, (_, i) => i)));
  }
}
