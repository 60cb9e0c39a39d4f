/** A tensor to write into a `pytorch_model.bin`: raw little-endian bytes of its dtype. */
export interface TorchTensor {
  readonly dtype: 'F32' | 'F16' | 'BF16' | 'BOOL' | 'U8' | 'I64';
  readonly shape: readonly number[];
  readonly bytes: Uint8Array;
  /** Store a 2-D tensor's transpose and pickle a strided view of it, as `.t()` of a weight saves. */
  readonly transposed?: boolean;
  /** Share the storage of an earlier tensor (tied weights), instead of storing its own bytes. */
  readonly sameStorageAs?: string;
}

const STORAGE_CLASS = {
  F32: 'FloatStorage',
  F16: 'HalfStorage',
  BF16: 'BFloat16Storage',
  BOOL: 'BoolStorage',
  U8: 'ByteStorage',
  I64: 'LongStorage',
};
const ELEMENT_BYTES = { F32: 4, F16: 2, BF16: 2, BOOL: 1, U8: 1, I64: 8 };

/**
 * Writes a state dict as `torch.save` does (PyTorch ≥ 1.6): a zip of stored members
 * `archive/data.pkl` (pickle protocol 2: an OrderedDict of `_rebuild_tensor_v2` calls on
 * persistent storages), `archive/data/{key}`, `archive/byteorder`, `archive/version`.
 * `extraGlobal` (`module\nname`) plants a call to another global, as a malicious file would.
 */
export function writeTorchCheckpoint(tensors: ReadonlyMap<string, TorchTensor>, extraGlobal?: string): Uint8Array {
  const pickle = new PickleWriter();
  const storages: [string, Uint8Array][] = [];
  const keys = new Map<string, string>();
  pickle.op(0x80, 2).global('collections', 'OrderedDict').op(0x29, 0x52).op(0x28);
  for (const [name, tensor] of tensors) {
    const [rows = 1, cols = 1] = tensor.shape;
    const shared = tensor.sameStorageAs === undefined ? undefined : keys.get(tensor.sameStorageAs);
    const key = shared ?? String(storages.length);
    keys.set(name, key);
    const stored =
      tensor.transposed === true ? transposeBytes(tensor.bytes, rows, cols, ELEMENT_BYTES[tensor.dtype]) : tensor.bytes;
    if (shared === undefined) storages.push([key, stored]);
    const count = tensor.shape.reduce((a, b) => a * b, 1);
    const stride =
      tensor.transposed === true
        ? [1, rows]
        : tensor.shape.map((_, axis) => tensor.shape.slice(axis + 1).reduce((a, b) => a * b, 1));
    pickle.string(name).global('torch._utils', '_rebuild_tensor_v2').op(0x28);
    pickle
      .op(0x28)
      .string('storage')
      .global('torch', STORAGE_CLASS[tensor.dtype])
      .string(key)
      .string('cpu')
      .int(count)
      .op(0x74, 0x51);
    pickle.int(0).tuple(tensor.shape).tuple(stride).op(0x89).global('collections', 'OrderedDict').op(0x29, 0x52);
    pickle.op(0x74, 0x52);
  }
  if (extraGlobal !== undefined) {
    const [module = '', name = ''] = extraGlobal.split('\n');
    pickle.string('planted').global(module, name).string('echo planted').op(0x85, 0x52);
  }
  pickle.op(0x75, 0x2e);
  const members: [string, Uint8Array][] = [
    ['archive/data.pkl', pickle.bytes()],
    ['archive/byteorder', new TextEncoder().encode('little')],
    ...storages.map(([key, bytes]): [string, Uint8Array] => [`archive/data/${key}`, bytes]),
    ['archive/version', new TextEncoder().encode('3\n')],
  ];
  return zipStored(members);
}

class PickleWriter {
  readonly #parts: number[] = [];

  op(...codes: number[]): this {
    this.#parts.push(...codes);
    return this;
  }

  global(module: string, name: string): this {
    return this.op(0x63, ...new TextEncoder().encode(`${module}\n${name}\n`));
  }

  string(value: string): this {
    const bytes = new TextEncoder().encode(value);
    return this.op(0x58, ...le32(bytes.length), ...bytes);
  }

  int(value: number): this {
    return value < 256 ? this.op(0x4b, value) : this.op(0x4a, ...le32(value));
  }

  tuple(values: readonly number[]): this {
    this.op(0x28);
    for (const value of values) this.int(value);
    return this.op(0x74);
  }

  bytes(): Uint8Array {
    return Uint8Array.from(this.#parts);
  }
}

function le32(value: number): number[] {
  return [value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, (value >>> 24) & 0xff];
}

function le16(value: number): number[] {
  return [value & 0xff, (value >>> 8) & 0xff];
}

function transposeBytes(bytes: Uint8Array, rows: number, cols: number, size: number): Uint8Array {
  const out = new Uint8Array(bytes.length);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++)
      out.set(bytes.subarray((r * cols + c) * size, (r * cols + c + 1) * size), (c * rows + r) * size);
  }
  return out;
}

/** A zip archive of uncompressed members with CRC-32s, as PyTorch's writer makes (without its alignment padding). */
function zipStored(members: readonly [string, Uint8Array][]): Uint8Array {
  const chunks: Uint8Array[] = [];
  const central: number[] = [];
  let offset = 0;
  for (const [name, data] of members) {
    const encodedName = new TextEncoder().encode(name);
    const crc = crc32(data);
    const common = [
      ...le16(0),
      ...le16(0),
      ...le16(0),
      ...le16(0),
      ...le32(crc),
      ...le32(data.length),
      ...le32(data.length),
      ...le16(encodedName.length),
    ];
    const local = Uint8Array.from([...le32(0x04034b50), ...le16(20), ...common, ...le16(0), ...encodedName]);
    central.push(
      ...le32(0x02014b50),
      ...le16(20),
      ...le16(20),
      ...common,
      ...le16(0),
      ...le16(0),
      ...le16(0),
      ...le16(0),
      ...le32(0),
      ...le32(offset),
      ...encodedName,
    );
    chunks.push(local, data);
    offset += local.length + data.length;
  }
  const end = [
    ...le32(0x06054b50),
    ...le16(0),
    ...le16(0),
    ...le16(members.length),
    ...le16(members.length),
    ...le32(central.length),
    ...le32(offset),
    ...le16(0),
  ];
  chunks.push(Uint8Array.from(central), Uint8Array.from(end));
  const out = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(data: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of data) crc = (CRC_TABLE[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
