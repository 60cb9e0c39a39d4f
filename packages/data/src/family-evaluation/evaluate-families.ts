import { type EvaluationTokenizer, buildFewShotPrompt, evaluateTask } from '@fewshot/prompting';
import { DataError } from '../data-error.js';
import { HELD_OUT_FAMILIES } from '../held-out/held-out-families.js';
import { familyTaskItems } from '../task-families/family-episodes.js';
import type { InContextFamily } from '../task-families/family.js';
import { TRAINING_FAMILIES } from '../task-families/training-families.js';
import type { FamilyVocabulary } from '../task-families/vocabulary.js';
import { requireInteger } from '../validate.js';
import type { FamilyGroup, FamilyResult } from './family-result.js';
import { type FamilySummary, summariseFamilies } from './family-summary.js';

/** Any model `evaluateTask` of `@fewshot/prompting` runs: next-token logits with a cache. */
export type FamilyEvaluationModel = Parameters<typeof evaluateTask>[0];

export interface FamilyEvaluationOptions {
  /** The words the families draw from (`familyVocabulary` of the training documents). */
  readonly vocabulary: FamilyVocabulary;
  /** Names from `TRAINING_FAMILIES` (seen) and `HELD_OUT_FAMILIES` (held-out); default all, seen first. */
  readonly families?: readonly string[];
  /** Items per seen family. Default 12. */
  readonly seenItems?: number;
  /** Items per held-out family. Default 40. */
  readonly heldOutItems?: number;
  /** K of each run, 0 among them; every item has as many demonstrations as the largest. Default [0, 1, 4, 16]. */
  readonly shots?: readonly number[];
  /** Seeds the items. Default 1234. */
  readonly seed?: number;
  /** Names the items' random stream. Default `'fewshot-mini family evaluation'`, which no training text uses. */
  readonly purpose?: string;
  /** The end-of-text token: conditions nothing here, and ends an answer when generated. */
  readonly endOfTextTokenId?: number;
  /** Called after each family, in evaluation order. */
  readonly onFamily?: (result: FamilyResult) => void;
}

export interface FamilyEvaluation {
  /** One result per family, seen families first, each group in its table's order. */
  readonly results: readonly FamilyResult[];
  readonly summary: FamilySummary;
}

const DEFAULT_SHOTS = [0, 1, 4, 16];
const ALL_FAMILIES: readonly { readonly family: InContextFamily; readonly group: FamilyGroup }[] = [
  ...Object.values(TRAINING_FAMILIES).map((family) => ({ family, group: 'seen' as const })),
  ...Object.values(HELD_OUT_FAMILIES).map((family) => ({ family, group: 'held-out' as const })),
];

/**
 * In-context learning per task family: `familyTaskItems` of every family (one episode of a mapping
 * drawn for it alone per item), each run at every K through `evaluateTask` (the first K
 * demonstrations in the `Input:`/`Output:` format, a greedy answer to the end of the line, exact
 * match), and the means of `summariseFamilies` by group (seen / held-out) and type (lookup / rule).
 */
export async function evaluateFamilies(
  model: FamilyEvaluationModel,
  tokenizer: EvaluationTokenizer,
  options: FamilyEvaluationOptions,
): Promise<FamilyEvaluation> {
  const shots = options.shots ?? DEFAULT_SHOTS;
  checkShots(shots);
  const items: Record<FamilyGroup, number> = {
    seen: requireInteger('seenItems', options.seenItems ?? 12, 1),
    'held-out': requireInteger('heldOutItems', options.heldOutItems ?? 40, 1),
  };
  const seed = options.seed ?? 1234;
  const purpose = options.purpose ?? 'fewshot-mini family evaluation';
  const results: FamilyResult[] = [];
  for (const { family, group } of selectFamilies(options.families)) {
    const itemOptions = {
      seed,
      purpose,
      vocabulary: options.vocabulary,
      count: items[group],
      shots: Math.max(...shots),
    };
    const taskItems = familyTaskItems(family, itemOptions);
    // Room for the longest expected answer and its newline.
    const maxAnswerTokens = 2 + Math.max(...taskItems.map((item) => tokenizer.encode(` ${item.output}`).length));
    // The prompt with every demonstration, as evaluateTask would build it before fitting it to the context.
    const promptTokens = taskItems.map(
      (item) =>
        tokenizer.encode(buildFewShotPrompt({ examples: item.examples, query: item.input, excludeQuery: false }).prompt)
          .length,
    );
    const fitting = promptTokens.filter((tokens) => tokens + maxAnswerTokens <= model.contextLength).length;
    const task = { name: family.name, kind: 'episode' as const, items: taskItems };
    const { runs } = await evaluateTask(model, tokenizer, task, {
      shots,
      seed,
      maxAnswerTokens,
      ...(options.endOfTextTokenId === undefined ? {} : { endOfTextTokenId: options.endOfTextTokenId }),
    });
    const result: FamilyResult = {
      family: family.name,
      group,
      type: family.type,
      description: family.description,
      items: taskItems.length,
      promptTokens: {
        mean: promptTokens.reduce((sum, tokens) => sum + tokens, 0) / promptTokens.length,
        max: Math.max(...promptTokens),
        fitShare: fitting / promptTokens.length,
      },
      exactMatch: Object.fromEntries(runs.map((run) => [run.shots, run.metrics.exact_match ?? Number.NaN])),
    };
    results.push(result);
    options.onFamily?.(result);
  }
  return { results, summary: summariseFamilies(results, shots) };
}

function checkShots(shots: readonly number[]): void {
  const valid =
    shots.every((k) => Number.isInteger(k) && k >= 0 && k <= 64) &&
    new Set(shots).size === shots.length &&
    shots.includes(0) &&
    shots.some((k) => k > 0);
  if (!valid) throw new DataError('shots', shots, 'expected distinct integers in 0..64, 0 and at least one above it');
}

function selectFamilies(names: readonly string[] | undefined): typeof ALL_FAMILIES {
  if (names === undefined) return ALL_FAMILIES;
  const unknown = names.filter((name) => !ALL_FAMILIES.some(({ family }) => family.name === name));
  if (unknown.length > 0 || names.length === 0) {
    const known = ALL_FAMILIES.map(({ family }) => family.name).join(', ');
    throw new DataError('families', names.length === 0 ? names : unknown, `expected at least one of ${known}`);
  }
  return ALL_FAMILIES.filter(({ family }) => names.includes(family.name));
}
