import { dirname, resolve } from 'node:path';
import { isPresetName } from '@fewshot/config';
import { BACKEND_NAMES, type BackendName } from '@fewshot/model/node';
import { TRAIN_OPTION_NAMES, type TrainOptions } from '@fewshot/training';
import { parseCommandArgs } from '../command-spec.js';
import { type CliIo, UsageError } from '../io.js';
import { OPTION_FLAGS, TRAIN_COMMAND } from './train-flags.js';

/** Paths and switches of `fewshot train` that are not optimizer options. */
export interface TrainSetup {
  /** Preset name, model config JSON, or a Hugging Face directory to continue from. */
  readonly model?: string;
  /** Directory with `vocab.json` + `merges.txt` (or `tokenizer.json`). */
  readonly tokenizer?: string;
  readonly train?: string;
  readonly valid?: string;
  readonly out?: string;
  readonly resume: boolean;
  readonly backend?: BackendName;
  /** Training options given explicitly (config file, then flags), by `TrainOptions` field. */
  readonly options: Partial<Record<keyof TrainOptions, unknown>>;
  /** Where each explicitly given option came from, for error messages (`--lr`, `run.json: learningRate`). */
  readonly sources: ReadonlyMap<string, string>;
}

const STRING_FLAGS: ReadonlySet<string> = new Set(['dtype']);
const SETUP_FIELDS = ['model', 'tokenizer', 'train', 'valid', 'out', 'backend', 'resume'] as const;
const PATH_FIELDS: ReadonlySet<string> = new Set(['model', 'tokenizer', 'train', 'valid', 'out']);

/**
 * Reads `--config FILE` (a JSON object of setup fields and `TrainOptions` fields; relative paths
 * in it are relative to the file) and overlays the flags, which win.
 */
export function parseTrainArgs(args: readonly string[], io: CliIo): TrainSetup {
  const { values }: { values: Record<string, string | boolean | undefined> } = parseCommandArgs(TRAIN_COMMAND, args);
  const setup: Record<string, unknown> = {};
  const options: Record<string, unknown> = {};
  const sources = new Map<string, string>();
  if (typeof values.config === 'string') readConfigFile(values.config, io, setup, options, sources);
  for (const field of SETUP_FIELDS) {
    const value = values[field];
    if (value === undefined) continue;
    setup[field] = value;
    sources.set(field, `--${field}`);
  }
  for (const [flag, field] of Object.entries(OPTION_FLAGS)) {
    const text = values[flag];
    if (typeof text !== 'string') continue;
    options[field] = STRING_FLAGS.has(flag) ? text : parseNumber(`--${flag}`, text);
    sources.set(field, `--${flag}`);
  }
  const backend = setup.backend;
  if (backend !== undefined && !(BACKEND_NAMES as readonly unknown[]).includes(backend)) {
    throw new UsageError(
      `${sources.get('backend') ?? 'backend'} = ${JSON.stringify(backend)} ` +
        `is invalid: expected one of ${BACKEND_NAMES.join(', ')}`,
    );
  }
  return {
    ...(setup as Omit<TrainSetup, 'resume' | 'options' | 'sources'>),
    resume: setup.resume === true,
    options,
    sources,
  };
}

function readConfigFile(
  path: string,
  io: CliIo,
  setup: Record<string, unknown>,
  options: Record<string, unknown>,
  sources: Map<string, string>,
): void {
  let json: unknown;
  try {
    json = JSON.parse(io.readFile(path));
  } catch (error) {
    throw new UsageError(`--config ${path}: cannot be read as JSON (${(error as Error).message})`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new UsageError(`--config ${path}: expected a JSON object`);
  const base = dirname(resolve(path));
  for (const [field, value] of Object.entries(json as Record<string, unknown>)) {
    const source = `${path}: ${field}`;
    if ((SETUP_FIELDS as readonly string[]).includes(field)) {
      if (field === 'resume' ? typeof value !== 'boolean' : typeof value !== 'string') {
        throw new UsageError(
          `${source} = ${JSON.stringify(value)} is invalid: expected ` +
            (field === 'resume' ? 'true or false' : 'a string'),
        );
      }
      // Paths are relative to the config file; a preset name is not a path.
      const isPath = PATH_FIELDS.has(field) && typeof value === 'string' && !(field === 'model' && isPresetName(value));
      setup[field] = isPath ? resolve(base, value) : value;
    } else if ((TRAIN_OPTION_NAMES as readonly string[]).includes(field)) {
      options[field] = value;
    } else {
      throw new UsageError(
        `${source} is not a known field; known fields are ${[...SETUP_FIELDS, ...TRAIN_OPTION_NAMES].join(', ')}`,
      );
    }
    sources.set(field, source);
  }
}

function parseNumber(flag: string, text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value))
    throw new UsageError(`${flag} ${JSON.stringify(text)} is invalid: expected a number`);
  return value;
}
