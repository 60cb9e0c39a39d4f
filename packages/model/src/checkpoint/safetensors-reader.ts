import { CheckpointError } from './checkpoint-error.js';
import { SAFETENSORS_DTYPES, type SafetensorsDtype, isSafetensorsDtype } from './safetensors-dtype.js';
import { type StoredTensor, elementCount, storedTensor } from './tensor-data.js';

/** The reference implementation's bound on the JSON header (100 MB), against memory exhaustion. */
export const MAX_HEADER_BYTES = 100_000_000;

/** The dtype in the file; `data` is widened to float32 when first read. */
export type SafetensorsTensor = StoredTensor;

export interface SafetensorsContents {
  readonly tensors: ReadonlyMap<string, SafetensorsTensor>;
  /** The header's `__metadata__` string map (e.g. `{ format: 'pt' }`), empty when absent. */
  readonly metadata: Readonly<Record<string, string>>;
}

interface Entry {
  readonly name: string;
  readonly dtype: SafetensorsDtype;
  readonly shape: number[];
  readonly begin: number;
  readonly end: number;
}

/**
 * Parses a safetensors file: an 8-byte little-endian header length, a JSON header
 * `{name: {dtype, shape, data_offsets}, __metadata__?}`, then the tensor bytes. Validates as the
 * reference implementation does — header length bounded and inside the file, JSON well formed,
 * no duplicate names, dtypes known, offsets contiguous from 0 to exactly the end of the file,
 * each byte length = product(shape) × dtype size — and throws a {@link CheckpointError} naming
 * `file`, the tensor and the fault before decoding anything.
 */
export function readSafetensors(bytes: Uint8Array, file: string): SafetensorsContents {
  const fail = (fault: string, tensor?: string): never => {
    throw new CheckpointError(file, tensor, fault);
  };
  if (bytes.byteLength < 8) fail(`${bytes.byteLength} bytes is too short for the 8-byte header length`);
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true);
  if (headerLength > BigInt(MAX_HEADER_BYTES))
    fail(`header length ${headerLength} exceeds the limit of ${MAX_HEADER_BYTES} bytes`);
  const dataStart = 8 + Number(headerLength);
  if (dataStart > bytes.byteLength) {
    fail(`header length ${headerLength} runs past the end of the file (${bytes.byteLength} bytes): truncated?`);
  }
  let text = '';
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, dataStart));
  } catch {
    fail('header is not valid UTF-8');
  }
  if (!text.startsWith('{')) fail('header does not start with "{"');
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch (error) {
    fail(`header is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) fail('header is not a JSON object');
  const duplicate = firstDuplicateKey(text);
  if (duplicate !== undefined) fail('appears twice in the header', duplicate);

  const record = header as Record<string, unknown>;
  const metadata = readMetadata(record.__metadata__, fail);
  const entries = Object.entries(record)
    .filter(([name]) => name !== '__metadata__')
    .map(([name, info]) => readEntry(name, info, fail));

  const dataLength = bytes.byteLength - dataStart;
  let expected = 0;
  for (const entry of [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end)) {
    if (entry.begin !== expected) {
      fail(
        `data_offsets [${entry.begin}, ${entry.end}] are not ` +
          `contiguous: expected the tensor to start at byte ${expected}`,
        entry.name,
      );
    }
    if (entry.end > dataLength) {
      fail(`data_offsets end ${entry.end} is past the end of the data (${dataLength} bytes): truncated?`, entry.name);
    }
    const expectedBytes = elementCount(entry.shape) * SAFETENSORS_DTYPES[entry.dtype];
    if (entry.end - entry.begin !== expectedBytes) {
      fail(
        `holds ${entry.end - entry.begin} bytes but shape ` +
          `${JSON.stringify(entry.shape)} of ${entry.dtype} needs ${expectedBytes}`,
        entry.name,
      );
    }
    expected = entry.end;
  }
  if (expected !== dataLength)
    fail(`${dataLength - expected} bytes after the last tensor are not described by the header`);

  const tensors = new Map<string, SafetensorsTensor>();
  for (const entry of entries) {
    const raw = bytes.subarray(dataStart + entry.begin, dataStart + entry.end);
    tensors.set(entry.name, storedTensor(entry.dtype, entry.shape, raw));
  }
  return { tensors, metadata };
}

function readMetadata(value: unknown, fail: (fault: string, tensor?: string) => never): Record<string, string> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail('__metadata__ is not a JSON object');
  const metadata = value as Record<string, unknown>;
  for (const [key, entry] of Object.entries(metadata)) {
    if (typeof entry !== 'string') fail(`__metadata__.${key} is ${JSON.stringify(entry)}, expected a string`);
  }
  return metadata as Record<string, string>;
}

function readEntry(name: string, info: unknown, fail: (fault: string, tensor?: string) => never): Entry {
  if (typeof info !== 'object' || info === null || Array.isArray(info))
    return fail('is not described by a JSON object', name);
  const { dtype, shape, data_offsets: offsets } = info as Record<string, unknown>;
  if (!isSafetensorsDtype(dtype)) {
    fail(
      `dtype ${JSON.stringify(dtype)} is not supported; expected one of ${Object.keys(SAFETENSORS_DTYPES).join(', ')}`,
      name,
    );
  }
  const isSize = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;
  if (!Array.isArray(shape) || !shape.every(isSize))
    fail(`shape ${JSON.stringify(shape)} is not a list of non-negative integers`, name);
  if (!Number.isSafeInteger(shape.reduce((count, size) => count * size, 1))) {
    fail(`shape ${JSON.stringify(shape)} has more elements than any file can hold`, name);
  }
  const [begin, end] = Array.isArray(offsets) && offsets.length === 2 ? (offsets as unknown[]) : [];
  if (!isSize(begin) || !isSize(end) || begin > end) {
    fail(`data_offsets ${JSON.stringify(offsets)} is not a pair [begin, end] with 0 ≤ begin ≤ end`, name);
  }
  return { name, dtype: dtype, shape: shape, begin: begin, end: end };
}

/** The first key that occurs twice in the top-level object of `json` (JSON.parse keeps the last silently). */
function firstDuplicateKey(json: string): string | undefined {
  const seen = new Set<string>();
  let depth = 0;
  for (let i = 0; i < json.length; i++) {
    const char = json[i];
    if (char === '{' || char === '[') depth++;
    else if (char === '}' || char === ']') depth--;
    else if (char === '"') {
      let end = i + 1;
      while (end < json.length && json[end] !== '"') end += json[end] === '\\' ? 2 : 1;
      if (depth === 1 && /^\s*:/.test(json.slice(end + 1, end + 16))) {
        const key = JSON.parse(json.slice(i, end + 1)) as string;
        if (seen.has(key)) return key;
        seen.add(key);
      }
      i = end;
    }
  }
  return undefined;
}
