import { describe, expect, it } from 'vitest';
import { HELD_OUT_FAMILIES, HELD_OUT_FAMILY_NAMES } from '../held-out/held-out-families.js';
import { renderEpisode } from '../synthetic/episodes.js';
import { BROWN_VOCABULARY } from '../task-families/__fixtures__/brown-vocabulary.js';
import { familyTaskItems } from '../task-families/family-episodes.js';
import { TRAINING_FAMILIES, TRAINING_FAMILY_NAMES } from '../task-families/training-families.js';
import { OracleModel, byteTokenizer, oracleExactMatch } from './__fixtures__/oracle-model.js';
import { evaluateFamilies } from './evaluate-families.js';
import type { FamilyResult } from './family-result.js';

const SHOTS = [0, 1, 4, 16];
const SEEN = ['lookup-common-to-common', 'copy-token', 'word-mapping', 'classification'];
const HELD_OUT = ['numbers-to-words', 'symbols-to-words-five-keys', 'echo', 'double-number'];
const ITEMS = { seen: 5, 'held-out': 7 } as const;
const STREAM = { seed: 1234, purpose: 'fewshot-mini family evaluation', vocabulary: BROWN_VOCABULARY };
const familyOf = (name: string) => TRAINING_FAMILIES[name] ?? HELD_OUT_FAMILIES[name]!;
const groupOf = (name: string) => (name in TRAINING_FAMILIES ? 'seen' : 'held-out');
const itemsOf = (name: string) =>
  familyTaskItems(familyOf(name), { ...STREAM, count: ITEMS[groupOf(name)], shots: 16 });

const oracleScore = (name: string, k: number) => oracleExactMatch(itemsOf(name), k);
const mean = (values: readonly number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;

describe('evaluateFamilies', () => {
  const run = (contextLength = 16_384) =>
    evaluateFamilies(new OracleModel(contextLength), byteTokenizer, {
      vocabulary: BROWN_VOCABULARY,
      families: [...HELD_OUT, ...SEEN],
      seenItems: ITEMS.seen,
      heldOutItems: ITEMS['held-out'],
    });

  it('scores every family at every K as the items say an oracle copier should', async () => {
    const { results } = await run();
    expect(results.map(({ family }) => family)).toEqual([...SEEN, ...HELD_OUT]);
    for (const result of results) {
      expect(result.group).toBe(groupOf(result.family));
      expect(result.type).toBe(familyOf(result.family).type);
      expect(result.description).toBe(familyOf(result.family).description);
      expect(result.items).toBe(ITEMS[result.group]);
      for (const k of SHOTS)
        expect(result.exactMatch[k], `${result.family} K=${k}`).toBeCloseTo(oracleScore(result.family, k), 12);
    }
    const score = (family: string) => results.find((result) => result.family === family)!.exactMatch;
    // Held-out lookups show every key by K = 16 and rules never repeat an input: 100% and 0%.
    expect(score('numbers-to-words')).toMatchObject({ 0: 0, 16: 1 });
    expect(score('symbols-to-words-five-keys')).toMatchObject({ 0: 0, 16: 1 });
    expect(score('echo')).toEqual({ 0: 0, 1: 0, 4: 0, 16: 0 });
    expect(score('numbers-to-words')[1]).toBeLessThan(1);
  });

  it('summarises each group and type with every family weighing the same', async () => {
    const { summary } = await run();
    const expected = (families: readonly string[]) => {
      const exactMatch = Object.fromEntries(SHOTS.map((k) => [k, mean(families.map((name) => oracleScore(name, k)))]));
      return { families: families.length, exactMatch, gain: exactMatch[16]! - exactMatch[0]! };
    };
    const close = (actual: unknown, families: readonly string[]) => {
      const { exactMatch, gain, ...rest } = expected(families);
      expect(actual).toMatchObject(rest);
      const row = actual as { exactMatch: Record<number, number>; gain: number };
      for (const k of SHOTS) expect(row.exactMatch[k]).toBeCloseTo(exactMatch[k]!, 12);
      expect(row.gain).toBeCloseTo(gain, 12);
    };
    close(summary.seen?.all, SEEN);
    close(summary.seen?.lookup, ['lookup-common-to-common', 'word-mapping']);
    close(summary.seen?.rule, ['copy-token', 'classification']);
    close(summary.seen?.['original four'], ['word-mapping', 'classification']);
    close(summary['held-out']?.all, HELD_OUT);
    close(summary['held-out']?.lookup, ['numbers-to-words', 'symbols-to-words-five-keys']);
    close(summary['held-out']?.rule, ['echo', 'double-number']);
    expect(Object.keys(summary['held-out']!)).toEqual(['all', 'lookup', 'rule']);
    expect(summary['held-out']?.lookup?.gain).toBe(1);
  });

  it("measures the prompts with every demonstration in the model's tokens, and the share that fits", async () => {
    const prompts = (name: string) =>
      itemsOf(name).map(
        (item) => byteTokenizer.encode(`${renderEpisode(item.examples)}\nInput: ${item.input}\nOutput:`).length,
      );
    const answer = (name: string) =>
      2 + Math.max(...itemsOf(name).map((item) => byteTokenizer.encode(` ${item.output}`).length));
    const contextLength = 260;
    const { results } = await run(contextLength);
    for (const result of results) {
      const tokens = prompts(result.family);
      expect(result.promptTokens.mean).toBeCloseTo(mean(tokens), 12);
      expect(result.promptTokens.max).toBe(Math.max(...tokens));
      const fit = tokens.filter((n) => n + answer(result.family) <= contextLength).length / tokens.length;
      expect(result.promptTokens.fitShare).toBe(fit);
    }
    // In bytes, 16 demonstrations overflow 260 tokens: the test shows prompts that do not fit.
    expect(results.some((result) => result.promptTokens.fitShare < 1)).toBe(true);
  });

  it('runs every family by default, seen ones first, and reports each as it ends', async () => {
    const reported: FamilyResult[] = [];
    const { results, summary } = await evaluateFamilies(new OracleModel(16_384), byteTokenizer, {
      vocabulary: BROWN_VOCABULARY,
      seenItems: 1,
      heldOutItems: 1,
      shots: [1, 0],
      onFamily: (result) => reported.push(result),
    });
    expect(results.map(({ family }) => family)).toEqual([...TRAINING_FAMILY_NAMES, ...HELD_OUT_FAMILY_NAMES]);
    expect(reported).toEqual(results);
    expect(summary.seen?.all?.families).toBe(TRAINING_FAMILY_NAMES.length);
    expect(summary.seen?.['original four']?.families).toBe(4);
    expect(summary['held-out']?.all?.families).toBe(HELD_OUT_FAMILY_NAMES.length);
    expect(Object.keys(results[0]!.exactMatch)).toEqual(['0', '1']);
  });

  it('rejects bad options with a clear error', async () => {
    const bad = (options: object) =>
      evaluateFamilies(new OracleModel(1024), byteTokenizer, { vocabulary: BROWN_VOCABULARY, ...options });
    await expect(bad({ families: ['echo', 'nope'] })).rejects.toThrow(
      /families = \["nope"\] is invalid: expected at least one of lookup-common-to-common, .*, first-two-letters$/,
    );
    await expect(bad({ families: [] })).rejects.toThrow('families = [] is invalid: expected at least one of');
    const shots = 'is invalid: expected distinct integers in 0..64, 0 and at least one above it';
    await expect(bad({ shots: [1, 4] })).rejects.toThrow(`shots = [1,4] ${shots}`);
    await expect(bad({ shots: [0] })).rejects.toThrow(`shots = [0] ${shots}`);
    await expect(bad({ shots: [0, 1, 1] })).rejects.toThrow(`shots = [0,1,1] ${shots}`);
    await expect(bad({ shots: [0, 65] })).rejects.toThrow(`shots = [0,65] ${shots}`);
    await expect(bad({ seenItems: 0 })).rejects.toThrow('seenItems = 0 is invalid: expected an integer >= 1');
    await expect(bad({ heldOutItems: 2.5 })).rejects.toThrow('heldOutItems = 2.5 is invalid: expected an integer >= 1');
  });
});
