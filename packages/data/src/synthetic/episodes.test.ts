import { buildFewShotPrompt } from '@fewshot/prompting';
import { describe, expect, it } from 'vitest';
import type { Demonstration } from './demonstration.js';
import { type Episode, episodeTaskItems, generateEpisodes, renderEpisode } from './episodes.js';
import { TASK_FAMILY_NAMES } from './task-families.js';

const WORDS = Array.from(
  { length: 200 },
  (_, i) => `w${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}x`,
);

function take(options: Parameters<typeof generateEpisodes>[0], count: number): Episode[] {
  const stream = generateEpisodes(options);
  return Array.from({ length: count }, () => stream.next().value);
}

describe('generateEpisodes', () => {
  it('gives the same episodes for the same seed and purpose, other ones otherwise', () => {
    const a = take({ seed: 5, purpose: 'train', words: WORDS }, 20);
    expect(take({ seed: 5, purpose: 'train', words: WORDS }, 20)).toEqual(a);
    expect(take({ seed: 5, purpose: 'validation', words: WORDS }, 20)).not.toEqual(a);
    expect(take({ seed: 6, purpose: 'train', words: WORDS }, 20)).not.toEqual(a);
  });

  it('draws every family and demonstration counts across the whole range', () => {
    const episodes = take({ seed: 1, purpose: 'p', words: WORDS, minExamples: 3, maxExamples: 5 }, 400);
    expect(new Set(episodes.map((episode) => episode.family))).toEqual(new Set(TASK_FAMILY_NAMES));
    expect(new Set(episodes.map((episode) => episode.examples.length))).toEqual(new Set([3, 4, 5]));
  });

  it('draws a new mapping per episode: the same input gets different outputs across episodes', () => {
    const episodes = take({ seed: 2, purpose: 'p', words: WORDS, families: ['arithmetic-offset'] }, 50);
    const offsets = new Set(episodes.map(({ examples }) => Number(examples[0]!.output) - Number(examples[0]!.input)));
    expect(offsets.size).toBeGreaterThan(15);
  });

  it('rejects unknown families and bad ranges naming them', () => {
    expect(() => take({ seed: 1, purpose: 'p', words: WORDS, families: ['nope' as 'classification'] }, 1)).toThrow(
      /families = "nope" is invalid: expected one of word-mapping/,
    );
    expect(() => take({ seed: 1, purpose: 'p', words: WORDS, minExamples: 1 }, 1)).toThrow(/minExamples = 1/);
    expect(() => take({ seed: 1, purpose: 'p', words: WORDS, minExamples: 8, maxExamples: 4 }, 1)).toThrow(
      /maxExamples = 4 is invalid: expected an integer in 8..64/,
    );
  });
});

describe('renderEpisode', () => {
  it('is the few-shot prompt @fewshot/prompting builds for the last demonstration, then the answer', () => {
    const examples: Demonstration[] = [
      { input: 'river', output: 'revir' },
      { input: 'stone', output: 'enots' },
      { input: 'cat', output: 'tac' },
    ];
    const { prompt } = buildFewShotPrompt({ examples: examples.slice(0, 2), query: { input: 'cat' } });
    expect(renderEpisode(examples)).toBe(`${prompt} tac`);
    expect(renderEpisode(examples)).toBe(
      'Input: river\nOutput: revir\nInput: stone\nOutput: enots\nInput: cat\nOutput: tac',
    );
  });
});

describe('episodeTaskItems', () => {
  it('writes K demonstrations and a query whose answer they determine', () => {
    for (const family of TASK_FAMILY_NAMES) {
      const items = episodeTaskItems(family, { seed: 9, purpose: 'eval', words: WORDS, count: 30, shots: 16 });
      expect(items).toHaveLength(30);
      for (const item of items) {
        expect(item.examples).toHaveLength(16);
        const shown = item.examples.find((example) => example.input === item.input);
        if (family === 'word-mapping') expect(shown?.output).toBe(item.output);
        else expect(shown).toBeUndefined();
      }
    }
  });

  it('shows every word-mapping key within the first few demonstrations', () => {
    for (const item of episodeTaskItems('word-mapping', {
      seed: 3,
      purpose: 'eval',
      words: WORDS,
      count: 50,
      shots: 16,
    })) {
      const keys = new Set(item.examples.map((example) => example.input));
      expect(new Set(item.examples.slice(0, keys.size).map((example) => example.input))).toEqual(keys);
    }
  });
});
