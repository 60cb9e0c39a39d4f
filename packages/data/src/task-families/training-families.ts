import type { TaskFamily } from '../synthetic/demonstration.js';
import { TASK_FAMILIES } from '../synthetic/task-families.js';
import type { FamilyType, InContextFamily } from './family.js';
import { lookupFamily } from './lookup-family.js';
import { TRAINING_RULE_FAMILIES } from './training-rules.js';
import type { ValueKind } from './value-kinds.js';

/**
 * Key kind → value kind of the training lookups. Numbers, names and symbols never map to a single
 * lowercase word, a lowercase word never to a two-word phrase, and a number below 1,000 never to
 * another below 1,000 (a pair could double it): those are held-out families (`src/held-out/`), which
 * a test proves this generator cannot produce.
 */
const LOOKUPS: readonly (readonly [ValueKind, ValueKind])[] = [
  ['common', 'common'],
  ['common', 'rare'],
  ['rare', 'common'],
  ['made-up', 'made-up'],
  ['made-up', 'common'],
  ['rare', 'made-up'],
  ['common', 'number'],
  ['common', 'name'],
  ['common', 'symbol'],
  ['common', 'upper'],
  ['made-up', 'number'],
  ['number', 'long-number'],
  ['long-number', 'number'],
  ['long-number', 'name'],
  ['number', 'name'],
  ['number', 'symbol'],
  ['number', 'phrase'],
  ['name', 'number'],
  ['name', 'name'],
  ['name', 'symbol'],
  ['name', 'full-name'],
  ['symbol', 'number'],
  ['symbol', 'name'],
  ['upper', 'common'],
  ['upper', 'phrase'],
  ['symbol', 'phrase'],
  ['full-name', 'number'],
];

/** One of the four original families (`TASK_FAMILIES`), over the common words. */
const original = (name: string, type: FamilyType, description: string, family: TaskFamily): InContextFamily => ({
  name,
  type,
  description,
  generate: (random, vocabulary, count) => family(random, vocabulary.common, count),
});

/** Every family of the training text, by name: lookups, rules, and the four original families. */
export const TRAINING_FAMILIES: Readonly<Record<string, InContextFamily>> = Object.fromEntries(
  [
    ...LOOKUPS.map(([keys, values]) => lookupFamily(`lookup-${keys}-to-${values}`, { keys, values })),
    ...TRAINING_RULE_FAMILIES,
    original('word-mapping', 'lookup', 'common → common, 3–6 keys shown first', TASK_FAMILIES['word-mapping']),
    original('letter-transform', 'rule', 'a letter rule (reverse, Caesar, …)', TASK_FAMILIES['letter-transform']),
    original('arithmetic-offset', 'rule', 'a number 0–99 → plus 1–30', TASK_FAMILIES['arithmetic-offset']),
    original('classification', 'rule', 'a kind of input → a label word', TASK_FAMILIES.classification),
  ].map((family) => [family.name, family]),
);

export const TRAINING_FAMILY_NAMES: readonly string[] = Object.keys(TRAINING_FAMILIES);
