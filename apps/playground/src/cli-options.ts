import { parseArgs } from 'node:util';
import { BACKEND_NAMES, type BackendName } from '@fewshot/model';
import { MissingCheckpointError } from './served-model.js';

export const PLAYGROUND_USAGE = 'fewshot-playground [--model DIR] [--port N] [--host ADDRESS] [--backend wasm|cpu|tensorflow]';

export interface PlaygroundCliOptions {
  /** A Hugging Face style model directory; the bundled fewshot-mini when absent. */
  readonly model: string | undefined;
  readonly port: number;
  readonly host: string;
  readonly backend: BackendName | undefined;
  readonly help: boolean;
}

export const DEFAULT_PORT = 3000;
export const DEFAULT_HOST = '127.0.0.1';

/** The command line's flags, checked: errors name the flag, the value and what is allowed. */
export function parsePlaygroundArgs(args: readonly string[]): PlaygroundCliOptions {
  const { values } = parseArgs({
    args: [...args],
    options: {
      model: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      backend: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RangeError(`--port ${values.port ?? ''}: expected an integer in [0, 65535] (0 picks a free port)`);
  const backend = values.backend;
  if (backend !== undefined && !(BACKEND_NAMES as readonly string[]).includes(backend)) {
    throw new RangeError(`--backend ${backend}: expected one of ${BACKEND_NAMES.join(', ')}`);
  }
  if (values.host === '') throw new RangeError('--host: expected an address, e.g. 127.0.0.1 or 0.0.0.0');
  return {
    model: values.model,
    port,
    host: values.host ?? DEFAULT_HOST,
    backend: backend as BackendName | undefined,
    help: values.help,
  };
}

/** The id the API serves a model under: `fewshot-mini` for the default, else the directory's name. */
export function modelIdFor(directory: string | undefined): string {
  if (directory === undefined) return 'fewshot-mini';
  return directory.replace(/[/\\]+$/, '').split(/[/\\]/).at(-1) ?? directory;
}

/** Why the model did not load, for the terminal; the untrained default model gets directions. */
export function describeLoadFailure(error: Error, isDefault: boolean): string {
  if (error instanceof MissingCheckpointError && isDefault) {
    return `the bundled fewshot-mini model has not been trained yet: ${error.message}.\n` +
      'Train it (see packages/mini/README.md), or serve another model directory with --model DIR.';
  }
  return error.message;
}
