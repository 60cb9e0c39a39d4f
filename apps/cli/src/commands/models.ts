import { formatBytes } from '@fewshot/common';
import { HubCache, HubError, deleteCachedModel, hubSettings, listCachedModels, parseRepoReference } from '@fewshot/hub';
import { usageHint } from '../command-help.js';
import { defineCommand, parseCommandArgs } from '../command-spec.js';
import { type CliIo, CommandError, UsageError } from '../io.js';
import { JSON_OPTION } from '../model-options.js';
import { formatTable } from '../table.js';

export const MODELS_COMMAND = defineCommand({
  name: 'models',
  summary: 'the Hub models in the Hugging Face cache (repo, revisions, files, size), or delete one',
  usage: ['[--delete ORG/NAME] [--json]'],
  options: {
    delete: {
      type: 'string',
      value: 'ORG/NAME',
      valueType: 'name',
      description: 'remove this repo, every revision of it, from the cache',
    },
    ...JSON_OPTION,
  },
  examples: ['fewshot models', 'fewshot models --delete gpt2'],
});

/**
 * What the cache shared with huggingface_hub holds: each model repo with its snapshots (the
 * commit and the branches or tags that name it) and its size on disk; `--delete` removes a repo.
 */
export async function modelsCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(MODELS_COMMAND, args);
  if (positionals.length > 0)
    throw new UsageError(`unexpected argument ${positionals[0] ?? ''}\n${usageHint(MODELS_COMMAND)}`);
  const cache = new HubCache(hubSettings().cacheDir);
  if (values.delete !== undefined) {
    let repoId: string;
    try {
      repoId = parseRepoReference(values.delete).repoId;
    } catch (error) {
      if (error instanceof HubError) throw new UsageError(`--delete: ${error.message}`);
      throw error;
    }
    if (values.delete.includes('@'))
      throw new UsageError(`--delete ${values.delete}: deletes a whole repo; give ORG/NAME without a revision`);
    if (!(await deleteCachedModel(cache, repoId)))
      throw new CommandError(`${repoId} is not in the cache ${cache.directory}`);
    io.stdout(`deleted ${repoId} from ${cache.directory}\n`);
    return 0;
  }
  const models = await listCachedModels(cache);
  if (values.json) {
    io.stdout(`${JSON.stringify({ cache: cache.directory, models })}\n`);
    return 0;
  }
  if (models.length === 0) {
    io.stdout(`no models in ${cache.directory} (fewshot download ORG/NAME fetches one)\n`);
    return 0;
  }
  const rows = models.flatMap((model) =>
    model.snapshots.map((snapshot, i) => [
      i === 0 ? model.repoId : '',
      snapshot.refs.length > 0 ? snapshot.refs.join(', ') : '(commit only)',
      snapshot.commit.slice(0, 12),
      String(snapshot.files),
      i === 0 ? formatBytes(model.size) : '',
    ]),
  );
  io.stdout(`${cache.directory}\n${formatTable(['repo', 'revisions', 'commit', 'files', 'size'], rows)}`);
  return 0;
}
