import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { MINI_MODEL_DIRECTORY } from '@fewshot/mini';
import { CommandError } from './io.js';

/**
 * Checks that the bundled fewshot-mini model (`MINI_MODEL_DIRECTORY` of `@fewshot/mini`), which
 * commands run without `--model`, is there: the directory is filled by the project's own
 * training run, and before that a missing model is reported as such, not as a broken checkpoint.
 */
export function requireBundledModel(): void {
  if (!existsSync(join(MINI_MODEL_DIRECTORY, 'config.json'))) {
    throw new CommandError(
      `no --model given and the bundled model is not built yet (${MINI_MODEL_DIRECTORY} has no config.json); ` +
        'pass --model DIR',
    );
  }
}
