/**
 * Free-form answer metrics as the SQuAD and TriviaQA evaluation scripts define them (GPT-3
 * reported them for TriviaQA, CoQA, …): answers are compared after lower-casing, removing
 * punctuation and the articles a/an/the, and collapsing whitespace; the score against several
 * gold answers (aliases) is the best.
 */

/** SQuAD's answer normalisation. */
export function normalizeAnswer(text: string): string {
  return text
    .toLowerCase()
    .replace(/\p{P}/gu, '')
    .replace(/\b(a|an|the)\b/g, ' ')
    .split(/\s+/)
    .filter((word) => word.length > 0)
    .join(' ');
}

/** How answers are normalised before they are compared. */
export type AnswerNormalizer = (text: string) => string;

/** ASCII punctuation (Python's `string.punctuation`) and the quote marks TriviaQA adds to it. */
const TRIVIA_QA_PUNCTUATION = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~‘’´]/g;

/**
 * TriviaQA's normalisation (`triviaqa_evaluation.py`): underscores and punctuation become spaces
 * (SQuAD deletes punctuation: "rock-and-roll" is one word there, three here), then lower case,
 * the articles a/an/the removed and whitespace collapsed.
 */
export function normalizeTriviaQaAnswer(text: string): string {
  return text
    .replaceAll('_', ' ')
    .toLowerCase()
    .replace(TRIVIA_QA_PUNCTUATION, ' ')
    .replace(/\b(a|an|the)\b/g, ' ')
    .split(/\s+/)
    .filter((word) => word.length > 0)
    .join(' ');
}

/** 1 if the prediction equals any gold answer (any alias) after normalisation, else 0. */
export function exactMatch(
  prediction: string,
  goldAnswers: readonly string[],
  normalize: AnswerNormalizer = normalizeAnswer,
): number {
  const normalized = normalize(prediction);
  return goldAnswers.some((gold) => normalize(gold) === normalized) ? 1 : 0;
}

/** The best token-overlap F1 between the prediction and any gold answer (any alias). */
export function f1Score(
  prediction: string,
  goldAnswers: readonly string[],
  normalize: AnswerNormalizer = normalizeAnswer,
): number {
  return Math.max(0, ...goldAnswers.map((gold) => tokenF1(normalize(prediction), normalize(gold))));
}

function tokenF1(normalizedPrediction: string, normalizedGold: string): number {
  const predicted = normalizedPrediction.split(' ').filter(Boolean);
  const expected = normalizedGold.split(' ').filter(Boolean);
  if (predicted.length === 0 || expected.length === 0) return predicted.length === expected.length ? 1 : 0;
  const remaining = new Map<string, number>();
  for (const word of expected) remaining.set(word, (remaining.get(word) ?? 0) + 1);
  let shared = 0;
  for (const word of predicted) {
    const left = remaining.get(word) ?? 0;
    if (left > 0) {
      shared++;
      remaining.set(word, left - 1);
    }
  }
  if (shared === 0) return 0;
  const precision = shared / predicted.length;
  const recall = shared / expected.length;
  return (2 * precision * recall) / (precision + recall);
}
