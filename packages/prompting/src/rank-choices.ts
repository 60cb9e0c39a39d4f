import type { LanguageModel } from '@fewshot/sampling';
import type { TokenCounter } from './example.js';
import { PromptingError } from './prompting-error.js';
import { type ContinuationScore, type ScoreOptions, scoreContinuations } from './score-continuations.js';

export interface MultipleChoiceItem {
  readonly context: string;
  readonly choices: readonly string[];
  /** Index of the correct choice, to compute the metrics. */
  readonly gold?: number;
}

export interface RankChoicesOptions extends ScoreOptions {
  /**
   * GPT-3's normalisation for some tasks: divide P(choice | context) by P(choice | this string),
   * e.g. `"Answer:"`, so that choices that are likely anyway are not favoured.
   */
  readonly unconditionalContext?: string;
}

export interface ChoiceScore extends ContinuationScore {
  /** Log-likelihood per character of the choice (lm-evaluation-harness's `acc_norm`). */
  readonly logprobPerChar: number;
  /** log P(choice | context) − log P(choice | unconditionalContext), when asked for. */
  readonly unconditionalNormalized?: number;
}

export interface ChoiceRanking {
  readonly scores: readonly ChoiceScore[];
  /** The choice with the highest log-likelihood. */
  readonly prediction: number;
  /** The choice with the highest log-likelihood per character. */
  readonly predictionNorm: number;
  /** The choice with the highest unconditionally normalised score, when asked for. */
  readonly predictionUnconditional?: number;
  /** 1/0 against `gold`, when given. */
  readonly acc?: number;
  readonly accNorm?: number;
  readonly accUnconditional?: number;
}

/** Ranks the choices of a multiple-choice item by in-context log-likelihood. */
export async function rankChoices<Cache>(
  model: LanguageModel<Cache>,
  tokenizer: TokenCounter,
  item: MultipleChoiceItem,
  options: RankChoicesOptions = {},
): Promise<ChoiceRanking> {
  if (item.choices.length < 2) throw new PromptingError('choices', item.choices, 'expected at least two choices');
  if (item.gold !== undefined && !(Number.isInteger(item.gold) && item.gold >= 0 && item.gold < item.choices.length)) {
    throw new PromptingError('gold', item.gold, `expected an index in 0..${item.choices.length - 1}`);
  }
  const conditional = await scoreContinuations(model, tokenizer, item.context, item.choices, options);
  const unconditional =
    options.unconditionalContext === undefined
      ? undefined
      : await scoreContinuations(model, tokenizer, options.unconditionalContext, item.choices, options);
  const scores: ChoiceScore[] = conditional.map((score, i) => ({
    ...score,
    logprobPerChar: score.logprob / Math.max(1, item.choices[i]!.length),
    ...(unconditional === undefined ? {} : { unconditionalNormalized: score.logprob - unconditional[i]!.logprob }),
  }));
  const prediction = argmaxBy(scores, (s) => s.logprob);
  const predictionNorm = argmaxBy(scores, (s) => s.logprobPerChar);
  const predictionUnconditional =
    unconditional === undefined ? undefined : argmaxBy(scores, (s) => s.unconditionalNormalized ?? -Infinity);
  const hit = (index: number | undefined) =>
    item.gold === undefined || index === undefined ? undefined : Number(index === item.gold);
  return {
    scores,
    prediction,
    predictionNorm,
    ...(predictionUnconditional === undefined ? {} : { predictionUnconditional }),
    ...(item.gold === undefined ? {} : { acc: hit(prediction), accNorm: hit(predictionNorm) }),
    ...(item.gold === undefined || predictionUnconditional === undefined
      ? {}
      : { accUnconditional: hit(predictionUnconditional) }),
  };
}

/** The first index with the highest value. */
function argmaxBy<T>(items: readonly T[], value: (item: T) => number): number {
  let best = 0;
  for (let i = 1; i < items.length; i++) if (value(items[i]!) > value(items[best]!)) best = i;
  return best;
}
