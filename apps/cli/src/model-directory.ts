import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { MINI_MODEL_DIRECTORY } from '@fewshot/mini';
import { CommandError } from './io.js';

/**
 * The checkpoint directory a command runs on: `--model DIR` when given, else the bundled
 * fewshot-mini model (`MINI_MODEL_DIRECTORY` of `@fewshot/mini`), so `generate`, `score` and
 * `eval` work with no download. The bundled directory is filled by the project's own training
 * run; before that, a missing model is reported as such rather than as a broken checkpoint.
 */
export function resolveModelDirectory(model: string | undefined): string {
  if (model !== undefined) return model;
  if (!existsSync(join(MINI_MODEL_DIRECTORY, 'config.json'))) {
    throw new CommandError(`no --model given and the bundled model is not built yet (${MINI_MODEL_DIRECTORY} has no config.json); pass --model DIR`);
  }
  return MINI_MODEL_DIRECTORY;
}
