/** Protocol Buffers wire types used by the ONNX messages this package writes. */
const VARINT = 0;
const LENGTH_DELIMITED = 2;
const FIXED32 = 5;

const textEncoder = new TextEncoder();

/**
 * An append-only Protocol Buffers encoder: fields are written in the order they are called, as
 * the wire format allows. Integers go out as varints (int64 values up to 2^53, negative ones in
 * ten bytes as two's complement, as protobuf encodes int64), nested messages length-delimited.
 */
export class ProtobufWriter {
  private chunks: Uint8Array[] = [];
  private pending: number[] = [];
  private length = 0;

  /** A varint field (int32, int64, enum, bool). */
  varint(field: number, value: number | boolean): this {
    this.tag(field, VARINT);
    this.rawVarint(typeof value === 'boolean' ? Number(value) : value);
    return this;
  }

  /** A float32 field. */
  float(field: number, value: number): this {
    this.tag(field, FIXED32);
    const bytes = new Uint8Array(4);
    new DataView(bytes.buffer).setFloat32(0, value, true);
    this.bytesRaw(bytes);
    return this;
  }

  /** A UTF-8 string field. */
  string(field: number, value: string): this {
    return this.bytes(field, textEncoder.encode(value));
  }

  /** A bytes field (also an embedded message already encoded). */
  bytes(field: number, value: Uint8Array): this {
    this.tag(field, LENGTH_DELIMITED);
    this.rawVarint(value.length);
    this.bytesRaw(value);
    return this;
  }

  /** An embedded message; its chunks are kept by reference, so large tensors are copied once, by {@link finish}. */
  message(field: number, write: (writer: ProtobufWriter) => void): this {
    const nested = new ProtobufWriter();
    write(nested);
    nested.flush();
    this.tag(field, LENGTH_DELIMITED);
    this.rawVarint(nested.length);
    this.flush();
    this.chunks.push(...nested.chunks);
    this.length += nested.length;
    return this;
  }

  /** Bytes written so far. */
  get byteLength(): number {
    return this.length;
  }

  /** The encoded message as the list of pieces it was written in (to write a file without one big copy). */
  pieces(): readonly Uint8Array[] {
    this.flush();
    return this.chunks;
  }

  /** A packed repeated varint field (repeated int64 in proto2 is accepted packed by every parser). */
  packedVarints(field: number, values: readonly number[]): this {
    const nested = new ProtobufWriter();
    for (const value of values) nested.rawVarint(value);
    return this.bytes(field, nested.finish());
  }

  /** The encoded message. */
  finish(): Uint8Array {
    this.flush();
    if (this.chunks.length === 1) return this.chunks[0]!;
    const out = new Uint8Array(this.length);
    let offset = 0;
    for (const chunk of this.chunks) {
      out.set(chunk, offset);
      offset += chunk.length;
    }
    this.chunks = [out];
    return out;
  }

  private tag(field: number, wireType: number): void {
    this.rawVarint(field * 8 + wireType);
  }

  private rawVarint(value: number): void {
    if (!Number.isSafeInteger(value)) throw new RangeError(`protobuf varint: ${value} is not a safe integer`);
    if (value < 0) {
      // int64 two's complement: ten bytes, the high bits all set.
      let big = BigInt.asUintN(64, BigInt(value));
      for (let i = 0; i < 9; i++) {
        this.pushByte(Number(big & 0x7fn) | 0x80);
        big >>= 7n;
      }
      this.pushByte(Number(big));
      return;
    }
    let rest = value;
    while (rest >= 0x80) {
      this.pushByte((rest % 0x80) | 0x80);
      rest = Math.floor(rest / 0x80);
    }
    this.pushByte(rest);
  }

  private pushByte(byte: number): void {
    this.pending.push(byte);
    this.length++;
  }

  private bytesRaw(bytes: Uint8Array): void {
    this.flush();
    this.chunks.push(bytes);
    this.length += bytes.length;
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    this.chunks.push(Uint8Array.from(this.pending));
    this.pending = [];
  }
}
