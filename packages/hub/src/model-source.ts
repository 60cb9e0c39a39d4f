import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { MINI_MODEL_DIRECTORY } from '@fewshot/mini';
import { HubError } from './hub-error.js';
import { type DownloadModelOptions, downloadModel } from './download-model.js';
import { parseRepoReference } from './repo-reference.js';

/** Where a model was loaded from. */
export type ModelSource =
  | { readonly kind: 'directory'; readonly directory: string }
  | {
      readonly kind: 'hub';
      readonly directory: string;
      readonly repoId: string;
      readonly revision: string;
      readonly commit: string;
    }
  | { readonly kind: 'bundled'; readonly directory: string };

export interface ResolveModelOptions extends DownloadModelOptions {
  /** A branch, tag or commit of a Hub repo (as `org/name@revision`). */
  readonly revision?: string;
}

/**
 * The checkpoint directory `nameOrPath` names: an existing local directory (it wins over a Hub
 * repo of the same name); else a Hub repo `org/name` or `name`, optionally `@revision`, fetched
 * into the cache (or found there offline); nothing = the bundled fewshot-mini. A path that does
 * not exist, or a name that is neither, is a one-line {@link HubError}.
 */
export async function resolveModelSource(
  nameOrPath: string | undefined,
  options: ResolveModelOptions = {},
): Promise<ModelSource> {
  if (nameOrPath === undefined) {
    if (options.revision !== undefined)
      throw new HubError('InvalidName', `revision ${options.revision} needs a Hub repo name`);
    return { kind: 'bundled', directory: MINI_MODEL_DIRECTORY };
  }
  const found = await stat(nameOrPath).catch(() => undefined);
  if (found?.isDirectory() === true) {
    if (options.revision !== undefined) {
      throw new HubError(
        'InvalidName',
        `${nameOrPath} is a local directory; a revision (${options.revision}) applies to Hub repos only`,
      );
    }
    return { kind: 'directory', directory: resolve(nameOrPath) };
  }
  if (found !== undefined)
    throw new HubError('InvalidName', `${nameOrPath} is a file; a model is a checkpoint directory or a Hub repo name`);
  if (/^(\.|~|\/)|\\|\/.*\/|^[A-Za-z]:/.test(nameOrPath)) {
    throw new HubError('InvalidName', `directory ${nameOrPath} does not exist (a Hub repo is named org/name)`);
  }
  const repo = parseRepoReference(nameOrPath, options.revision);
  const snapshot = await downloadModel(repo, options);
  return {
    kind: 'hub',
    directory: snapshot.directory,
    repoId: repo.repoId,
    revision: repo.revision,
    commit: snapshot.commit,
  };
}

/** One line: `org/name@rev (commit abc1234)`, a directory, or the bundled model. */
export function describeModelSource(source: ModelSource): string {
  switch (source.kind) {
    case 'hub':
      return `${source.repoId}@${source.revision} (commit ${source.commit.slice(0, 7)}, ${source.directory})`;
    case 'directory':
      return source.directory;
    case 'bundled':
      return `the bundled fewshot-mini (${source.directory})`;
  }
}
