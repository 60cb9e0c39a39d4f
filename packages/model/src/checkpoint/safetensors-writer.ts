import { CheckpointError } from './checkpoint-error.js';
import { encodeFloat16, encodeFloat32 } from './safetensors-dtype.js';
import { type TensorData, elementCount } from './tensor-data.js';

/** The dtypes tensors can be saved in: full precision, or half the size (values rounded to float16). */
export type SaveDtype = 'float32' | 'float16';
export const SAVE_DTYPES: readonly SaveDtype[] = ['float32', 'float16'];

/**
 * Serialises float32 tensors to the safetensors format (as F32, or F16 with `dtype: 'float16'`), names sorted, the
 * header padded with spaces to a multiple of 8 bytes so every tensor starts aligned (as the reference writer does).
 * `metadata` defaults to `{ format: 'pt' }`, which Hugging Face transformers requires to load it.
 */
export function writeSafetensors(
  tensors: ReadonlyMap<string, TensorData>,
  file: string,
  metadata: Readonly<Record<string, string>> = { format: 'pt' },
  dtype: SaveDtype = 'float32',
): Uint8Array {
  const names = [...tensors.keys()].sort();
  const header: Record<string, unknown> = { __metadata__: metadata };
  const chunks: Uint8Array[] = [];
  let offset = 0;
  for (const name of names) {
    const tensor = tensors.get(name);
    if (tensor === undefined) continue;
    if (name === '__metadata__') throw new CheckpointError(file, name, 'is a reserved name');
    if (elementCount(tensor.shape) !== tensor.data.length) {
      throw new CheckpointError(
        file,
        name,
        `has ${tensor.data.length} values but shape ${JSON.stringify(tensor.shape)}`,
      );
    }
    const bytes = dtype === 'float16' ? encodeFloat16(tensor.data) : encodeFloat32(tensor.data);
    header[name] = {
      dtype: dtype === 'float16' ? 'F16' : 'F32',
      shape: tensor.shape,
      data_offsets: [offset, offset + bytes.byteLength],
    };
    chunks.push(bytes);
    offset += bytes.byteLength;
  }
  const json = JSON.stringify(header);
  const encoded = new TextEncoder().encode(json);
  const headerLength = Math.ceil(encoded.byteLength / 8) * 8;
  const out = new Uint8Array(8 + headerLength + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerLength), true);
  out.set(encoded, 8);
  out.fill(0x20, 8 + encoded.byteLength, 8 + headerLength);
  let position = 8 + headerLength;
  for (const chunk of chunks) {
    out.set(chunk, position);
    position += chunk.byteLength;
  }
  return out;
}
