import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createRandom } from '@fewshot/common';
import type { Demonstration } from '../synthetic/demonstration.js';
import { BROWN_VOCABULARY } from '../task-families/__fixtures__/brown-vocabulary.js';
import { CROSS_KIND_FAMILIES, CROSS_KIND_FAMILY_NAMES } from '../task-families/cross-kind-families.js';
import { familyTaskItems, generateFamilyEpisodes } from '../task-families/family-episodes.js';
import { TRAINING_FAMILIES, TRAINING_FAMILY_NAMES } from '../task-families/training-families.js';
import { HELD_OUT_FAMILIES, HELD_OUT_FAMILY_NAMES } from './held-out-families.js';

const pairs = (...lines: [string, string][]): Demonstration[] => lines.map(([input, output]) => ({ input, output }));
const signature = (name: string) => HELD_OUT_FAMILIES[name]!.signature;

/** Which held-out signatures an episode has. */
const heldOutMatches = (examples: readonly Demonstration[]) =>
  HELD_OUT_FAMILY_NAMES.filter((name) => signature(name)(examples));
const ISSUE_FAMILIES = [
  'numbers-to-words',
  'names-to-words',
  'word-to-two-words',
  'symbols-to-words-five-keys',
  'echo',
  'swap-two-words',
];

describe('held-out families', () => {
  it('hold the six families of issue 19 and more, lookups and rules', () => {
    for (const name of ISSUE_FAMILIES) expect(HELD_OUT_FAMILY_NAMES).toContain(name);
    const types = HELD_OUT_FAMILY_NAMES.map((name) => HELD_OUT_FAMILIES[name]!.type);
    expect(types.filter((type) => type === 'lookup').length).toBeGreaterThanOrEqual(4);
    expect(types.filter((type) => type === 'rule').length).toBeGreaterThanOrEqual(9);
  });

  it('signatures recognise hand-written episodes of their family and no other', () => {
    const cases: [Demonstration[], string[]][] = [
      [pairs(['12', 'house'], ['7', 'river'], ['12', 'house']), ['numbers-to-words']],
      [pairs(['Mary', 'house'], ['Tom', 'river'], ['Tom', 'river']), ['names-to-words']],
      [pairs(['cat', 'green river'], ['dog', 'old man'], ['cat', 'green river']), ['word-to-two-words']],
      [pairs(['#', 'house'], ['@!', 'river'], ['#', 'house']), ['symbols-to-words-five-keys']],
      [pairs(['house', 'house'], ['river', 'river']), ['echo']],
      [pairs(['green river', 'river green'], ['old man', 'man old']), ['swap-two-words']],
      [pairs(['12', '24'], ['7', '14']), ['double-number']],
      [pairs(['house', 'house today'], ['river', 'river today']), ['add-a-word']],
      [pairs(['Mary', 'M.'], ['Tom', 'T.']), ['name-initial']],
      [pairs(['Mary', 'mary'], ['Tom', 'tom']), ['name-to-lowercase']],
      [pairs(['HOUSE', 'House'], ['RIVER', 'River']), ['capitals-to-capitalised']],
      [pairs(['12', '112'], ['7', '107']), ['number-plus-hundred']],
      [pairs(['house', 'ho'], ['river', 'ri']), ['first-two-letters']],
      // Near misses: a rule with new inputs is no lookup, palindromes reversed are no echo, one
      // input with its answer may be a lookup's pair (a double, two letters, plus 100), a word
      // repeated is no added word, a lowercase word capitalised is not from capitals.
      [pairs(['12', 'house'], ['7', 'river'], ['9', 'house']), []],
      [pairs(['did', 'did'], ['eye', 'eye'], ['level', 'level']), []],
      [pairs(['12', '24'], ['12', '24']), []],
      [pairs(['house', 'ho'], ['house', 'ho']), []],
      [pairs(['house', 'House'], ['river', 'River']), []],
      [pairs(['12', '112'], ['12', '112']), []],
      [pairs(['green river', 'river green'], ['old man', 'old man']), []],
      [pairs(['600', '1200'], ['700', '1400']), []],
      [pairs(['Mary', 'm'], ['Tom', 't']), []],
    ];
    for (const [examples, expected] of cases) {
      expect(heldOutMatches(examples), JSON.stringify(examples)).toEqual(expected);
    }
  });

  it('every generated held-out episode has its own signature (and only that one)', () => {
    for (const name of HELD_OUT_FAMILY_NAMES) {
      const random = createRandom(3, name);
      for (const count of [2, 3, 5, 17]) {
        for (let i = 0; i < 100; i++) {
          const examples = HELD_OUT_FAMILIES[name]!.generate(random, BROWN_VOCABULARY, count);
          expect(examples).toHaveLength(count);
          expect(heldOutMatches(examples), `${name}: ${JSON.stringify(examples)}`).toEqual([name]);
        }
      }
    }
  });

  it('the training generator cannot produce them: no training episode has a held-out signature', () => {
    // The training streams as the recipe draws them (every family, 2–24 demonstrations; the
    // cross-kind families alone and beside the others) ...
    const hits: string[] = [];
    const streams = [undefined, CROSS_KIND_FAMILY_NAMES, [...TRAINING_FAMILY_NAMES, ...CROSS_KIND_FAMILY_NAMES]];
    for (const families of streams) {
      const purpose = `held-out disjointness ${families?.length ?? 'default'}`;
      const stream = generateFamilyEpisodes({ seed: 1, purpose, vocabulary: BROWN_VOCABULARY, families });
      for (let i = 0; i < 20_000; i++) {
        const episode = stream.next().value;
        const matches = heldOutMatches(episode.examples);
        if (matches.length > 0) hits.push(`${episode.family} ~ ${matches.join()}: ${JSON.stringify(episode.examples)}`);
      }
    }
    // ... and every family at the shortest lengths, where coincidences are likeliest.
    for (const family of [...Object.values(TRAINING_FAMILIES), ...Object.values(CROSS_KIND_FAMILIES)]) {
      const random = createRandom(4, family.name);
      for (const count of [2, 3, 4]) {
        for (let i = 0; i < 300; i++) {
          const examples = family.generate(random, BROWN_VOCABULARY, count);
          const matches = heldOutMatches(examples);
          if (matches.length > 0) hits.push(`${family.name} ~ ${matches.join(',')}: ${JSON.stringify(examples)}`);
        }
      }
    }
    expect(hits).toEqual([]);
  });

  it('share no family name with training, and training code never imports them', () => {
    for (const name of HELD_OUT_FAMILY_NAMES)
      expect(name in { ...TRAINING_FAMILIES, ...CROSS_KIND_FAMILIES }).toBe(false);
    const source = fileURLToPath(new URL('..', import.meta.url));
    for (const folder of ['task-families', 'synthetic', 'mix', 'brown', 'stats']) {
      for (const file of readdirSync(join(source, folder), { recursive: true, encoding: 'utf8' })) {
        if (!file.endsWith('.ts')) continue;
        const text = readFileSync(join(source, folder, file), 'utf8');
        expect(text, `${folder}/${file}`).not.toMatch(/from '[^']*held-out/);
      }
    }
    const recipe = readFileSync(fileURLToPath(new URL('../../../mini/recipe/build-data.mjs', import.meta.url)), 'utf8');
    expect(recipe).not.toMatch(/HELD_OUT|heldOut/);
  });

  it('evaluation items: 16 demonstrations and a query of one episode, seeded', () => {
    const family = HELD_OUT_FAMILIES['numbers-to-words']!;
    const options = { seed: 7, purpose: 'test', vocabulary: BROWN_VOCABULARY, count: 5, shots: 16 };
    const items = familyTaskItems(family, options);
    expect(familyTaskItems(family, options)).toEqual(items);
    for (const item of items) {
      expect(item.examples).toHaveLength(16);
      expect(family.signature([...item.examples, { input: item.input, output: item.output }])).toBe(true);
    }
  });
});
