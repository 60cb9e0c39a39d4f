import { describe, expect, it } from 'vitest';
import { ProtobufWriter } from './protobuf-writer.js';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

describe('ProtobufWriter', () => {
  it('encodes the examples of the protobuf encoding guide', () => {
    // "field 1 = 150" is 08 96 01; "field 2 = 'testing'" is 12 07 74 65 73 74 69 6e 67.
    expect(hex(new ProtobufWriter().varint(1, 150).finish())).toBe('089601');
    expect(hex(new ProtobufWriter().string(2, 'testing').finish())).toBe('120774657374696e67');
    // An embedded message "field 3 = { field 1 = 150 }" is 1a 03 08 96 01.
    expect(hex(new ProtobufWriter().message(3, (inner) => inner.varint(1, 150)).finish())).toBe('1a03089601');
    // Packed repeated "field 4 = [3, 270, 86942]" is 22 06 03 8e 02 9e a7 05.
    expect(hex(new ProtobufWriter().packedVarints(4, [3, 270, 86_942]).finish())).toBe('2206038e029ea705');
  });

  it("writes negative int64 values as ten-byte two's complement and float32 little-endian", () => {
    expect(hex(new ProtobufWriter().varint(1, -1).finish())).toBe('08ffffffffffffffffff01');
    expect(hex(new ProtobufWriter().float(2, 1).finish())).toBe('150000803f');
  });

  it('keeps pieces by reference and counts their bytes', () => {
    const payload = new Uint8Array(1000).fill(7);
    const writer = new ProtobufWriter().message(1, (inner) => inner.bytes(9, payload));
    expect(writer.pieces()).toContain(payload);
    expect(writer.byteLength).toBe(writer.finish().length);
    expect(writer.byteLength).toBe(1 + 2 + 1 + 2 + 1000);
  });

  it('refuses values that are not safe integers, naming the value', () => {
    expect(() => new ProtobufWriter().varint(1, 2 ** 53)).toThrow(
      'protobuf varint: 9007199254740992 is not a safe integer',
    );
  });
});
