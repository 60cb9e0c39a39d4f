/** One stored (uncompressed) member of a zip archive: its bytes are a view into the archive. */
export interface ZipEntry {
  readonly name: string;
  readonly bytes: Uint8Array;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const UINT32_MAX = 0xffffffff;

/**
 * The members of a zip archive as PyTorch writes one (`torch.save`: every member stored without
 * compression, zip64 past 4 GiB). Throws a one-line `Error` (the caller adds the file name) for
 * anything else: no end record, a compressed member, offsets outside the archive.
 */
export function readZipArchive(bytes: Uint8Array): Map<string, ZipEntry> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const eocd = findEndRecord(view);
  let count = view.getUint16(eocd + 10, true);
  let directoryOffset = view.getUint32(eocd + 16, true);
  if (directoryOffset === UINT32_MAX || count === 0xffff) {
    const locator = eocd - 20;
    if (locator < 0 || view.getUint32(locator, true) !== ZIP64_LOCATOR)
      throw new Error('zip64 end record locator is missing');
    const record = safeNumber(view.getBigUint64(locator + 8, true));
    if (record + 56 > bytes.byteLength || view.getUint32(record, true) !== ZIP64_EOCD)
      throw new Error('zip64 end record is missing');
    count = safeNumber(view.getBigUint64(record + 32, true));
    directoryOffset = safeNumber(view.getBigUint64(record + 48, true));
  }
  const entries = new Map<string, ZipEntry>();
  let at = directoryOffset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > bytes.byteLength || view.getUint32(at, true) !== CENTRAL)
      throw new Error(`central directory entry ${i} is missing`);
    const method = view.getUint16(at + 10, true);
    let size = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    let localOffset = view.getUint32(at + 42, true);
    const name = new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength));
    if (size === UINT32_MAX || localOffset === UINT32_MAX) {
      ({ size, localOffset } = zip64Fields(view, at + 46 + nameLength, extraLength, {
        size,
        localOffset,
        compressed: view.getUint32(at + 20, true),
      }));
    }
    if (method !== 0)
      throw new Error(`member ${name} is compressed (method ${method}); PyTorch stores members uncompressed`);
    if (localOffset + 30 > bytes.byteLength || view.getUint32(localOffset, true) !== LOCAL)
      throw new Error(`member ${name} has no local header`);
    const start = localOffset + 30 + view.getUint16(localOffset + 26, true) + view.getUint16(localOffset + 28, true);
    if (start + size > bytes.byteLength) throw new Error(`member ${name} runs past the end of the file: truncated?`);
    entries.set(name, { name, bytes: bytes.subarray(start, start + size) });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

function findEndRecord(view: DataView): number {
  // The end record is 22 bytes plus a comment of at most 65,535.
  for (let at = view.byteLength - 22; at >= Math.max(0, view.byteLength - 22 - 0xffff); at--) {
    if (view.getUint32(at, true) === EOCD) return at;
  }
  throw new Error('is not a zip archive (no end of central directory record): truncated, or not a PyTorch checkpoint?');
}

/** The zip64 extended information extra field (id 1): the 64-bit values of the fields set to 0xFFFFFFFF, in order. */
function zip64Fields(
  view: DataView,
  start: number,
  length: number,
  fields: { size: number; localOffset: number; compressed: number },
): { size: number; localOffset: number } {
  for (let at = start; at + 4 <= start + length; ) {
    const id = view.getUint16(at, true);
    const dataLength = view.getUint16(at + 2, true);
    if (id === 1) {
      let field = at + 4;
      const next = (): number => {
        const value = safeNumber(view.getBigUint64(field, true));
        field += 8;
        return value;
      };
      const size = fields.size === UINT32_MAX ? next() : fields.size;
      if (fields.compressed === UINT32_MAX) next();
      const localOffset = fields.localOffset === UINT32_MAX ? next() : fields.localOffset;
      return { size, localOffset };
    }
    at += 4 + dataLength;
  }
  throw new Error('a zip64 member has no zip64 extra field');
}

function safeNumber(value: bigint): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error(`offset ${value} is beyond any file`);
  return Number(value);
}
