import {
  CheckpointError,
  SAFETENSORS_DTYPES,
  type SafetensorsDtype,
  type StoredTensor,
  storedTensor,
} from '@fewshot/model';
import { type PickleGlobal, type PickleValue, unpickle } from './restricted-unpickler.js';
import { readZipArchive } from './zip-archive.js';

/** PyTorch's storage classes and the dtype of their elements. */
const STORAGE_DTYPES: Readonly<Record<string, SafetensorsDtype>> = {
  FloatStorage: 'F32',
  HalfStorage: 'F16',
  BFloat16Storage: 'BF16',
  DoubleStorage: 'F64',
  LongStorage: 'I64',
  IntStorage: 'I32',
  ShortStorage: 'I16',
  CharStorage: 'I8',
  ByteStorage: 'U8',
  BoolStorage: 'BOOL',
};

/** The only globals a state dict saved by `torch.save` names. */
const ALLOWED_GLOBALS = new Set([
  'collections.OrderedDict',
  'torch._utils._rebuild_tensor_v2',
  'torch._utils._rebuild_parameter',
  ...Object.keys(STORAGE_DTYPES).map((name) => `torch.${name}`),
]);

interface Storage {
  readonly dtype: SafetensorsDtype;
  readonly bytes: Uint8Array;
  readonly key: string;
}

/**
 * The tensors of a `pytorch_model.bin` (the zip format of `torch.save` since PyTorch 1.6):
 * `{archive}/data.pkl` is read by a restricted unpickler that rebuilds tensors from the storages
 * in `{archive}/data/{key}` and executes no code — any global beyond the few a state dict needs
 * is refused, naming it. Throws a one-line {@link CheckpointError} naming `file`.
 */
export function readTorchCheckpoint(bytes: Uint8Array, file: string): Map<string, StoredTensor> {
  let archive;
  try {
    archive = readZipArchive(bytes);
  } catch (error) {
    if (bytes.byteLength >= 2 && bytes[0] === 0x80) {
      throw new CheckpointError(
        file,
        undefined,
        'is in the legacy PyTorch format (before 1.6); re-save it with torch.save or as safetensors',
      );
    }
    throw new CheckpointError(file, undefined, (error as Error).message);
  }
  const pickleName = [...archive.keys()].find((name) => /^[^/]+\/data\.pkl$/.test(name));
  if (pickleName === undefined)
    throw new CheckpointError(file, undefined, 'has no {archive}/data.pkl: not a PyTorch checkpoint');
  const prefix = pickleName.slice(0, -'data.pkl'.length);
  const byteorder = archive.get(`${prefix}byteorder`);
  if (byteorder !== undefined && new TextDecoder().decode(byteorder.bytes) !== 'little') {
    throw new CheckpointError(file, undefined, 'stores big-endian tensors; only little-endian checkpoints are read');
  }
  const storages = new Map<string, Storage>();
  let result: PickleValue;
  try {
    result = unpickle(archive.get(pickleName)?.bytes ?? new Uint8Array(), {
      allowedGlobals: ALLOWED_GLOBALS,
      persistentLoad: (id) => loadStorage(id, storages, (key) => archive.get(`${prefix}data/${key}`)?.bytes),
      call: rebuild,
    });
  } catch (error) {
    if (error instanceof CheckpointError) throw error;
    throw new CheckpointError(file, undefined, `${pickleName}: ${(error as Error).message}`);
  }
  if (!(result instanceof Map))
    throw new CheckpointError(file, undefined, 'does not hold a state dict (a dict of tensors)');
  const tensors = new Map<string, StoredTensor>();
  for (const [name, value] of result as Map<unknown, unknown>) {
    if (typeof name !== 'string' || !(value instanceof RebuiltTensor)) {
      throw new CheckpointError(file, String(name), 'is not a tensor; a state dict maps names to tensors');
    }
    tensors.set(name, value.materialize(file, name));
  }
  return tensors;
}

/** `('storage', torch.FloatStorage, key, location, numel)`: a storage's dtype and bytes. */
function loadStorage(
  id: PickleValue,
  storages: Map<string, Storage>,
  read: (key: string) => Uint8Array | undefined,
): Storage {
  const [kind, type, key] = Array.isArray(id) ? (id as unknown[]) : [];
  const dtype = (type as PickleGlobal | undefined)?.name;
  if (kind !== 'storage' || typeof key !== 'string' || dtype === undefined || !(dtype in STORAGE_DTYPES)) {
    throw new Error(`persistent id ${JSON.stringify(String(id))} is not a PyTorch storage`);
  }
  const known = storages.get(key);
  if (known !== undefined) return known;
  const bytes = read(key);
  if (bytes === undefined) throw new Error(`storage data/${key} is missing from the archive`);
  const storage = { dtype: STORAGE_DTYPES[dtype] ?? 'F32', bytes, key };
  storages.set(key, storage);
  return storage;
}

function rebuild(callable: PickleGlobal, args: readonly PickleValue[]): PickleValue {
  switch (callable.toString()) {
    case 'collections.OrderedDict':
      return new Map();
    case 'torch._utils._rebuild_parameter':
      return args[0];
    case 'torch._utils._rebuild_tensor_v2': {
      const [storage, offset, size, stride] = args as [Storage, unknown, unknown, unknown];
      const isList = (value: unknown): value is number[] =>
        Array.isArray(value) && value.every((entry) => Number.isSafeInteger(entry) && entry >= 0);
      if (!isList(size) || !isList(stride) || !Number.isSafeInteger(offset) || (offset as number) < 0) {
        throw new Error('_rebuild_tensor_v2 needs an offset, a size and a stride of non-negative integers');
      }
      return new RebuiltTensor(storage, offset as number, size, stride);
    }
    default:
      // A storage class called directly: not how torch.save writes one.
      throw new Error(`calls ${callable.toString()}, which a state dict never does`);
  }
}

/** A tensor as the pickle describes it: a strided view of a storage. */
class RebuiltTensor {
  constructor(
    readonly storage: Storage,
    readonly offset: number,
    readonly shape: readonly number[],
    readonly stride: readonly number[],
  ) {}

  /** The view's elements, row-major, as a lazily decoded tensor; checked to lie inside the storage. */
  materialize(file: string, name: string): StoredTensor {
    const { dtype, bytes } = this.storage;
    const size = SAFETENSORS_DTYPES[dtype];
    const count = this.shape.reduce((product, extent) => product * extent, 1);
    if (!Number.isSafeInteger(count))
      throw new CheckpointError(
        file,
        name,
        `shape ${JSON.stringify(this.shape)} has more elements than any file can hold`,
      );
    if (this.stride.length !== this.shape.length)
      throw new CheckpointError(file, name, 'has a stride of another rank than its shape');
    const last =
      count === 0
        ? this.offset
        : this.offset + this.shape.reduce((sum, extent, axis) => sum + (extent - 1) * (this.stride[axis] ?? 0), 0);
    if ((last + 1) * size > bytes.byteLength) {
      throw new CheckpointError(
        file,
        name,
        `reaches element ${last} of storage data/${this.storage.key}, which holds ${
          bytes.byteLength / size
        }: truncated?`,
      );
    }
    const contiguous = this.shape.every(
      (_, axis) =>
        this.shape[axis] === 1 || this.stride[axis] === this.shape.slice(axis + 1).reduce((a, b) => a * b, 1),
    );
    if (contiguous)
      return storedTensor(dtype, this.shape, bytes.subarray(this.offset * size, (this.offset + count) * size));
    const out = new Uint8Array(count * size);
    for (let i = 0; i < count; i++) {
      let element = this.offset;
      let rest = i;
      for (let axis = this.shape.length - 1; axis >= 0; axis--) {
        const extent = this.shape[axis] ?? 1;
        element += (rest % extent) * (this.stride[axis] ?? 0);
        rest = Math.floor(rest / extent);
      }
      out.set(bytes.subarray(element * size, (element + 1) * size), i * size);
    }
    return storedTensor(dtype, this.shape, out);
  }
}
