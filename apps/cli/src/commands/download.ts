import { parseArgs } from 'node:util';
import { HubError, downloadModel, parseRepoReference } from '@fewshot/hub';
import { type CliIo, CommandError, UsageError } from '../io.js';
import { createDownloadProgress } from './download-progress.js';

export const DOWNLOAD_USAGE = `fewshot download ORG/NAME[@REV] [--revision REV]
                           fetches a Hub model into the Hugging Face cache (HF_ENDPOINT, HF_TOKEN, HF_HUB_CACHE)`;

/**
 * Prefetches what `--model ORG/NAME` loads — config, generation config, tokenizer files and the
 * weights — into the cache shared with huggingface_hub, with a progress bar on stderr; prints the
 * snapshot folder and its files. A download that was interrupted resumes where it stopped.
 */
export async function downloadCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: { revision: { type: 'string' } },
    allowPositionals: true,
  });
  const [name, ...extra] = positionals;
  if (name === undefined || extra.length > 0) throw new UsageError(`give one model name\nusage: ${DOWNLOAD_USAGE}`);
  let repo;
  try {
    repo = parseRepoReference(name, values.revision);
  } catch (error) {
    if (error instanceof HubError) throw new UsageError(error.message);
    throw error;
  }
  const progress = createDownloadProgress({ write: io.stderr, interactive: process.stderr.isTTY });
  try {
    const snapshot = await downloadModel(repo, {
      onProgress: progress.update,
      ...(io.signal === undefined ? {} : { signal: io.signal }),
    });
    progress.finish();
    io.stdout(`${repo.repoId}@${repo.revision} (commit ${snapshot.commit}) in ${snapshot.directory}\n`);
    for (const file of snapshot.files) io.stdout(`  ${file}\n`);
    return 0;
  } catch (error) {
    progress.finish();
    if (error instanceof HubError) throw new CommandError(error.message);
    throw error;
  }
}
