import { HubError } from './hub-error.js';

/** A Hub model repo and the revision asked for (branch, tag or commit). */
export interface RepoReference {
  /** `org/name` or `name`. */
  readonly repoId: string;
  readonly revision: string;
}

export const DEFAULT_REVISION = 'main';

/** A full commit hash, which names a snapshot without a `refs/` entry. */
export const COMMIT_HASH = /^[0-9a-f]{40}$/;

// The Hub's rules for repo names (huggingface_hub's validate_repo_id): letters, digits, `-_.`,
// at most one `/`, no `--` or `..`, no leading or trailing `-`/`.`, at most 96 characters.
const REPO_ID = /^(?:[\w\-.]{1,96}\/)?[\w\-.]{1,96}$/;

/**
 * `org/name`, `name`, or either with `@revision`; `revision` (e.g. `--revision`) overrides none
 * and must agree when both are given. Throws a one-line {@link HubError} naming what is wrong.
 */
export function parseRepoReference(text: string, revision?: string): RepoReference {
  const at = text.indexOf('@');
  const repoId = at < 0 ? text : text.slice(0, at);
  const named = at < 0 ? undefined : text.slice(at + 1);
  if (!isRepoId(repoId)) {
    throw new HubError(
      'InvalidName',
      `model ${JSON.stringify(
        text,
      )} is not a Hub repo name: expected org/name or name (letters, digits, - _ .), optionally @revision`,
    );
  }
  if (named !== undefined && revision !== undefined && named !== revision) {
    throw new HubError(
      'InvalidName',
      `model ${JSON.stringify(text)} names revision ${named} but revision ${revision} was also given`,
    );
  }
  const chosen = named ?? revision ?? DEFAULT_REVISION;
  checkRevision(chosen);
  return { repoId, revision: chosen };
}

export function isRepoId(text: string): boolean {
  return REPO_ID.test(text) && !text.includes('--') && !text.includes('..') && !/(^|\/)[-.]|[-.]($|\/)/.test(text);
}

/** A revision becomes a file name under `refs/`: refuse what could leave that folder. */
export function checkRevision(revision: string): void {
  const parts = revision.split('/');
  if (
    revision === '' ||
    revision.length > 256 ||
    parts.some((part) => part === '' || part === '.' || part === '..') ||
    /[\s\\]/.test(revision)
  ) {
    throw new HubError(
      'InvalidName',
      `revision ${JSON.stringify(revision)} is invalid: expected a branch, tag or commit name`,
    );
  }
}

/** A file path inside a repo, checked so it stays inside a snapshot folder. */
export function checkRepoFile(file: string): void {
  const parts = file.split('/');
  if (file === '' || parts.some((part) => part === '' || part === '.' || part === '..') || file.includes('\\')) {
    throw new HubError('InvalidName', `file ${JSON.stringify(file)} is not a relative path inside a repo`);
  }
}

/** The cache folder of a model repo, as huggingface_hub names it: `models--org--name`. */
export function repoFolderName(repoId: string): string {
  return ['models', ...repoId.split('/')].join('--');
}

/** `org/name` from `models--org--name`, or undefined for any other folder. */
export function repoIdFromFolder(folder: string): string | undefined {
  const [kind, ...parts] = folder.split('--');
  return kind === 'models' && parts.length > 0 && parts.length <= 2 ? parts.join('/') : undefined;
}
