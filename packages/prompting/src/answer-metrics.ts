/**
 * Free-form answer metrics as the SQuAD evaluation script defines them (and GPT-3 reported for
 * TriviaQA, CoQA, …): answers are compared after lower-casing, removing punctuation and the
 * articles a/an/the, and collapsing whitespace; the score against several gold answers is the best.
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

/** 1 if the prediction equals any gold answer after normalisation, else 0. */
export function exactMatch(prediction: string, goldAnswers: readonly string[]): number {
  const normalized = normalizeAnswer(prediction);
  return goldAnswers.some((gold) => normalizeAnswer(gold) === normalized) ? 1 : 0;
}

/** The best token-overlap F1 between the prediction and any gold answer. */
export function f1Score(prediction: string, goldAnswers: readonly string[]): number {
  return Math.max(0, ...goldAnswers.map((gold) => tokenF1(prediction, gold)));
}

function tokenF1(prediction: string, gold: string): number {
  const predicted = normalizeAnswer(prediction).split(' ').filter(Boolean);
  const expected = normalizeAnswer(gold).split(' ').filter(Boolean);
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
