import { DataError } from '../data-error.js';
import { type Random, createRandom } from '@fewshot/common';
import type { Demonstration } from '../synthetic/demonstration.js';
import type { EpisodeTaskItem } from '../synthetic/episodes.js';
import { EPISODE_FORMATS, EPISODE_FORMAT_WEIGHTS, type EpisodeFormatName, renderInFormat } from './episode-formats.js';
import type { InContextFamily } from './family.js';
import { CROSS_KIND_FAMILIES } from './cross-kind-families.js';
import { TRAINING_FAMILIES, TRAINING_FAMILY_NAMES } from './training-families.js';
import type { FamilyVocabulary } from './vocabulary.js';
import { requireInteger } from '../validate.js';

/** One episode of the training text: a family's demonstrations written in a format. */
export interface FamilyEpisode {
  readonly family: string;
  readonly format: EpisodeFormatName;
  readonly examples: Demonstration[];
  readonly text: string;
}

export interface FamilyEpisodeOptions {
  readonly seed: number;
  /** Names the random stream: different purposes never share episodes, even with the same seed. */
  readonly purpose: string;
  readonly vocabulary: FamilyVocabulary;
  /** Names from `TRAINING_FAMILIES` or `CROSS_KIND_FAMILIES`, drawn uniformly; default all of `TRAINING_FAMILIES`. */
  readonly families?: readonly string[];
  /** Demonstrations per episode, drawn uniformly from this range (default 2–24). */
  readonly minExamples?: number;
  readonly maxExamples?: number;
}

/** Every family a training stream may draw. */
const DRAWABLE_FAMILIES: Readonly<Record<string, InContextFamily>> = { ...TRAINING_FAMILIES, ...CROSS_KIND_FAMILIES };

const FORMAT_NAMES = Object.keys(EPISODE_FORMATS) as EpisodeFormatName[];
const TOTAL_WEIGHT = FORMAT_NAMES.reduce((sum, name) => sum + EPISODE_FORMAT_WEIGHTS[name], 0);

function pickFormat(random: Random): EpisodeFormatName {
  let draw = random.next() * TOTAL_WEIGHT;
  for (const name of FORMAT_NAMES) {
    draw -= EPISODE_FORMAT_WEIGHTS[name];
    if (draw < 0) return name;
  }
  return FORMAT_NAMES.at(-1)!;
}

/**
 * An endless, seeded stream of training episodes: a family drawn uniformly, a length, and a
 * format (`EPISODE_FORMAT_WEIGHTS`); the same options give the same episodes. Only the training
 * and cross-kind families can be drawn: the held-out families are not reachable from here.
 */
export function* generateFamilyEpisodes(options: FamilyEpisodeOptions): Generator<FamilyEpisode, never> {
  const { minExamples = 2, maxExamples = 24 } = options;
  const families = options.families ?? TRAINING_FAMILY_NAMES;
  if (families.length === 0) throw new DataError('families', families, 'expected at least one training family');
  for (const name of families) {
    if (!(name in DRAWABLE_FAMILIES)) {
      throw new DataError('families', name, `expected one of ${Object.keys(DRAWABLE_FAMILIES).join(', ')}`);
    }
  }
  requireInteger('minExamples', minExamples, 2);
  requireInteger('maxExamples', maxExamples, minExamples, 64);
  const random = createRandom(options.seed, options.purpose);
  for (;;) {
    const family = random.pick(families);
    const count = minExamples + random.int(maxExamples - minExamples + 1);
    const examples = DRAWABLE_FAMILIES[family]!.generate(random, options.vocabulary, count);
    const format = pickFormat(random);
    yield { family, format, examples, text: renderInFormat(examples, EPISODE_FORMATS[format]) };
  }
}

/**
 * `count` evaluation items of one family (training or held-out), each `shots` demonstrations and
 * a query from one episode, from a stream named by the purpose and the family.
 */
export function familyTaskItems(
  family: InContextFamily,
  options: {
    readonly seed: number;
    readonly purpose: string;
    readonly vocabulary: FamilyVocabulary;
    readonly count: number;
    readonly shots: number;
  },
): EpisodeTaskItem[] {
  const { count, shots } = options;
  requireInteger('count', count, 1);
  requireInteger('shots', shots, 1, 64);
  const random = createRandom(options.seed, `${options.purpose} ${family.name}`);
  return Array.from({ length: count }, () => {
    const examples = family.generate(random, options.vocabulary, shots + 1);
    const query = examples.pop()!;
    return { examples, input: query.input, output: query.output };
  });
}
