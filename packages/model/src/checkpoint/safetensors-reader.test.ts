import { describe, expect, it } from 'vitest';
import { CheckpointError } from './checkpoint-error.js';
import { MAX_HEADER_BYTES, readSafetensors } from './safetensors-reader.js';
import { writeSafetensors } from './safetensors-writer.js';

/** A file from a header written as text and raw data bytes, for malformed cases the writer cannot produce. */
function file(header: string, data: number[] = []): Uint8Array {
  const json = new TextEncoder().encode(header);
  const bytes = new Uint8Array(8 + json.length + data.length);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(json.length), true);
  bytes.set(json, 8);
  bytes.set(data, 8 + json.length);
  return bytes;
}

function read(bytes: Uint8Array): () => unknown {
  return () => readSafetensors(bytes, 'x.safetensors');
}

describe('readSafetensors', () => {
  it('reads back what writeSafetensors wrote, with the header padded to 8 bytes', () => {
    const tensors = new Map([
      ['b', { shape: [2, 3], data: Float32Array.from([1, -2, 3.5, 0, 1e-8, -Infinity]) }],
      ['a', { shape: [], data: Float32Array.from([42]) }],
      ['empty', { shape: [0, 4], data: new Float32Array(0) }],
    ]);
    const bytes = writeSafetensors(tensors, 'x.safetensors');
    expect(Number(new DataView(bytes.buffer).getBigUint64(0, true)) % 8).toBe(0);
    const contents = readSafetensors(bytes, 'x.safetensors');
    expect(contents.metadata).toEqual({ format: 'pt' });
    expect([...contents.tensors.keys()].sort()).toEqual(['a', 'b', 'empty']);
    for (const [name, tensor] of tensors) {
      expect(contents.tensors.get(name)).toEqual({ dtype: 'F32', shape: tensor.shape, data: tensor.data });
    }
  });

  it('widens F16 and BF16 (IEEE 754 binary16 and bfloat16 bit patterns) to float32', () => {
    // F16: 0x3C00 = 1, 0xC000 = −2, 0x7BFF = 65504 (largest), 0x0001 = 2^−24 (smallest subnormal), 0x7C00 = +∞.
    // BF16: 0x3F80 = 1, 0xC049 = −3.140625, 0x0000 = 0.
    const f16 = [0x3c00, 0xc000, 0x7bff, 0x0001, 0x7c00];
    const bf16 = [0x3f80, 0xc049, 0x0000];
    const data = [...f16, ...bf16].flatMap((bits) => [bits & 0xff, bits >> 8]);
    const contents = readSafetensors(
      file(
        '{"h":{"dtype":"F16","shape":[5],"data_offsets":[0,10]},' +
          '"b":{"dtype":"BF16","shape":[3],"data_offsets":[10,16]}}',
        data,
      ),
      'x.safetensors',
    );
    expect([...(contents.tensors.get('h')?.data ?? [])]).toEqual([1, -2, 65504, 2 ** -24, Infinity]);
    expect([...(contents.tensors.get('b')?.data ?? [])]).toEqual([1, -3.140625, 0]);
  });

  it('reads the buffers checkpoints carry: BOOL, U8, I8, I64', () => {
    const header =
      '{"m":{"dtype":"BOOL","shape":[2,2],"data_offsets":[0,4]},"u":{"dtype":"U8","shape":[2],"data_offsets":[4,6]},' +
      '"i":{"dtype":"I8","shape":[2],"data_offsets":[6,8]},"l":{"dtype":"I64","shape":[1],"data_offsets":[8,16]}}';
    const data = [1, 0, 1, 1, 255, 7, 0x80, 0x7f, 0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff];
    const contents = readSafetensors(file(header, data), 'x');
    expect(contents.tensors.get('m')?.dtype).toBe('BOOL');
    expect([...(contents.tensors.get('m')?.data ?? [])]).toEqual([1, 0, 1, 1]);
    expect([...(contents.tensors.get('u')?.data ?? [])]).toEqual([255, 7]);
    expect([...(contents.tensors.get('i')?.data ?? [])]).toEqual([-128, 127]);
    expect([...(contents.tensors.get('l')?.data ?? [])]).toEqual([-2]);
  });

  it.each([
    [
      'a file shorter than the length prefix',
      new Uint8Array(5),
      'x.safetensors: 5 bytes is too short for the 8-byte header length',
    ],
    [
      'a header length past the end',
      file('{}').subarray(0, 9),
      'header length 2 runs past the end of the file (9 bytes): truncated?',
    ],
    ['a header that is not JSON', file('{"a":'), 'header is not valid JSON'],
    ['a header that does not start with {', file(' {}'), 'header does not start with "{"'],
    [
      'an unknown dtype',
      file('{"t":{"dtype":"C64","shape":[1],"data_offsets":[0,8]}}', [0, 0, 0, 0, 0, 0, 0, 0]),
      'tensor "t": dtype "C64" is not supported; expected one of F32, ' +
        'F16, BF16, F64, BOOL, U8, I8, I16, U16, I32, U32, I64, U64',
    ],
    [
      'a bad shape',
      file('{"t":{"dtype":"F32","shape":[-1],"data_offsets":[0,0]}}'),
      'tensor "t": shape [-1] is not a list of non-negative integers',
    ],
    [
      'bad offsets',
      file('{"t":{"dtype":"F32","shape":[1],"data_offsets":[4,0]}}'),
      'tensor "t": data_offsets [4,0] is not a pair',
    ],
    [
      'a gap between tensors',
      file('{"t":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}', [0, 0, 0, 0, 0, 0, 0, 0]),
      'tensor "t": data_offsets [4, 8] are not contiguous: expected the tensor to start at byte 0',
    ],
    [
      'overlapping tensors',
      file(
        '{"t":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"u":{"dtype":"F32","shape":[1],"data_offsets":[2,6]}}',
        [0, 0, 0, 0, 0, 0],
      ),
      'tensor "u": data_offsets [2, 6] are not contiguous',
    ],
    [
      'a byte length that does not match the shape',
      file('{"t":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}', [0, 0, 0, 0]),
      'tensor "t": holds 4 bytes but shape [2] of F32 needs 8',
    ],
    [
      'data cut short',
      file('{"t":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}', [0, 0, 0, 0]),
      'tensor "t": data_offsets end 8 is past the end of the data (4 bytes): truncated?',
    ],
    [
      'trailing bytes',
      file('{"t":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}', [0, 0, 0, 0, 9]),
      '1 bytes after the last tensor are not described by the header',
    ],
    [
      'a duplicate name',
      file(
        '{"t":{"dtype":"F32","shape":[0],"data_offsets":[0,0]},"t":{"dtype":"F32","shape":[0],"data_offsets":[0,0]}}',
      ),
      'tensor "t": appears twice in the header',
    ],
    ['non-string metadata', file('{"__metadata__":{"format":1}}'), '__metadata__.format is 1, expected a string'],
  ])('rejects %s, naming the file, tensor and fault', (_, bytes, message) => {
    expect(read(bytes)).toThrow(CheckpointError);
    expect(read(bytes)).toThrow(message);
  });

  it('bounds the header length before reading it', () => {
    const bytes = new Uint8Array(16);
    new DataView(bytes.buffer).setBigUint64(0, BigInt(MAX_HEADER_BYTES + 1), true);
    expect(read(bytes)).toThrow(`header length ${MAX_HEADER_BYTES + 1} exceeds the limit of ${MAX_HEADER_BYTES} bytes`);
  });

  it('does not mistake a duplicate key nested inside a tensor entry or a string for a duplicate name', () => {
    const bytes = file('{"t":{"dtype":"F32","shape":[0],"data_offsets":[0,0]},"__metadata__":{"t":"\\"t\\":"}}');
    expect(readSafetensors(bytes, 'x.safetensors').metadata).toEqual({ t: '"t":' });
  });
});
