import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { EpisodeTaskItem } from '../synthetic/episodes.js';
import { LETTER_RULES } from '../synthetic/letter-transform.js';
import type { TaskFamilyName } from '../synthetic/task-families.js';
import { resolveBundledTask } from './bundled-tasks.js';

function items(family: TaskFamilyName): EpisodeTaskItem[] {
  return readFileSync(resolveBundledTask(`synthetic-${family}`).file, 'utf8')
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as EpisodeTaskItem);
}

const kindOf = (input: string) => (/^\d+$/.test(input) ? 'number' : input === input.toUpperCase() ? 'shouted' : 'word');

/**
 * Induction from the examples alone, written independently of the generators: the answer, or undefined when the
 * examples do not settle it.
 */
const ORACLES: Record<TaskFamilyName, (item: EpisodeTaskItem) => string | undefined> = {
  'word-mapping': (item) => item.examples.find((example) => example.input === item.input)?.output,
  'letter-transform': (item) => {
    const answers = new Set(
      Object.values(LETTER_RULES)
        .filter((rule) => item.examples.every(({ input, output }) => rule(input) === output))
        .map((rule) => rule(item.input)),
    );
    return answers.size === 1 ? [...answers][0] : undefined;
  },
  'arithmetic-offset': (item) => {
    const offsets = new Set(item.examples.map(({ input, output }) => Number(output) - Number(input)));
    return offsets.size === 1 ? String(Number(item.input) + [...offsets][0]!) : undefined;
  },
  classification: (item) => item.examples.find((example) => kindOf(example.input) === kindOf(item.input))?.output,
};

describe('bundled synthetic tasks', () => {
  it('are solved by induction from the 16 examples, every item', () => {
    for (const family of Object.keys(ORACLES) as TaskFamilyName[]) {
      for (const item of items(family)) expect(ORACLES[family](item), `${family}: ${item.input}`).toBe(item.output);
    }
  });

  it('cannot be answered without the examples: the mapping changes from item to item', () => {
    const distinctShare = (values: string[]) => new Set(values).size / values.length;
    // The pairing of a word with its answer, the offset, the rule's output on the query, the label of a kind.
    expect(distinctShare(items('word-mapping').map((item) => `${item.input}→${item.output}`))).toBeGreaterThan(0.95);
    expect(
      new Set(items('arithmetic-offset').map((item) => Number(item.output) - Number(item.input))).size,
    ).toBeGreaterThan(20);
    expect(distinctShare(items('classification').map((item) => item.output))).toBeGreaterThan(0.8);
    const rules = items('letter-transform').map((item) =>
      Object.keys(LETTER_RULES).find((name) => LETTER_RULES[name]!(item.input) === item.output),
    );
    expect(new Set(rules).size).toBe(Object.keys(LETTER_RULES).length);
  });

  it('need more than one example on average: one shot settles a word mapping only when it shows the query key', () => {
    const oneShot = items('word-mapping').filter(
      (item) => ORACLES['word-mapping']({ ...item, examples: item.examples.slice(0, 1) }) === item.output,
    ).length;
    // 3–6 keys shown once each in random order first: about a fifth of the items.
    expect(oneShot).toBeGreaterThan(5);
    expect(oneShot).toBeLessThan(45);
  });
});
