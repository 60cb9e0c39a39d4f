import { describe, expect, it } from 'vitest';
import { DataError } from '../data-error.js';
import { createRandom } from '@fewshot/common';
import { BROWN_VOCABULARY } from './__fixtures__/brown-vocabulary.js';
import { madeUpWord } from './made-up-word.js';
import { VALUE_KINDS, VALUE_KIND_NAMES, distinctValues } from './value-kinds.js';

const SHAPES: Record<string, RegExp> = {
  common: /^[a-z]{3,8}$/,
  rare: /^[a-z]{4,10}$/,
  'made-up': /^[a-z]{4,}$/,
  number: /^(0|[1-9]\d{0,2})$/,
  'long-number': /^[1-9]\d{3,4}$/,
  name: /^[A-Z][a-z]+$/,
  symbol: /^[^\sA-Za-z0-9:|=,>-]{1,3}$/,
  upper: /^[A-Z]{3,8}$/,
  phrase: /^[a-z]+ [a-z]+$/,
  'full-name': /^[A-Z][a-z]+ [A-Z][a-z]+$/,
};

describe('value kinds', () => {
  it('draw values of their own shape', () => {
    expect(VALUE_KIND_NAMES.sort()).toEqual(Object.keys(SHAPES).sort());
    const random = createRandom(1, 'kinds');
    for (const kind of VALUE_KIND_NAMES) {
      for (let i = 0; i < 300; i++) expect(VALUE_KINDS[kind](random, BROWN_VOCABULARY), kind).toMatch(SHAPES[kind]!);
    }
  });

  it('common and rare words come from disjoint lists; made-up words from neither', () => {
    const common = new Set(BROWN_VOCABULARY.common);
    expect(common.size).toBe(1000);
    expect(BROWN_VOCABULARY.rare.length).toBeGreaterThan(2000);
    for (const word of BROWN_VOCABULARY.rare) expect(common.has(word)).toBe(false);
    const known = new Set([...BROWN_VOCABULARY.common, ...BROWN_VOCABULARY.rare]);
    const random = createRandom(2, 'made up');
    const made = Array.from({ length: 2000 }, () => madeUpWord(random, BROWN_VOCABULARY));
    for (const word of made) expect(known.has(word), word).toBe(false);
    expect(new Set(made).size).toBeGreaterThan(1900);
  });

  it('distinctValues: distinct, none avoided, and a clear error when the kind runs out', () => {
    const random = createRandom(3, 'distinct');
    const avoid = new Set(BROWN_VOCABULARY.names.slice(0, 40));
    const names = distinctValues(random, BROWN_VOCABULARY, 'name', 40, avoid);
    expect(new Set(names).size).toBe(40);
    for (const name of names) expect(avoid.has(name)).toBe(false);
    const tooMany = (count: number) => () => distinctValues(random, BROWN_VOCABULARY, 'name', count);
    expect(tooMany(BROWN_VOCABULARY.names.length + 1)).toThrow(DataError);
    expect(tooMany(200)).toThrow(/count = 200 is invalid: expected at most the distinct name values/);
  });
});
