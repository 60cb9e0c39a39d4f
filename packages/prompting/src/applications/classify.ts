import type { LanguageModel } from '@fewshot/sampling';
import { buildFewShotPrompt } from '../build-prompt.js';
import type { Demonstration, TokenCounter } from '../example.js';
import { classificationTemplate } from '../prompt-template.js';
import { type ChoiceRanking, rankChoices } from '../rank-choices.js';

export interface ClassifyOptions {
  /** The label set; every label is scored as a continuation of the prompt. */
  readonly labels: readonly string[];
  /** Labelled demonstrations, in the seed's `Input:` / `Output:` lines. */
  readonly examples?: readonly Demonstration[];
  /** The task description that opens the prompt, e.g. the seed's "Classify the sentiment …". */
  readonly description?: string;
  /** Conditions an empty prompt's first token (the end-of-text token, as lm-evaluation-harness). */
  readonly prefixTokenId?: number;
}

export interface LabelScore {
  readonly label: string;
  /** log P(" label" | prompt), summed over the label's tokens. */
  readonly logprob: number;
  /** The label's share of the probability given to all the labels. */
  readonly probability: number;
}

export interface Classification {
  /** The most likely label. */
  readonly label: string;
  /** Every label, in the order given. */
  readonly scores: readonly LabelScore[];
  readonly prompt: string;
  readonly ranking: ChoiceRanking;
}

/**
 * Few-shot classification by in-context scoring (the seed's `FewShotPrompt` sentiment example):
 * the description, the demonstrations and the text as `Input:` / `Output:` lines, then each label
 * scored as the continuation after `Output:`; nothing is sampled, so the answer is always a label.
 */
export async function classify<Cache>(
  model: LanguageModel<Cache>,
  tokenizer: TokenCounter,
  text: string,
  options: ClassifyOptions,
): Promise<Classification> {
  const template = classificationTemplate(options.labels);
  const { prompt } = buildFewShotPrompt({
    template,
    examples: options.examples ?? [],
    query: text,
    excludeQuery: false,
    ...(options.description === undefined ? {} : { description: options.description }),
  });
  const ranking = await rankChoices(
    model,
    tokenizer,
    { context: prompt, choices: template.labels.map((label) => ` ${label}`) },
    options.prefixTokenId === undefined ? {} : { prefixTokenId: options.prefixTokenId },
  );
  const top = Math.max(...ranking.scores.map((score) => score.logprob));
  const weights = ranking.scores.map((score) => Math.exp(score.logprob - top));
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  return {
    label: template.labels[ranking.prediction]!,
    scores: template.labels.map((label, i) => ({
      label,
      logprob: ranking.scores[i]!.logprob,
      probability: weights[i]! / total,
    })),
    prompt,
    ranking,
  };
}
