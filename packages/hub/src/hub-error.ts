/** Why a Hub request or the cache failed; `code` is the Hub's `X-Error-Code` or one of ours. */
export type HubErrorCode =
  | 'RepoNotFound'
  | 'EntryNotFound'
  | 'RevisionNotFound'
  | 'GatedRepo'
  | 'Unauthorized'
  | 'HttpError'
  | 'Unreachable'
  | 'IntegrityError'
  | 'OfflineMissing'
  | 'InvalidName'
  | 'Aborted';

/**
 * A Hub download or cache lookup that failed, as one line naming the repo, the revision and the
 * file at fault — never the token — so a user can tell a typo from a gated repo from a network fault.
 */
export class HubError extends Error {
  override readonly name = 'HubError';

  constructor(
    readonly code: HubErrorCode,
    message: string,
  ) {
    super(message);
  }
}
