import { TASK_FAMILY_NAMES } from '../synthetic/task-families.js';
import type { FamilyType } from '../task-families/family.js';
import type { FamilyGroup, FamilyResult } from './family-result.js';

/** A row of the summary: every family of a group, its lookups, its rules, or the four original families. */
export type FamilySummaryRow = 'all' | FamilyType | 'original four';

/** The mean over a set of families, each family weighing the same whatever its number of items. */
export interface FamilyGroupSummary {
  readonly families: number;
  /** Mean exact match by K, a fraction in [0, 1]. */
  readonly exactMatch: Readonly<Record<number, number>>;
  /** Mean exact match at the largest K minus at K = 0: what the demonstrations add. */
  readonly gain: number;
}

/** Group (seen, held-out) → row → mean; a group or row without families is left out. */
export type FamilySummary = Partial<Record<FamilyGroup, Partial<Record<FamilySummaryRow, FamilyGroupSummary>>>>;

const GROUPS: readonly FamilyGroup[] = ['seen', 'held-out'];
const ROWS: readonly (readonly [FamilySummaryRow, (result: FamilyResult) => boolean])[] = [
  ['all', () => true],
  ['lookup', (result) => result.type === 'lookup'],
  ['rule', (result) => result.type === 'rule'],
  // The four families of the first training text, which every model of the project saw.
  ['original four', (result) => (TASK_FAMILY_NAMES as readonly string[]).includes(result.family)],
];

/** The mean exact match per K of `results` by group and row, and the gain from K = 0 to the largest K. */
export function summariseFamilies(results: readonly FamilyResult[], shots: readonly number[]): FamilySummary {
  const largest = Math.max(...shots);
  const summary: FamilySummary = {};
  for (const group of GROUPS) {
    const rows: Partial<Record<FamilySummaryRow, FamilyGroupSummary>> = {};
    for (const [row, includes] of ROWS) {
      const members = results.filter((result) => result.group === group && includes(result));
      if (members.length === 0) continue;
      const mean = (k: number) =>
        members.reduce((sum, result) => sum + (result.exactMatch[k] ?? Number.NaN), 0) / members.length;
      const exactMatch = Object.fromEntries(shots.map((k) => [k, mean(k)]));
      rows[row] = { families: members.length, exactMatch, gain: mean(largest) - mean(0) };
    }
    if (Object.keys(rows).length > 0) summary[group] = rows;
  }
  return summary;
}
