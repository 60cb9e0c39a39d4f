import { DataError } from '../data-error.js';
import { createRandom } from '@fewshot/common';
import { requireNumber } from '../validate.js';

export interface MixOptions {
  /** Share of the mixed text (in characters) that is episodes, in [0, 1). */
  readonly episodeShare: number;
  readonly seed: number;
}

/**
 * Shuffles `documents` and interleaves them with episode texts taken from `episodes` until
 * episodes make up `episodeShare` of all characters. The next item is a document with a
 * probability equal to the document characters still to place over all characters still to
 * place, so episodes are spread evenly through the text instead of bunched at one end.
 */
export function mixWithEpisodes(
  documents: readonly string[],
  episodes: Iterator<string>,
  options: MixOptions,
): string[] {
  const { episodeShare, seed } = options;
  requireNumber('episodeShare', episodeShare, { min: 0, max: 1, maxOpen: true });
  const random = createRandom(seed, 'mix with episodes');
  const shuffled = random.shuffle(documents);
  const documentChars = shuffled.reduce((sum, text) => sum + text.length, 0);
  const episodeTarget = (documentChars * episodeShare) / (1 - episodeShare);
  const episodeTexts: string[] = [];
  let episodeChars = 0;
  while (episodeChars < episodeTarget) {
    const next = episodes.next();
    if (next.done === true)
      throw new DataError(
        'episodes',
        episodeChars,
        `ran out before ${Math.ceil(episodeTarget)} characters of episodes`,
      );
    episodeTexts.push(next.value);
    episodeChars += next.value.length;
  }

  const mixed: string[] = [];
  let documentLeft = documentChars;
  let episodeLeft = episodeChars;
  let d = 0;
  let e = 0;
  while (d < shuffled.length || e < episodeTexts.length) {
    const takeDocument =
      e === episodeTexts.length || (d < shuffled.length && random.next() * (documentLeft + episodeLeft) < documentLeft);
    if (takeDocument) {
      documentLeft -= shuffled[d]!.length;
      mixed.push(shuffled[d++]!);
    } else {
      episodeLeft -= episodeTexts[e]!.length;
      mixed.push(episodeTexts[e++]!);
    }
  }
  return mixed;
}
