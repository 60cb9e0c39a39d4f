import { randomBytes } from 'node:crypto';
import { mkdir, readFile, readdir, rename, rm, symlink } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { type RandomState, optionErrorMessage, restoreRandom } from '@fewshot/common';
import { syncDirectory, writeFileAtomic } from '@fewshot/common/node';
import {
  CheckpointError,
  type GptModel,
  type SaveDtype,
  type TensorData,
  readSafetensors,
  writeSafetensors,
} from '@fewshot/model';
import { loadHuggingFaceModel, saveHuggingFaceModel } from '@fewshot/model/node';
import type { AdamWState } from './adamw.js';

/** What a checkpoint saves beside the model and the optimizer moments (`trainer-state.json`). */
export interface TrainerState {
  /** Optimizer steps completed. */
  readonly step: number;
  readonly tokensSeen: number;
  readonly data: { readonly epoch: number; readonly index: number };
  /**
   * State of the dropout-seed generator (`Random.state()` of `@fewshot/common`: four uint32 words).
   * One integer is what the older, mulberry32 trainer saved: a resume seeds `createRandom` with it.
   */
  readonly rngState: RandomState | number;
  /** Seconds of training before this checkpoint, over every resumed run. */
  readonly elapsedSeconds: number;
  /** Anything else the trainer wants back on resume (options, loss curve), stored as JSON. */
  readonly [key: string]: unknown;
}

export interface SaveCheckpointInput {
  readonly model: GptModel;
  readonly optimizer: AdamWState;
  readonly trainer: TrainerState;
  /** Tokenizer files (`vocab.json`, `merges.txt`, …) by file name, written into the checkpoint. */
  readonly tokenizerFiles?: ReadonlyMap<string, Uint8Array>;
  /** Dtype of `model.safetensors`; with float16, float32 master weights go to `optimizer.safetensors`. */
  readonly dtype: SaveDtype;
}

export interface LoadedTrainingCheckpoint {
  readonly directory: string;
  readonly model: GptModel;
  readonly optimizer: AdamWState;
  readonly trainer: TrainerState;
}

const CHECKPOINT_PREFIX = 'checkpoint-';
const LATEST_LINK = 'latest';
const OPTIMIZER_FILE = 'optimizer.safetensors';
const STATE_FILE = 'trainer-state.json';

/**
 * Writes a checkpoint as `<out>/checkpoint-<step>/`: a Hugging Face model directory
 * (`config.json`, `model.safetensors`, tokenizer files) that `loadHuggingFaceModel` reads, plus
 * `optimizer.safetensors` (Adam moments, and float32 weights when the model is saved as float16)
 * and `trainer-state.json`. Every file is written and fsynced (`writeFileAtomic`) into a temporary
 * directory that is renamed into place only when complete, then `<out>/latest` is re-pointed by renaming a new symlink
 * over it, and older checkpoints are moved aside before they are deleted: a process killed at
 * any moment leaves the previous checkpoint or the new one, whole.
 */
export async function saveTrainingCheckpoint(outDirectory: string, input: SaveCheckpointInput): Promise<string> {
  const out = resolve(outDirectory);
  await mkdir(out, { recursive: true });
  const name = `${CHECKPOINT_PREFIX}${String(input.trainer.step).padStart(8, '0')}`;
  const temporary = join(out, `.${name}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  await mkdir(temporary);
  try {
    await saveHuggingFaceModel(input.model, temporary, { dtype: input.dtype });
    for (const [name, bytes] of input.tokenizerFiles ?? [])
      await writeFileAtomic(join(temporary, basename(name)), bytes);
    const tensors = new Map<string, TensorData>();
    for (const [weight, moment] of input.optimizer.firstMoments) tensors.set(`m.${weight}`, moment);
    for (const [weight, moment] of input.optimizer.secondMoments) tensors.set(`v.${weight}`, moment);
    if (input.dtype !== 'float32')
      for (const [weight, value] of input.model.readWeights()) tensors.set(`weight.${weight}`, value);
    await writeFileAtomic(
      join(temporary, OPTIMIZER_FILE),
      writeSafetensors(tensors, OPTIMIZER_FILE, { format: 'fewshot-adamw', step: String(input.optimizer.step) }),
    );
    await writeFileAtomic(join(temporary, STATE_FILE), `${JSON.stringify(input.trainer, null, 2)}\n`);
    const target = join(out, name);
    await moveAsideAndDelete(out, target);
    await rename(temporary, target);
    await syncDirectory(out);
  } catch (error) {
    await rm(temporary, { recursive: true, force: true });
    throw error;
  }
  await pointLatestAt(out, name);
  for (const old of await checkpointNames(out)) if (old !== name) await moveAsideAndDelete(out, join(out, old));
  return join(out, name);
}

/** The newest complete checkpoint under `outDirectory`, or undefined when there is none. */
export async function findLatestCheckpoint(outDirectory: string): Promise<string | undefined> {
  const out = resolve(outDirectory);
  const names = await checkpointNames(out);
  const newest = names.at(-1);
  return newest === undefined ? undefined : join(out, newest);
}

/** Reads back what {@link saveTrainingCheckpoint} wrote, with the model's float32 weights exactly as saved. */
export async function loadTrainingCheckpoint(directory: string): Promise<LoadedTrainingCheckpoint> {
  const root = resolve(directory);
  const statePath = join(root, STATE_FILE);
  let trainer: TrainerState;
  try {
    trainer = JSON.parse(await readFile(statePath, 'utf8')) as TrainerState;
  } catch (error) {
    throw new CheckpointError(statePath, undefined, `cannot be read as JSON (${(error as Error).message})`);
  }
  checkRngState(trainer.rngState, statePath);
  const optimizerPath = join(root, OPTIMIZER_FILE);
  const { tensors } = readSafetensors(
    await readFile(optimizerPath).catch(() => {
      throw new CheckpointError(optimizerPath, undefined, 'cannot be read');
    }),
    optimizerPath,
  );
  const { model } = await loadHuggingFaceModel(root);
  const byPrefix = (prefix: string): Map<string, TensorData> =>
    new Map(
      [...tensors]
        .filter(([name]) => name.startsWith(prefix))
        .map(([name, value]) => [name.slice(prefix.length), value]),
    );
  const master = byPrefix('weight.');
  try {
    if (master.size > 0) model.writeWeights(master);
  } catch (error) {
    model.dispose();
    throw new CheckpointError(optimizerPath, undefined, (error as Error).message);
  }
  return {
    directory: root,
    model,
    optimizer: { step: trainer.step, firstMoments: byPrefix('m.'), secondMoments: byPrefix('v.') },
    trainer,
  };
}

/** A saved `rngState` is four unsigned 32-bit words, or one (an older trainer's); anything else cannot resume. */
function checkRngState(state: unknown, statePath: string): void {
  if (Number.isInteger(state) && (state as number) >= 0 && (state as number) < 2 ** 32) return;
  try {
    restoreRandom(state as RandomState);
  } catch {
    const allowed = 'expected four unsigned 32-bit integers [a, b, c, counter] (or one, from an older trainer)';
    throw new CheckpointError(statePath, undefined, optionErrorMessage('rngState', state, allowed));
  }
}

/**
 * Deletes what a killed run may have left in `outDirectory`: half-written checkpoint directories
 * (`.checkpoint-*.tmp`), checkpoints moved aside for deletion, temporary `latest` links. Only
 * one training run may use an output directory at a time.
 */
export async function removeStaleCheckpointFiles(outDirectory: string): Promise<void> {
  const out = resolve(outDirectory);
  const entries = await readdir(out).catch(() => []);
  const stale = entries.filter((name) =>
    new RegExp(`^\\.(${CHECKPOINT_PREFIX}\\d+\\..*\\.(tmp|deleted)|${LATEST_LINK}\\..*\\.tmp)$`).test(name),
  );
  await Promise.all(stale.map((name) => rm(join(out, name), { recursive: true, force: true })));
}

/** Names of the complete checkpoints in `out`, oldest first. */
async function checkpointNames(out: string): Promise<string[]> {
  const entries = await readdir(out, { withFileTypes: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isDirectory() && new RegExp(`^${CHECKPOINT_PREFIX}\\d+$`).test(entry.name))
    .map((entry) => entry.name)
    .sort();
}

/** Renames `path` to a hidden name (one atomic step), then deletes it; no-op when absent. */
async function moveAsideAndDelete(out: string, path: string): Promise<void> {
  const aside = join(out, `.${basename(path)}.${randomBytes(4).toString('hex')}.deleted`);
  try {
    await rename(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  await rm(aside, { recursive: true, force: true });
}

async function pointLatestAt(out: string, name: string): Promise<void> {
  const temporary = join(out, `.${LATEST_LINK}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  await symlink(name, temporary, 'dir');
  await rename(temporary, join(out, LATEST_LINK));
  await syncDirectory(out);
}
