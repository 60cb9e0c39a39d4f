import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  commonWords,
  generateEpisodes,
  mixWithEpisodes,
  readBrownCorpus,
  renderEpisode,
  splitDocuments,
} from '@fewshot/data';
import { describe, expect, it } from 'vitest';
import { recipeBrownSplit } from './recipe-brown-split.js';

interface DataCard {
  readonly recipe: {
    readonly splitSeed: number;
    readonly validationFraction: number;
    readonly commonWords: number;
    readonly validationEpisodes: { readonly seed: number; readonly purpose: string };
    readonly minExamples: number;
    readonly maxExamples: number;
    readonly episodeShare: number;
    readonly mixSeed: number;
    readonly separator: string;
  };
  readonly brown: { readonly validationDocuments: readonly string[] };
  readonly splits: { readonly train: { readonly brownDocuments: number }; readonly valid: { readonly sha256: string } };
}
const card = JSON.parse(
  readFileSync(new URL('../../../../../packages/mini/data/data-card.json', import.meta.url), 'utf8'),
) as DataCard;

describe('recipeBrownSplit', () => {
  it("holds out the documents fewshot-mini's data card lists", () => {
    const { train, validation } = recipeBrownSplit();
    expect(train).toHaveLength(card.splits.train.brownDocuments);
    expect(validation.map(({ id }) => id).sort()).toEqual([...card.brown.validationDocuments].sort());
  });

  it('gives them in the order valid.txt holds them (rebuilt from the card and checked against its SHA-256)', () => {
    const { recipe } = card;
    // valid.txt as build-data.mjs writes it, from the documents in corpus order and the card's settings.
    const { train, validation } = splitDocuments(readBrownCorpus(), {
      seed: recipe.splitSeed,
      validationFraction: recipe.validationFraction,
    });
    const words = commonWords(
      train.map(({ text }) => text),
      { count: recipe.commonWords },
    );
    const episodes = generateEpisodes({
      ...recipe.validationEpisodes,
      words,
      minExamples: recipe.minExamples,
      maxExamples: recipe.maxExamples,
    });
    const episodeTexts = (function* () {
      for (const episode of episodes) yield renderEpisode(episode.examples);
    })();
    const valid = mixWithEpisodes(
      validation.map(({ text }) => text),
      episodeTexts,
      { episodeShare: recipe.episodeShare, seed: recipe.mixSeed },
    );
    const sha256 = createHash('sha256').update(valid.join(recipe.separator)).digest('hex');
    expect(sha256).toBe(card.splits.valid.sha256);
    const brownTexts = new Set(validation.map(({ text }) => text));
    const ordered = recipeBrownSplit().validation.map(({ text }) => text);
    expect(ordered).toEqual(valid.filter((text) => brownTexts.has(text)));
    expect(ordered).not.toEqual(validation.map(({ text }) => text));
  });
});
