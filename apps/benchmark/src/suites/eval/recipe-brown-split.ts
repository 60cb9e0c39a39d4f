import { type BrownDocument, mixWithEpisodes, readBrownCorpus, splitDocuments } from '@fewshot/data';

/**
 * The Brown documents of fewshot-mini's data recipe (`packages/mini/recipe/build-data.mjs`): the
 * training split, whose words the task families draw from, and the 25 held-out documents in the
 * order `valid.txt` holds them. The recipe's `mixWithEpisodes` shuffles them with its mix seed
 * before placing episodes between them; with no episodes it only shuffles, so the same call gives
 * the same order, and packed into windows they give the same loss as the recipe's evaluation.
 */
export function recipeBrownSplit(): { readonly train: BrownDocument[]; readonly validation: BrownDocument[] } {
  const { train, validation } = splitDocuments(readBrownCorpus(), { seed: 0, validationFraction: 0.05 });
  const byText = new Map(validation.map((document) => [document.text, document]));
  const noEpisodes = ([] as string[]).values();
  const ordered = mixWithEpisodes(
    validation.map((document) => document.text),
    noEpisodes,
    { episodeShare: 0, seed: 2 },
  );
  return { train, validation: ordered.map((text) => byText.get(text)!) };
}
