import { type LanguageModel, type TokenSequenceDecoder, generate } from '@fewshot/sampling';
import { exactMatch, f1Score, normalizeAnswer, normalizeTriviaQaAnswer } from '../answer-metrics.js';
import { buildFewShotPrompt } from '../build-prompt.js';
import type { CodeExecutor } from '../code/code-executor.js';
import type { Demonstration, TokenCounter } from '../example.js';
import {
  type PromptTemplate,
  closedBookQaTemplate,
  inputOutputTemplate,
  questionAnsweringTemplate,
} from '../prompt-template.js';
import { PromptingError } from '../prompting-error.js';
import { rankChoices } from '../rank-choices.js';
import { scoreContinuation } from '../score-continuations.js';
import { type CodeRunOptions, runCodeProblems } from './run-code-task.js';
import { standardErrors } from './standard-error.js';
import type {
  EpisodeItem,
  EvaluationTask,
  LambadaItem,
  MultipleChoiceTaskItem,
  QuestionAnsweringItem,
} from './task.js';
import { requireInteger } from '../validate.js';

export type EvaluationTokenizer = TokenCounter & TokenSequenceDecoder;

export interface EvaluateOptions {
  /** K for each run: 0 zero-shot, 1 one-shot, more few-shot. Default [0, 1, 8]. */
  readonly shots?: readonly number[];
  /** Evaluate only the first N items. */
  readonly limit?: number;
  /** Seeds the choice of demonstrations. Default 1234. */
  readonly seed?: number;
  /** Conditions LAMBADA's first token when needed; also the generation end token for QA and episodes. */
  readonly endOfTextTokenId?: number;
  /** Longest generated answer: QA and episodes default 32, code 256. */
  readonly maxAnswerTokens?: number;
  /** Checked after every item: once aborted, the evaluation rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  /** Runs code tasks' completions against their tests (`createSandboxExecutor` of `@fewshot/prompting/node`). */
  readonly executor?: CodeExecutor;
  /** Code tasks: completions per problem (n of pass@k). Default 1. */
  readonly codeSamples?: number;
  /** Code tasks: sampling temperature. Default 0.2 (Codex's for pass@1). */
  readonly codeTemperature?: number;
  /** Called after every item: how far the run with `shots` demonstrations is. */
  readonly onProgress?: (progress: EvaluationProgress) => void;
}

export interface EvaluationProgress {
  /** The run's K. */
  readonly shots: number;
  /** Items of this run evaluated so far. */
  readonly done: number;
  /** Items this run evaluates. */
  readonly total: number;
}

export interface ShotResult {
  readonly shots: number;
  readonly items: number;
  /**
   * e.g. `{ acc, perplexity }` (LAMBADA), `{ acc, acc_norm }`, `{ exact_match, f1 }` (QA), `{ exact_match }`
   * (episodes), `{ pass@1, pass@10, … }` (code).
   */
  readonly metrics: Readonly<Record<string, number>>;
  /** The binomial standard error of each rate among `metrics` (acc, acc_norm, exact_match, pass@1). */
  readonly standardErrors?: Readonly<Record<string, number>>;
}

export interface TaskResult {
  readonly task: string;
  /** A task's kind, or `bpb` for language modelling over a text (see `evaluateText`). */
  readonly kind: EvaluationTask['kind'] | 'bpb';
  readonly runs: readonly ShotResult[];
}

/** The paper's few-shot LAMBADA format: a cloze with the blank marked, answered after `->`. */
const lambadaClozeTemplate: PromptTemplate = {
  name: 'lambada-cloze',
  formatExample: (example) => `${example.input} ____. -> ${example.output}`,
  formatQuery: (query) => `${query.input} ____. ->`,
  separator: '\n\n',
  stop: ['\n'],
};

/** Multiple choice demonstrations are the context followed by the right choice. */
const multipleChoiceTemplate: PromptTemplate = {
  name: 'multiple-choice',
  formatExample: (example) => `${example.input}${example.output}`,
  formatQuery: (query) => query.input,
  separator: '\n\n',
  stop: ['\n'],
};

/**
 * Runs a task zero-, one- and few-shot as GPT-3 did: demonstrations come from `fewShotPool` when
 * the task has one, else from the task's other items (never the item being evaluated), drawn at
 * random with the seed; an episode shows the first K of its own examples. Prompts that do not fit
 * drop demonstrations (the farthest from the query first), never the query.
 */
export async function evaluateTask<Cache>(
  model: LanguageModel<Cache>,
  tokenizer: EvaluationTokenizer,
  task: EvaluationTask,
  options: EvaluateOptions = {},
): Promise<TaskResult> {
  const shots = options.shots ?? [0, 1, 8];
  if (shots.length === 0) throw new PromptingError('shots', shots, 'expected at least one K');
  for (const k of shots)
    if (!Number.isInteger(k) || k < 0) throw new PromptingError('shots', shots, 'expected non-negative integers');
  const limit = options.limit ?? task.items.length;
  requireInteger('limit', limit, 1);
  const total = Math.min(limit, task.items.length);
  const runs: ShotResult[] = [];
  for (const k of shots) {
    let done = 0;
    const tick = () => {
      options.onProgress?.({ shots: k, done: ++done, total });
      options.signal?.throwIfAborted();
    };
    switch (task.kind) {
      case 'lambada':
        runs.push(
          await runLambada(
            model,
            tokenizer,
            task.items.slice(0, limit),
            task.fewShotPool ?? task.items,
            k,
            options,
            tick,
          ),
        );
        break;
      case 'multiple-choice':
        runs.push(
          await runMultipleChoice(
            model,
            tokenizer,
            task.items.slice(0, limit),
            task.fewShotPool ?? task.items,
            k,
            options,
            tick,
          ),
        );
        break;
      case 'qa':
        runs.push(
          await runQuestionAnswering(
            model,
            tokenizer,
            task.items.slice(0, limit),
            task.fewShotPool ?? task.items,
            k,
            options,
            tick,
          ),
        );
        break;
      case 'episode':
        runs.push(await runEpisodes(model, tokenizer, task.items.slice(0, limit), k, options, tick));
        break;
      case 'code':
        runs.push({
          shots: k,
          ...(await runCodeProblems(
            model,
            tokenizer,
            task.items.slice(0, limit),
            task.items,
            k,
            codeOptions(options),
            tick,
          )),
        });
        break;
    }
  }
  return {
    task: task.name,
    kind: task.kind,
    runs: runs.map((run) => ({ ...run, standardErrors: standardErrors(run.metrics, run.items) })),
  };
}

function splitLastWord(text: string): Demonstration {
  const trimmed = text.trimEnd();
  const cut = trimmed.lastIndexOf(' ');
  return { input: trimmed.slice(0, cut), output: trimmed.slice(cut + 1) };
}

function promptFor(
  tokenizer: TokenCounter,
  model: { contextLength: number },
  pool: readonly Demonstration[],
  query: Demonstration,
  shots: number,
  template: PromptTemplate,
  seed: number,
  reserveTokens: number,
): string {
  const available = pool.filter((example) => example.input !== query.input).length;
  return buildFewShotPrompt({
    examples: pool,
    query: { input: query.input, ...(query.context === undefined ? {} : { context: query.context }) },
    shots: Math.min(shots, available),
    selection: 'random',
    seed,
    template,
    tokenizer,
    maxTokens: model.contextLength,
    reserveTokens: Math.min(reserveTokens, model.contextLength - 1),
  }).prompt;
}

async function runLambada<Cache>(
  model: LanguageModel<Cache>,
  tokenizer: EvaluationTokenizer,
  items: readonly LambadaItem[],
  poolItems: readonly LambadaItem[],
  shots: number,
  options: EvaluateOptions,
  tick: () => void,
): Promise<ShotResult> {
  const pool = poolItems.map((item) => splitLastWord(item.text));
  let correct = 0;
  let logprob = 0;
  for (const [index, item] of items.entries()) {
    const query = splitLastWord(item.text);
    const context =
      shots === 0
        ? query.input
        : promptFor(tokenizer, model, pool, query, shots, lambadaClozeTemplate, (options.seed ?? 1234) + index, 16);
    const score = await scoreContinuation(model, tokenizer, context, ` ${query.output}`, endOfText(options));
    if (score.isGreedy) correct++;
    logprob += score.logprob;
    tick();
  }
  // lm-evaluation-harness: perplexity over items, exp of the negative mean log-likelihood.
  return {
    shots,
    items: items.length,
    metrics: { acc: correct / items.length, perplexity: Math.exp(-logprob / items.length) },
  };
}

async function runMultipleChoice<Cache>(
  model: LanguageModel<Cache>,
  tokenizer: EvaluationTokenizer,
  items: readonly MultipleChoiceTaskItem[],
  poolItems: readonly MultipleChoiceTaskItem[],
  shots: number,
  options: EvaluateOptions,
  tick: () => void,
): Promise<ShotResult> {
  const pool = poolItems.map((item) => ({ input: item.context, output: item.choices[item.gold]! }));
  const longest = Math.max(...items.flatMap((item) => item.choices.map((choice) => tokenizer.encode(choice).length)));
  let acc = 0;
  let accNorm = 0;
  for (const [index, item] of items.entries()) {
    const context = promptFor(
      tokenizer,
      model,
      pool,
      { input: item.context, output: '' },
      shots,
      multipleChoiceTemplate,
      (options.seed ?? 1234) + index,
      longest,
    );
    const ranking = await rankChoices(
      model,
      tokenizer,
      { context, choices: item.choices, gold: item.gold },
      endOfText(options),
    );
    acc += ranking.acc ?? 0;
    accNorm += ranking.accNorm ?? 0;
    tick();
  }
  return { shots, items: items.length, metrics: { acc: acc / items.length, acc_norm: accNorm / items.length } };
}

async function runQuestionAnswering<Cache>(
  model: LanguageModel<Cache>,
  tokenizer: EvaluationTokenizer,
  items: readonly QuestionAnsweringItem[],
  poolItems: readonly QuestionAnsweringItem[],
  shots: number,
  options: EvaluateOptions,
  tick: () => void,
): Promise<ShotResult> {
  const pool = poolItems.map((item) => ({
    input: item.question,
    output: item.answers[0]!,
    ...(item.context === undefined ? {} : { context: item.context }),
  }));
  const maxNewTokens = options.maxAnswerTokens ?? 32;
  let em = 0;
  let f1 = 0;
  for (const [index, item] of items.entries()) {
    // With a passage: reading comprehension, SQuAD's metrics. Without: the paper's closed-book TriviaQA.
    const [template, normalize] =
      item.context === undefined
        ? [closedBookQaTemplate, normalizeTriviaQaAnswer]
        : [questionAnsweringTemplate, normalizeAnswer];
    const query = {
      input: item.question,
      output: '',
      ...(item.context === undefined ? {} : { context: item.context }),
    };
    const prompt = promptFor(
      tokenizer,
      model,
      pool,
      query,
      shots,
      template,
      (options.seed ?? 1234) + index,
      maxNewTokens,
    );
    const answer = await greedyAnswer(model, tokenizer, prompt, template.stop, maxNewTokens, options);
    em += exactMatch(answer, item.answers, normalize);
    f1 += f1Score(answer, item.answers, normalize);
    tick();
  }
  return { shots, items: items.length, metrics: { exact_match: em / items.length, f1: f1 / items.length } };
}

/**
 * Synthetic episodes: the first K of the item's own examples in the `Input:` / `Output:` format,
 * then a greedy answer up to the end of the line, right when it equals the expected output
 * (both trimmed; no other normalisation: the mappings are exact).
 */
async function runEpisodes<Cache>(
  model: LanguageModel<Cache>,
  tokenizer: EvaluationTokenizer,
  items: readonly EpisodeItem[],
  shots: number,
  options: EvaluateOptions,
  tick: () => void,
): Promise<ShotResult> {
  const short = items.findIndex((item) => item.examples.length < shots);
  if (short !== -1)
    throw new PromptingError('shots', shots, `item ${short + 1} has only ${items[short]!.examples.length} examples`);
  const maxNewTokens = options.maxAnswerTokens ?? 32;
  let correct = 0;
  for (const item of items) {
    const { prompt } = buildFewShotPrompt({
      examples: item.examples.slice(0, shots),
      query: item.input,
      excludeQuery: false,
      template: inputOutputTemplate,
      tokenizer,
      maxTokens: model.contextLength,
      reserveTokens: Math.min(maxNewTokens, model.contextLength - 1),
    });
    const answer = await greedyAnswer(model, tokenizer, prompt, inputOutputTemplate.stop, maxNewTokens, options);
    if (answer === item.output.trim()) correct++;
    tick();
  }
  return { shots, items: items.length, metrics: { exact_match: correct / items.length } };
}

/** The greedy continuation of a prompt up to a stop string, trimmed. */
async function greedyAnswer<Cache>(
  model: LanguageModel<Cache>,
  tokenizer: EvaluationTokenizer,
  prompt: string,
  stop: readonly string[],
  maxNewTokens: number,
  options: EvaluateOptions,
): Promise<string> {
  const result = await generate({
    model,
    decoder: tokenizer,
    prompt: tokenizer.encode(prompt),
    maxNewTokens,
    temperature: 0,
    stop,
    ...(options.endOfTextTokenId === undefined ? {} : { eosTokenId: options.endOfTextTokenId }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  return result.completions[0]?.text.trim() ?? '';
}

function codeOptions(options: EvaluateOptions): CodeRunOptions {
  const samples = options.codeSamples ?? 1;
  requireInteger('codeSamples', samples, 1);
  return {
    executor: options.executor,
    samples,
    temperature: options.codeTemperature ?? 0.2,
    maxNewTokens: options.maxAnswerTokens ?? 256,
    seed: options.seed ?? 1234,
    endOfTextTokenId: options.endOfTextTokenId,
    signal: options.signal,
  };
}

function endOfText(options: EvaluateOptions): { prefixTokenId?: number } {
  return options.endOfTextTokenId === undefined ? {} : { prefixTokenId: options.endOfTextTokenId };
}
