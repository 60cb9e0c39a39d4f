import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { type TorchTensor, writeTorchCheckpoint } from '../testing/torch-writer.js';
import { readTorchCheckpoint } from './torch-checkpoint.js';

const f32 = (values: number[]): Uint8Array => new Uint8Array(Float32Array.from(values).buffer);
const WEIGHT = [1, 2, 3, 4, 5, 6];
const TENSORS = new Map<string, TorchTensor>([
  ['wte.weight', { dtype: 'F32', shape: [2, 3], bytes: f32(WEIGHT) }],
  ['lm_head.weight', { dtype: 'F32', shape: [2, 3], bytes: f32(WEIGHT), sameStorageAs: 'wte.weight' }],
  ['h.0.attn.c_proj.weight', { dtype: 'F32', shape: [2, 3], bytes: f32(WEIGHT), transposed: true }],
  // 1.5 and -2 in binary16 and in bfloat16.
  ['half', { dtype: 'F16', shape: [2], bytes: new Uint8Array([0x00, 0x3e, 0x00, 0xc0]) }],
  ['brain', { dtype: 'BF16', shape: [2], bytes: new Uint8Array([0xc0, 0x3f, 0x00, 0xc0]) }],
  ['h.0.attn.bias', { dtype: 'BOOL', shape: [1, 1, 2, 2], bytes: new Uint8Array([1, 0, 1, 1]) }],
]);

const python = spawnSync('python3', ['-c', 'import pickle, zipfile'], { encoding: 'utf8' }).status === 0;

describe('readTorchCheckpoint', () => {
  it('rebuilds every tensor: dtypes, shared storages and strided views', () => {
    const tensors = readTorchCheckpoint(writeTorchCheckpoint(TENSORS), 'pytorch_model.bin');
    expect([...tensors.keys()]).toEqual([...TENSORS.keys()]);
    expect(tensors.get('wte.weight')).toMatchObject({ dtype: 'F32', shape: [2, 3] });
    expect([...(tensors.get('wte.weight')?.data ?? [])]).toEqual(WEIGHT);
    expect([...(tensors.get('lm_head.weight')?.data ?? [])]).toEqual(WEIGHT);
    expect([...(tensors.get('h.0.attn.c_proj.weight')?.data ?? [])]).toEqual(WEIGHT);
    expect([...(tensors.get('half')?.data ?? [])]).toEqual([1.5, -2]);
    expect([...(tensors.get('brain')?.data ?? [])]).toEqual([1.5, -2]);
    expect(tensors.get('h.0.attn.bias')).toMatchObject({ dtype: 'BOOL', shape: [1, 1, 2, 2] });
  });

  it('refuses a pickle that names any other global, and runs nothing', () => {
    const planted = writeTorchCheckpoint(TENSORS, 'os\nsystem');
    expect(() => readTorchCheckpoint(planted, 'evil.bin')).toThrow(
      /^evil\.bin: archive\/data\.pkl: names the global os\.system, which is not allowed \(only collections\./,
    );
    const builtins = writeTorchCheckpoint(TENSORS, 'builtins\neval');
    expect(() => readTorchCheckpoint(builtins, 'evil.bin')).toThrow(
      'names the global builtins.eval, which is not allowed',
    );
  });

  it('gives one line for a truncated file and for a file that is not a checkpoint', () => {
    const bytes = writeTorchCheckpoint(TENSORS);
    expect(() => readTorchCheckpoint(bytes.subarray(0, bytes.length - 30), 'cut.bin')).toThrow(
      'cut.bin: is not a zip archive (no end of central directory record): truncated, or not a PyTorch checkpoint?',
    );
    expect(() => readTorchCheckpoint(new TextEncoder().encode('{"not": "torch"}'), 'x.bin')).toThrow(
      /^x\.bin: is not a zip archive/,
    );
  });

  // CPython's own zipfile and pickle (with stand-ins for torch's classes) read the fixture
  // writer's files as torch.load would: the tests above read the format, not the writer's quirks.
  it.runIf(python)('writes files that CPython zipfile and pickle read as a torch state dict', () => {
    const script = `
import io, json, pickle, sys, zipfile
class Storage:
    def __init__(self, kind, key): self.kind, self.key = kind, key
def rebuild(storage, offset, size, stride, requires_grad, hooks):
    return {'storage': storage.kind, 'key': storage.key, 'offset': offset, 'size': list(size), 'stride': list(stride)}
class Unpickler(pickle.Unpickler):
    def find_class(self, module, name):
        if (module, name) == ('torch._utils', '_rebuild_tensor_v2'): return rebuild
        if (module, name) == ('collections', 'OrderedDict'): return dict
        if module == 'torch' and name.endswith('Storage'): return name
        raise pickle.UnpicklingError(module + '.' + name)
    def persistent_load(self, pid):
        assert pid[0] == 'storage' and pid[3] == 'cpu'
        return Storage(pid[1], pid[2])
archive = zipfile.ZipFile(io.BytesIO(sys.stdin.buffer.read()))
assert archive.testzip() is None
state = Unpickler(io.BytesIO(archive.read('archive/data.pkl'))).load()
print(json.dumps({'state': state, 'members': sorted(archive.namelist())}))
`;
    const result = spawnSync('python3', ['-c', script], { input: writeTorchCheckpoint(TENSORS), encoding: 'utf8' });
    expect(result.stderr).toBe('');
    const { state, members } = JSON.parse(result.stdout) as { state: Record<string, unknown>; members: string[] };
    expect(members).toEqual([
      'archive/byteorder',
      'archive/data.pkl',
      'archive/data/0',
      'archive/data/1',
      'archive/data/2',
      'archive/data/3',
      'archive/data/4',
      'archive/version',
    ]);
    expect(state['wte.weight']).toEqual({ storage: 'FloatStorage', key: '0', offset: 0, size: [2, 3], stride: [3, 1] });
    expect(state['lm_head.weight']).toEqual({
      storage: 'FloatStorage',
      key: '0',
      offset: 0,
      size: [2, 3],
      stride: [3, 1],
    });
    expect(state['h.0.attn.c_proj.weight']).toEqual({
      storage: 'FloatStorage',
      key: '1',
      offset: 0,
      size: [2, 3],
      stride: [1, 2],
    });
    expect(state['h.0.attn.bias']).toEqual({
      storage: 'BoolStorage',
      key: '4',
      offset: 0,
      size: [1, 1, 2, 2],
      stride: [4, 4, 2, 1],
    });
  });
});
