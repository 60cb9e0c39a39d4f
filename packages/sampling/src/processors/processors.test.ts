import { describe, expect, it } from 'vitest';
import { GenerationOptionError } from '../generation-error.js';
import { BannedSequencesProcessor } from './banned-sequences.js';
import { LogitBiasProcessor } from './logit-bias.js';
import { MinNewTokensProcessor } from './min-new-tokens.js';
import { NoRepeatNgramProcessor } from './no-repeat-ngram.js';
import { PresenceFrequencyPenaltyProcessor } from './presence-frequency-penalty.js';
import { RepetitionPenaltyProcessor } from './repetition-penalty.js';

const run = (
  p: { process(l: Float32Array, c: { ids: readonly number[]; promptLength: number }): void },
  logits: number[],
  ids: number[],
  promptLength = 0,
): number[] => {
  const l = Float32Array.from(logits);
  p.process(l, { ids, promptLength });
  return Array.from(l);
};

describe('RepetitionPenaltyProcessor', () => {
  it('divides positive and multiplies negative logits of seen tokens once each (HF)', () => {
    // Token 0 (2.0) seen twice → 2/2 = 1; token 2 (−1) seen → −2; tokens 1, 3 unseen.
    expect(run(new RepetitionPenaltyProcessor(2), [2, 1, -1, 0.5], [0, 2, 0], 2)).toEqual([1, 1, -2, 0.5]);
  });
  it('rejects a non-positive penalty, naming it', () => {
    expect(() => new RepetitionPenaltyProcessor(0)).toThrow(
      /repetitionPenalty = 0 is invalid: expected a finite number > 0/,
    );
  });
});

describe('PresenceFrequencyPenaltyProcessor', () => {
  it('applies μ − c·α_freq − [c > 0]·α_pres over generated tokens only (OpenAI)', () => {
    // Prompt [3]; generated [1, 1, 2]: c = {1: 2, 2: 1}. α_pres 0.5, α_freq 0.25.
    const out = run(new PresenceFrequencyPenaltyProcessor(0.5, 0.25), [0, 1, 2, 3], [3, 1, 1, 2], 1);
    expect(out).toEqual([0, 1 - 2 * 0.25 - 0.5, 2 - 0.25 - 0.5, 3]);
  });
  it('rejects penalties outside [−2, 2]', () => {
    expect(() => new PresenceFrequencyPenaltyProcessor(2.5, 0)).toThrow(GenerationOptionError);
    expect(() => new PresenceFrequencyPenaltyProcessor(0, -3)).toThrow(
      /frequencyPenalty = -3 is invalid: expected a number in \[-2, 2\]/,
    );
  });
});

describe('LogitBiasProcessor', () => {
  it('adds the bias by token id, from a record or a Map', () => {
    expect(run(new LogitBiasProcessor({ '1': 5, '3': -100 }, 4), [0, 0, 0, 0], [])).toEqual([0, 5, 0, -100]);
    expect(run(new LogitBiasProcessor(new Map([[0, 1.5]]), 4), [1, 1, 1, 1], [])).toEqual([2.5, 1, 1, 1]);
  });
  it('rejects out-of-range biases and ids', () => {
    expect(() => new LogitBiasProcessor({ '1': 101 }, 4)).toThrow(
      /logitBias\[1\] = 101 is invalid: expected a number in \[-100, 100\]/,
    );
    expect(() => new LogitBiasProcessor({ '9': 1 }, 4)).toThrow(
      /logitBias key = 9 is invalid: expected an integer in 0..3/,
    );
  });
});

describe('BannedSequencesProcessor', () => {
  it('bans single tokens always and the last token of a sequence whose prefix just occurred', () => {
    const p = new BannedSequencesProcessor([[0], [1, 2, 3]], 5);
    expect(run(p, [1, 1, 1, 1, 1], [4, 1, 2])).toEqual([-Infinity, 1, 1, -Infinity, 1]);
    expect(run(p, [1, 1, 1, 1, 1], [1, 4, 2])).toEqual([-Infinity, 1, 1, 1, 1]);
  });
  it('rejects empty sequences and bad ids', () => {
    expect(() => new BannedSequencesProcessor([[]], 5)).toThrow(/bannedSequences\[0\]/);
    expect(() => new BannedSequencesProcessor([[1, 7]], 5)).toThrow(/bannedSequences\[0\]\[1\] = 7/);
  });
});

describe('NoRepeatNgramProcessor', () => {
  it('bans tokens that would repeat a bigram', () => {
    // ids 1 2 3 1: bigrams (1,2) (2,3) (3,1); tail 1 → ban 2.
    expect(run(new NoRepeatNgramProcessor(2), [0, 0, 0, 0], [1, 2, 3, 1])).toEqual([0, 0, -Infinity, 0]);
  });
  it('bans tokens that would repeat a trigram, and every seen token for n = 1', () => {
    // ids 1 2 3 1 2: trigram (1,2,3) exists; tail (1,2) → ban 3.
    expect(run(new NoRepeatNgramProcessor(3), [0, 0, 0, 0], [1, 2, 3, 1, 2])).toEqual([0, 0, 0, -Infinity]);
    expect(run(new NoRepeatNgramProcessor(1), [0, 0, 0, 0], [3, 1])).toEqual([0, -Infinity, 0, -Infinity]);
  });
  it('does nothing while the sequence is shorter than n', () => {
    expect(run(new NoRepeatNgramProcessor(3), [0, 0], [1, 1])).toEqual([0, 0]);
  });
});

describe('MinNewTokensProcessor', () => {
  it('masks EOS until enough tokens were generated', () => {
    const p = new MinNewTokensProcessor(2, [3]);
    expect(run(p, [0, 0, 0, 0], [9, 9, 1], 2)).toEqual([0, 0, 0, -Infinity]);
    expect(run(p, [0, 0, 0, 0], [9, 9, 1, 1], 2)).toEqual([0, 0, 0, 0]);
  });
});
