/**
 * A checkpoint file that cannot be read or does not fit the model. The message names the file,
 * the tensor (when one is at fault) and what is wrong, so a user can tell a truncated download
 * from a checkpoint of another architecture.
 */
export class CheckpointError extends Error {
  override readonly name = 'CheckpointError';

  constructor(
    readonly file: string,
    readonly tensor: string | undefined,
    readonly fault: string,
  ) {
    super(`${file}${tensor === undefined ? '' : `: tensor "${tensor}"`}: ${fault}`);
  }
}
