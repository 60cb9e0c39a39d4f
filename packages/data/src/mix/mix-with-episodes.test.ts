import { describe, expect, it } from 'vitest';
import { mixWithEpisodes } from './mix-with-episodes.js';

const documents = Array.from({ length: 40 }, (_, i) => `doc${i} `.repeat(50 + i));

function* episodes(): Generator<string> {
  for (let i = 0; ; i++) yield `Input: ${i}\nOutput: ${i + 1}`;
}

const isEpisode = (text: string) => text.startsWith('Input:');

describe('mixWithEpisodes', () => {
  const mixed = mixWithEpisodes(documents, episodes(), { episodeShare: 0.4, seed: 1 });

  it('keeps every document once and adds episodes, in stream order, up to the share of characters', () => {
    expect(mixed.filter((text) => !isEpisode(text)).sort()).toEqual([...documents].sort());
    const fromStream = mixed.filter(isEpisode);
    expect(fromStream).toEqual(Array.from({ length: fromStream.length }, (_, i) => `Input: ${i}\nOutput: ${i + 1}`));
    const chars = (list: string[]) => list.reduce((sum, text) => sum + text.length, 0);
    const share = chars(fromStream) / chars(mixed);
    expect(share).toBeGreaterThanOrEqual(0.4);
    expect(share).toBeLessThan(0.401);
  });

  it('spreads episodes through the text rather than at one end', () => {
    const half = Math.floor(mixed.length / 2);
    const firstHalf = mixed.slice(0, half).filter(isEpisode).length;
    const all = mixed.filter(isEpisode).length;
    expect(firstHalf / all).toBeGreaterThan(0.35);
    expect(firstHalf / all).toBeLessThan(0.65);
  });

  it('is deterministic for a seed', () => {
    expect(mixWithEpisodes(documents, episodes(), { episodeShare: 0.4, seed: 1 })).toEqual(mixed);
    expect(mixWithEpisodes(documents, episodes(), { episodeShare: 0.4, seed: 2 })).not.toEqual(mixed);
  });

  it('returns the documents alone for a share of 0, and names a bad share or a short stream', () => {
    expect(mixWithEpisodes(['a', 'b'], episodes(), { episodeShare: 0, seed: 1 }).sort()).toEqual(['a', 'b']);
    expect(() => mixWithEpisodes(documents, episodes(), { episodeShare: 1, seed: 1 })).toThrow(
      /episodeShare = 1 is invalid/,
    );
    expect(() => mixWithEpisodes(documents, ['one'][Symbol.iterator](), { episodeShare: 0.5, seed: 1 })).toThrow(
      /episodes = 3 is invalid: ran out/,
    );
  });
});
