import { describe, expect, it } from 'vitest';
import { renderEpisode } from '../synthetic/episodes.js';
import { BROWN_VOCABULARY } from './__fixtures__/brown-vocabulary.js';
import { EPISODE_FORMATS, EPISODE_FORMAT_WEIGHTS, renderInFormat } from './episode-formats.js';
import {
  type FamilyEpisode,
  type FamilyEpisodeOptions,
  familyTaskItems,
  generateFamilyEpisodes,
} from './family-episodes.js';
import { TRAINING_FAMILIES, TRAINING_FAMILY_NAMES } from './training-families.js';

const take = (options: Omit<FamilyEpisodeOptions, 'vocabulary'>, count: number): FamilyEpisode[] => {
  const stream = generateFamilyEpisodes({ ...options, vocabulary: BROWN_VOCABULARY });
  return Array.from({ length: count }, () => stream.next().value);
};

describe('generateFamilyEpisodes', () => {
  it('gives the same episodes for the same seed and purpose, other ones otherwise', () => {
    const a = take({ seed: 5, purpose: 'train' }, 30);
    expect(take({ seed: 5, purpose: 'train' }, 30)).toEqual(a);
    expect(take({ seed: 5, purpose: 'validation' }, 30)).not.toEqual(a);
    expect(take({ seed: 6, purpose: 'train' }, 30)).not.toEqual(a);
  });

  it('draws every family uniformly, every length and every format at its weight', () => {
    const episodes = take({ seed: 1, purpose: 'p', minExamples: 2, maxExamples: 24 }, 12_000);
    const families = new Map<string, number>();
    for (const { family } of episodes) families.set(family, (families.get(family) ?? 0) + 1);
    expect([...families.keys()].sort()).toEqual([...TRAINING_FAMILY_NAMES].sort());
    const expected = 12_000 / TRAINING_FAMILY_NAMES.length;
    for (const [family, n] of families) expect(Math.abs(n - expected), family).toBeLessThan(5 * Math.sqrt(expected));
    const lengths = new Set(episodes.map(({ examples }) => examples.length));
    expect(lengths).toEqual(new Set(Array.from({ length: 23 }, (_, i) => i + 2)));
    const total = Object.values(EPISODE_FORMAT_WEIGHTS).reduce((sum, weight) => sum + weight, 0);
    for (const [format, weight] of Object.entries(EPISODE_FORMAT_WEIGHTS)) {
      const share = episodes.filter((episode) => episode.format === format).length / episodes.length;
      expect(Math.abs(share - weight / total), format).toBeLessThan(0.015);
    }
    for (const episode of episodes.slice(0, 500)) {
      expect(episode.text).toBe(renderInFormat(episode.examples, EPISODE_FORMATS[episode.format]));
    }
    const inputOutput = episodes.find((episode) => episode.format === 'input-output')!;
    expect(inputOutput.text).toBe(renderEpisode(inputOutput.examples));
  });

  it('rejects bad options with a clear error', () => {
    const bad = (options: Partial<FamilyEpisodeOptions>) => () => take({ seed: 1, purpose: 'p', ...options }, 1);
    const unknown = /families = "echo" is invalid: expected one of lookup-common-to-common,/;
    expect(bad({ families: ['echo'] })).toThrow(unknown);
    expect(bad({ families: [] })).toThrow('families = [] is invalid: expected at least one training family');
    expect(bad({ minExamples: 1 })).toThrow('minExamples = 1 is invalid: expected an integer >= 2');
    expect(bad({ maxExamples: 65 })).toThrow('maxExamples = 65 is invalid: expected an integer in 2..64');
  });
});

describe('familyTaskItems', () => {
  it('splits an episode into demonstrations and a query, per family stream', () => {
    const family = TRAINING_FAMILIES['add-offset']!;
    const options = { seed: 1, purpose: 'eval', vocabulary: BROWN_VOCABULARY, count: 20, shots: 16 };
    const items = familyTaskItems(family, options);
    expect(items).toHaveLength(20);
    for (const { examples, input, output } of items) {
      expect(examples).toHaveLength(16);
      expect(Number(output) - Number(input)).toBe(Number(examples[0]!.output) - Number(examples[0]!.input));
    }
    const bad = (change: Partial<typeof options>) => () => familyTaskItems(family, { ...options, ...change });
    expect(bad({ count: 0 })).toThrow('count = 0 is invalid: expected an integer >= 1');
    expect(bad({ shots: 0 })).toThrow('shots = 0 is invalid: expected an integer in 1..64');
  });
});
