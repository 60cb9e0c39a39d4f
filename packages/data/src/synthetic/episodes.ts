import { inputOutputTemplate } from '@fewshot/prompting';
import { DataError } from '../data-error.js';
import { createRandom, type Random } from '@fewshot/common';
import type { Demonstration } from './demonstration.js';
import { TASK_FAMILIES, TASK_FAMILY_NAMES, type TaskFamilyName } from './task-families.js';
import { requireInteger } from '../validate.js';

/** A run of demonstrations sharing one mapping drawn for this episode alone. */
export interface Episode {
  readonly family: TaskFamilyName;
  readonly examples: Demonstration[];
}

/** An evaluation item: K-shot demonstrations and a query, all from one episode (the bundled task line format). */
export interface EpisodeTaskItem {
  readonly examples: Demonstration[];
  readonly input: string;
  readonly output: string;
}

export interface EpisodeOptions {
  readonly seed: number;
  /**
   * Names the random stream: different purposes never share episodes, even with the same seed
   * (training text, validation text and the bundled task files each use their own).
   */
  readonly purpose: string;
  /** Words the families draw inputs and labels from (see `commonWords`). */
  readonly words: readonly string[];
  /** Default: every family, in turn at random. */
  readonly families?: readonly TaskFamilyName[];
  /** Demonstrations per episode, drawn uniformly from this range (default 6–24). */
  readonly minExamples?: number;
  readonly maxExamples?: number;
}

/** An endless, seeded stream of episodes: the same options give the same episodes. */
export function* generateEpisodes(options: EpisodeOptions): Generator<Episode, never> {
  const { minExamples = 6, maxExamples = 24 } = options;
  const families = checkFamilies(options.families ?? TASK_FAMILY_NAMES);
  requireInteger('minExamples', minExamples, 2);
  requireInteger('maxExamples', maxExamples, minExamples, 64);
  const random = createRandom(options.seed, options.purpose);
  for (;;) {
    const family = random.pick(families);
    const count = minExamples + random.int(maxExamples - minExamples + 1);
    yield { family, examples: TASK_FAMILIES[family](random, options.words, count) };
  }
}

/** `count` evaluation items of one family with `shots` demonstrations each. */
export function episodeTaskItems(
  family: TaskFamilyName,
  options: {
    readonly seed: number;
    readonly purpose: string;
    readonly words: readonly string[];
    readonly count: number;
    readonly shots: number;
  },
): EpisodeTaskItem[] {
  checkFamilies([family]);
  const random: Random = createRandom(options.seed, `${options.purpose} ${family}`);
  return Array.from({ length: options.count }, () => {
    const demonstrations = TASK_FAMILIES[family](random, options.words, options.shots + 1);
    const query = demonstrations.pop()!;
    return { examples: demonstrations, input: query.input, output: query.output };
  });
}

/**
 * An episode as training text, in the prompt format of @fewshot/prompting's default template:
 * exactly the few-shot prompt `buildFewShotPrompt` writes for the last demonstration as query,
 * followed by a space and its answer.
 */
export function renderEpisode(examples: readonly Demonstration[]): string {
  return examples.map((example) => inputOutputTemplate.formatExample(example)).join(inputOutputTemplate.separator);
}

function checkFamilies(families: readonly string[]): TaskFamilyName[] {
  if (families.length === 0)
    throw new DataError('families', families, `expected some of ${TASK_FAMILY_NAMES.join(', ')}`);
  for (const family of families) {
    if (!(family in TASK_FAMILIES))
      throw new DataError('families', family, `expected one of ${TASK_FAMILY_NAMES.join(', ')}`);
  }
  return families as TaskFamilyName[];
}
