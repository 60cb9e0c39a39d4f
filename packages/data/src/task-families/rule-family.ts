import { DataError } from '../data-error.js';
import type { Random } from '@fewshot/common';
import type { Demonstration } from '../synthetic/demonstration.js';
import { type InContextFamily, checkDemonstrationCount } from './family.js';
import type { FamilyVocabulary } from './vocabulary.js';

/** What a rule family draws for one episode: how to make an input, and the rule with its parameters. */
export interface RuleEpisode {
  readonly input: () => string;
  readonly apply: (input: string) => string;
}

/**
 * A rule family: `setup` draws the episode's rule (and its parameters, such as an offset or a
 * position); the demonstrations are distinct inputs with the rule applied, so the query's answer
 * must come from the rule, not from a copy.
 */
export function ruleFamily(
  name: string,
  description: string,
  setup: (random: Random, vocabulary: FamilyVocabulary) => RuleEpisode,
): InContextFamily {
  return {
    name,
    type: 'rule',
    description,
    generate: (random, vocabulary, count): Demonstration[] => {
      checkDemonstrationCount(count);
      const episode = setup(random, vocabulary);
      const inputs = new Set<string>();
      for (let tries = 0; inputs.size < count; tries++) {
        if (tries > 100 * count) {
          throw new DataError('count', count, `expected at most the distinct inputs family ${name} can draw`);
        }
        inputs.add(episode.input());
      }
      return [...inputs].map((input) => ({ input, output: episode.apply(input) }));
    },
  };
}
