import { bitsPerByteFromNats } from '@fewshot/common';
import { type GptModel, tokenLogProbabilities } from '@fewshot/model';
import { TokenizerError } from '@fewshot/tokenizer';
import { usageHint } from '../command-help.js';
import { defineCommand, parseCommandArgs } from '../command-spec.js';
import { checkIdsInVocabulary, parseIdList } from '../id-list.js';
import { type CliIo, CommandError, UsageError } from '../io.js';
import { loadCliModel } from '../load-model.js';
import { JSON_OPTION, MODEL_OPTIONS, WEIGHTS_OPTION } from '../model-options.js';
import { formatTable } from '../table.js';

export const SCORE_COMMAND = defineCommand({
  name: 'score',
  summary: 'per-token log-probabilities of a text under a model',
  usage: ['(--text TEXT | --ids ID,ID,...) [options]'],
  options: {
    text: { type: 'string', value: 'TEXT', valueType: 'text', description: "the text, in the model's tokenizer" },
    ids: {
      type: 'string',
      value: 'ID,ID,...',
      valueType: 'list',
      allowed: 'of token ids',
      description: 'the token ids to score',
    },
    ...MODEL_OPTIONS,
    ...WEIGHTS_OPTION,
    ...JSON_OPTION,
  },
  examples: ['fewshot score --text "Hello world" --json'],
});

/** What `fewshot score --json` prints. */
export interface ScoreResult {
  readonly ids: readonly number[];
  /** `logprobs[i]` = log P(ids[i + 1] | ids[0..i]), natural log. */
  readonly logprobs: readonly number[];
  readonly total: number;
  /** exp(−mean log-probability). */
  readonly perplexity: number;
  /** Bits per UTF-8 byte of the scored tokens (all but the first); only when text is given. */
  readonly bitsPerByte?: number;
}

/**
 * Scores a token sequence with a checkpoint: log P of every token given the ones before it.
 * Exit code 1 with one line for a directory that is not a loadable checkpoint.
 */
export async function scoreCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(SCORE_COMMAND, args);
  if ((values.text === undefined) === (values.ids === undefined)) {
    throw new UsageError(`give exactly one of --text and --ids\n${usageHint(SCORE_COMMAND)}`);
  }
  const listedIds = values.ids === undefined ? undefined : parseIdList('--ids', values.ids);
  // A text is scored in one pass: with --weights, every product of it reads the stored weights.
  const { model, tokenizer } = await loadCliModel(values, io, { weightRows: Infinity });
  try {
    let ids = listedIds ?? [];
    let scoredBytes: number | undefined;
    if (values.text !== undefined) {
      ids = tokenizer.encode(values.text, 'all');
      // The first token has no prediction, so its bytes are not part of what was scored.
      scoredBytes = tokenizer.decodeBytes(ids.slice(1)).length;
    }
    checkIds(ids, model, values.text === undefined ? '--ids' : '--text');
    const logprobs = Array.from(tokenLogProbabilities(model, ids));
    const total = logprobs.reduce((sum, value) => sum + value, 0);
    const result: ScoreResult = {
      ids,
      logprobs,
      total,
      perplexity: Math.exp(-total / logprobs.length),
      ...(scoredBytes === undefined || scoredBytes === 0
        ? {}
        : { bitsPerByte: bitsPerByteFromNats(-total, scoredBytes) }),
    };
    io.stdout(values.json ? `${JSON.stringify(result)}\n` : formatScore(result));
    return 0;
  } catch (error) {
    if (error instanceof TokenizerError) throw new CommandError(error.message);
    throw error;
  } finally {
    model.dispose();
  }
}

function checkIds(ids: readonly number[], model: GptModel, source: string): void {
  const { vocabSize, contextLength } = model.config;
  if (ids.length < 2) throw new UsageError(`${source}: gives ${ids.length} token(s); scoring needs at least 2`);
  if (ids.length > contextLength)
    throw new UsageError(`${source}: gives ${ids.length} tokens; the model's context holds at most ${contextLength}`);
  checkIdsInVocabulary(source, ids, vocabSize);
}

function formatScore(result: ScoreResult): string {
  const rows = result.logprobs.map((logprob, i) => [
    String(i + 1),
    String(result.ids[i + 1] ?? ''),
    logprob.toFixed(4),
  ]);
  const summary = [`total ${result.total.toFixed(4)} nats`, `perplexity ${result.perplexity.toFixed(3)}`];
  if (result.bitsPerByte !== undefined) summary.push(`${result.bitsPerByte.toFixed(4)} bits/byte`);
  return `${formatTable(['position', 'id', 'logprob'], rows)}${summary.join(', ')}\n`;
}
