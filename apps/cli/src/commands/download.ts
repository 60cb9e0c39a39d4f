import { HubError, downloadModel, parseRepoReference } from '@fewshot/hub';
import { usageHint } from '../command-help.js';
import { defineCommand, parseCommandArgs } from '../command-spec.js';
import { type CliIo, CommandError, UsageError } from '../io.js';
import { MODEL_OPTIONS } from '../model-options.js';
import { createDownloadProgress } from './download-progress.js';

export const DOWNLOAD_COMMAND = defineCommand({
  name: 'download',
  summary: 'fetch a Hub model into the Hugging Face cache, with a progress bar; resumes when interrupted',
  usage: ['ORG/NAME[@REV] [--revision REV]'],
  positionals: { 'ORG/NAME[@REV]': 'a Hugging Face Hub model repo' },
  options: { revision: MODEL_OPTIONS.revision },
  notes: ['HF_ENDPOINT, HF_TOKEN, HF_HUB_CACHE (or HF_HOME) and HF_HUB_OFFLINE mean what they do to huggingface_hub.'],
  examples: ['fewshot download gpt2'],
});

/**
 * Prefetches what `--model ORG/NAME` loads — config, generation config, tokenizer files and the
 * weights — into the cache shared with huggingface_hub, with a progress bar on stderr; prints the
 * snapshot folder and its files. A download that was interrupted resumes where it stopped.
 */
export async function downloadCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(DOWNLOAD_COMMAND, args);
  const [name, ...extra] = positionals;
  if (name === undefined || extra.length > 0) {
    throw new UsageError(`give one model name\n${usageHint(DOWNLOAD_COMMAND)}`);
  }
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
