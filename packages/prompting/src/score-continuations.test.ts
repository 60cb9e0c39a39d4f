import { getEncoding } from '@fewshot/tokenizer';
import { describe, expect, it } from 'vitest';
import { HashModel } from './__fixtures__/hash-model.js';
import { rankChoices } from './rank-choices.js';
import { scoreContinuation, scoreContinuations } from './score-continuations.js';

const tokenizer = getEncoding('r50k_base');

/** log P(ids[t] | ids[t-1]) summed over the continuation positions, computed directly in float64. */
function referenceLogprob(model: HashModel, ids: readonly number[], from: number): { total: number; greedy: boolean } {
  let total = 0;
  let greedy = true;
  for (let t = from; t < ids.length; t++) {
    const logits = Array.from(model.logitsAfter(ids[t - 1]!));
    const max = Math.max(...logits);
    const logZ = max + Math.log(logits.reduce((sum, v) => sum + Math.exp(v - max), 0));
    total += logits[ids[t]!]! - logZ;
    if (logits.indexOf(max) !== ids[t]) greedy = false;
  }
  return { total, greedy };
}

describe('scoreContinuation', () => {
  it('moves trailing context whitespace into the continuation, as lm-evaluation-harness does', async () => {
    const model = new HashModel(50_257, 1024);
    const score = await scoreContinuation(model, tokenizer, 'The capital of France is ', 'Paris');
    // " Paris" is one r50k_base token; with the space left in the context it would be "Paris".
    expect(score.continuationIds).toEqual(tokenizer.encode(' Paris'));
    const ids = tokenizer.encode('The capital of France is Paris');
    const context = tokenizer.encode('The capital of France is');
    expect(score.logprob).toBeCloseTo(referenceLogprob(model, ids, context.length).total, 4);
  });

  it('sums token log-probabilities of multi-token continuations and reports is_greedy', async () => {
    const model = new HashModel(50_257, 1024);
    const score = await scoreContinuation(model, tokenizer, 'Once upon a time', ' there lived a dragon');
    const ids = tokenizer.encode('Once upon a time there lived a dragon');
    const reference = referenceLogprob(model, ids, tokenizer.encode('Once upon a time').length);
    expect(score.tokenLogprobs).toHaveLength(4);
    expect(score.logprob).toBeCloseTo(reference.total, 4);
    expect(score.isGreedy).toBe(reference.greedy);
  });

  it('flags a continuation that is the argmax at every step as greedy', async () => {
    const the = tokenizer.encode(' the')[0]!;
    const model = new HashModel(50_257, 1024, true, the);
    expect(tokenizer.encode(' the the the')).toEqual([the, the, the]);
    expect((await scoreContinuation(model, tokenizer, 'Hello', ' the the the')).isGreedy).toBe(true);
    expect((await scoreContinuation(model, tokenizer, 'Hello', ' the a the')).isGreedy).toBe(false);
  });

  it('feeds the context once and shares it between continuations', async () => {
    const model = new HashModel(50_257, 1024);
    const context = 'Question: what colour is the sky? Answer:';
    await scoreContinuations(model, tokenizer, context, [' blue', ' green', ' red sky']);
    const contextIds = tokenizer.encode(context);
    expect(model.calls.filter((call) => call.length === contextIds.length)).toHaveLength(1);
    const withoutFork = new HashModel(50_257, 1024, false);
    const a = await scoreContinuations(withoutFork, tokenizer, context, [' blue', ' green', ' red sky']);
    const b = await scoreContinuations(model, tokenizer, context, [' blue', ' green', ' red sky']);
    expect(a.map((s) => s.logprob)).toEqual(b.map((s) => s.logprob));
  });

  const truncationTitle =
    'drops context tokens from the start when the pair does not fit, and conditions an empty context on a prefix token';
  it(truncationTitle, async () => {
    const model = new HashModel(50_257, 8);
    const long = 'one two three four five six seven eight nine ten';
    const score = await scoreContinuation(model, tokenizer, long, ' eleven');
    const ids = tokenizer.encode(`${long} eleven`);
    const contextLength = tokenizer.encode(long).length;
    expect(score.logprob).toBeCloseTo(referenceLogprob(model, ids, contextLength).total, 4);
    await expect(scoreContinuation(model, tokenizer, '', 'Hello')).rejects.toThrow(
      'prefixTokenId = undefined is invalid',
    );
    const unconditioned = await scoreContinuation(model, tokenizer, '', 'Hello', { prefixTokenId: 50_256 });
    expect(unconditioned.logprob).toBeCloseTo(
      referenceLogprob(model, [50_256, ...tokenizer.encode('Hello')], 1).total,
      4,
    );
    await expect(scoreContinuation(model, tokenizer, 'x', ' a b c d e f g h i j')).rejects.toThrow(
      "a continuation must fit in the model's context of 8 tokens",
    );
  });
});

describe('rankChoices', () => {
  it('ranks by log-likelihood, per character, and by the unconditional probability', async () => {
    const model = new HashModel(50_257, 1024);
    const item = {
      context: 'The weather today is',
      choices: [' sunny', ' raining heavily over the hills', ' cold'],
      gold: 2,
    };
    const ranking = await rankChoices(model, tokenizer, item, { unconditionalContext: 'Answer:' });
    const logprobs = item.choices.map(
      (choice) =>
        referenceLogprob(model, tokenizer.encode(item.context + choice), tokenizer.encode(item.context).length).total,
    );
    const unconditional = item.choices.map(
      (choice) =>
        referenceLogprob(model, tokenizer.encode(`Answer:${choice}`), tokenizer.encode('Answer:').length).total,
    );
    const argmax = (values: number[]) => values.indexOf(Math.max(...values));
    expect(ranking.prediction).toBe(argmax(logprobs));
    expect(ranking.predictionNorm).toBe(argmax(logprobs.map((lp, i) => lp / item.choices[i]!.length)));
    expect(ranking.predictionUnconditional).toBe(argmax(logprobs.map((lp, i) => lp - unconditional[i]!)));
    expect(ranking.acc).toBe(Number(ranking.prediction === 2));
    expect(ranking.accNorm).toBe(Number(ranking.predictionNorm === 2));
    ranking.scores.forEach((score, i) => {
      expect(score.logprob).toBeCloseTo(logprobs[i]!, 4);
      expect(score.unconditionalNormalized).toBeCloseTo(logprobs[i]! - unconditional[i]!, 4);
    });
  });

  it('validates the item', async () => {
    const model = new HashModel(50_257, 1024);
    await expect(rankChoices(model, tokenizer, { context: 'x', choices: [' a'] })).rejects.toThrow(
      'expected at least two choices',
    );
    await expect(rankChoices(model, tokenizer, { context: 'x', choices: [' a', ' b'], gold: 2 })).rejects.toThrow(
      'gold = 2 is invalid: expected an index in 0..1',
    );
  });
});
