import type { Demonstration, Example, TokenCounter } from './example.js';
import { type PromptTemplate, inputOutputTemplate } from './prompt-template.js';
import { PromptingError } from './prompting-error.js';
import { type ExampleSelection, selectExamples } from './select-examples.js';
import { requireInteger } from './validate.js';

export interface FewShotPromptOptions {
  /** The task description written first (zero-shot prompts rely on it alone). */
  readonly description?: string;
  /** The pool demonstrations are drawn from. */
  readonly examples?: readonly Demonstration[];
  /** The item to answer: a string is its input. */
  readonly query: string | Example;
  /** K: 0 is zero-shot, 1 one-shot, more few-shot. Default: every example in the pool. */
  readonly shots?: number;
  readonly selection?: ExampleSelection;
  readonly seed?: number;
  /**
   * Default true: a pool example with the query's input (and context) is never shown, as GPT-3
   * drew demonstrations. Synthetic episodes set false: a demonstration may share the query's
   * input by design (the answer is looked up in context).
   */
  readonly excludeQuery?: boolean;
  /** Default: the seed's `Input:` / `Output:` lines. */
  readonly template?: PromptTemplate;
  /** With `maxTokens`: counts tokens to fit the prompt into the context window. */
  readonly tokenizer?: TokenCounter;
  /** The context window (or the part of it the prompt may use). */
  readonly maxTokens?: number;
  /** Tokens kept free for the answer. Default 0. */
  readonly reserveTokens?: number;
}

export interface FewShotPrompt {
  readonly prompt: string;
  /** The demonstrations that made it into the prompt, in prompt order. */
  readonly examples: readonly Demonstration[];
  readonly shotsRequested: number;
  readonly shotsUsed: number;
  /** Present when a tokenizer was given. */
  readonly tokenCount?: number;
  /** The template's answer terminators. */
  readonly stop: readonly string[];
}

/**
 * Builds a zero-, one- or few-shot prompt. When it would not fit in `maxTokens − reserveTokens`,
 * demonstrations are dropped from the far end (the one farthest from the query first); the query
 * is never truncated: if it does not fit even with no demonstrations, that is an error.
 */
export function buildFewShotPrompt(options: FewShotPromptOptions): FewShotPrompt {
  const template = options.template ?? inputOutputTemplate;
  const query: Example = typeof options.query === 'string' ? { input: options.query } : options.query;
  const pool = options.examples ?? [];
  const shotsRequested = options.shots ?? pool.length;
  let examples = selectExamples(pool, {
    shots: shotsRequested,
    ...(options.selection === undefined ? {} : { selection: options.selection }),
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.excludeQuery === false ? {} : { exclude: query }),
  });
  for (const [i, example] of examples.entries()) {
    if (typeof example.output !== 'string')
      throw new PromptingError(`examples[${i}].output`, example.output, 'a demonstration needs its output');
  }
  const render = (shown: readonly Demonstration[]): string =>
    [
      ...(options.description === undefined ? [] : [options.description]),
      ...shown.map((example) => template.formatExample(example)),
      template.formatQuery(query),
    ].join(template.separator);

  const { tokenizer, maxTokens } = options;
  if (tokenizer === undefined || maxTokens === undefined) {
    if (maxTokens !== undefined)
      throw new PromptingError('tokenizer', undefined, 'maxTokens needs a tokenizer to count tokens');
    return { prompt: render(examples), examples, shotsRequested, shotsUsed: examples.length, stop: template.stop };
  }
  const reserve = options.reserveTokens ?? 0;
  requireInteger('maxTokens', maxTokens, 1);
  requireInteger('reserveTokens', reserve, 0, maxTokens - 1);
  const budget = maxTokens - reserve;
  let prompt = render(examples);
  let tokenCount = tokenizer.encode(prompt).length;
  while (tokenCount > budget && examples.length > 0) {
    examples = examples.slice(1);
    prompt = render(examples);
    tokenCount = tokenizer.encode(prompt).length;
  }
  if (tokenCount > budget) {
    throw new PromptingError(
      'query',
      query.input.length > 60 ? `${query.input.slice(0, 57)}...` : query.input,
      `the prompt needs ${tokenCount} tokens with no demonstrations, more than the ${budget} ` +
        `available (maxTokens ${maxTokens} − reserveTokens ${reserve}); the query is never truncated`,
    );
  }
  return { prompt, examples, shotsRequested, shotsUsed: examples.length, tokenCount, stop: template.stop };
}
