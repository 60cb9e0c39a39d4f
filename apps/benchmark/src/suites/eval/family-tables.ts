import type { FamilyResult, FamilySummary } from '@fewshot/data';

const percent = (fraction: number | undefined): string => (100 * (fraction ?? Number.NaN)).toFixed(1);
const headers = (shots: readonly number[]): string[] => [
  ...shots.map((k) => `K=${k}`),
  `K=${Math.max(...shots)} − K=0`,
];

/** The summary as report rows: group, row (all, lookup, rule, original four), families, percent by K, gain. */
export function familySummaryRows(summary: FamilySummary, shots: readonly number[]): string[][] {
  const rows = [['group', 'type', 'families', ...headers(shots)]];
  for (const [group, types] of Object.entries(summary)) {
    for (const [type, { families, exactMatch, gain }] of Object.entries(types)) {
      rows.push([group, type, String(families), ...shots.map((k) => percent(exactMatch[k])), percent(gain)]);
    }
  }
  return rows;
}

/** One row per family of `results`: name, type, what it maps, percent by K, gain in points. */
export function familyResultRows(results: readonly FamilyResult[], shots: readonly number[]): string[][] {
  const largest = Math.max(...shots);
  return [
    ['family', 'type', 'what', ...headers(shots)],
    ...results.map(({ family, type, description, exactMatch }) => [
      family,
      type,
      description,
      ...shots.map((k) => percent(exactMatch[k])),
      percent((exactMatch[largest] ?? Number.NaN) - (exactMatch[0] ?? Number.NaN)),
    ]),
  ];
}
