import { CheckpointError } from './checkpoint-error.js';
import { HUGGINGFACE_FILES } from './huggingface-checkpoint.js';

const INDEX_FILE = HUGGINGFACE_FILES.index;

/**
 * The shards a parsed `model.safetensors.index.json` lists, shard file name → the tensors it
 * holds. Each shard must be a `.safetensors` file name beside the index (no path). `file` names
 * the index in errors.
 */
export function shardsOfIndex(json: Readonly<Record<string, unknown>>, file: string): Map<string, Set<string>> {
  const weightMap = json.weight_map;
  if (typeof weightMap !== 'object' || weightMap === null || Array.isArray(weightMap)) {
    throw new CheckpointError(file, undefined, 'weight_map is missing or not an object');
  }
  const shards = new Map<string, Set<string>>();
  for (const [name, shard] of Object.entries(weightMap as Record<string, unknown>)) {
    if (typeof shard !== 'string' || /[\\/]/.test(shard) || !shard.endsWith('.safetensors')) {
      throw new CheckpointError(
        file,
        name,
        `shard ${JSON.stringify(shard)} is not a .safetensors file name in this directory`,
      );
    }
    const names = shards.get(shard) ?? new Set<string>();
    shards.set(shard, names.add(name));
  }
  return shards;
}

/** Checks that the shard `file` holds exactly the tensors the index lists for it. */
export function checkShard(tensors: ReadonlyMap<string, unknown>, listed: ReadonlySet<string>, file: string): void {
  for (const name of listed) {
    if (!tensors.has(name)) throw new CheckpointError(file, name, `is listed in ${INDEX_FILE} but not in this shard`);
  }
  for (const name of tensors.keys()) {
    if (!listed.has(name))
      throw new CheckpointError(file, name, `is in this shard but ${INDEX_FILE} does not list it here`);
  }
}
