import { type BrownDocument, readBrownCorpus } from '../brown/brown-corpus.js';
import { splitDocuments } from '../brown/split-documents.js';
import { commonWords } from '../synthetic/common-words.js';
import { episodeTaskItems } from '../synthetic/episodes.js';
import { TASK_FAMILY_NAMES } from '../synthetic/task-families.js';
import { syntheticTaskName } from './bundled-tasks.js';
import { JAVASCRIPT_PROBLEMS } from './javascript-problems.js';
import { lambadaPassages } from './lambada-passages.js';

/**
 * How the bundled task files are made. The episode streams are named by `purpose`, which no
 * training recipe uses, so every mapping in them is fresh; the Brown passages come from the
 * validation documents of the default split (seed 0, 5%), the one fewshot-mini holds out.
 */
export const BUNDLED_TASK_RECIPE = {
  seed: 2026,
  purpose: 'bundled evaluation task',
  itemsPerFamily: 100,
  shots: 16,
  lambadaPassages: 150,
  /**
   * Words per passage. Short enough that a passage and one demonstration fit the default
   * model's 256-token context: its 4,096-token BPE spends about 1.7 tokens per Brown word.
   */
  lambadaWords: { min: 25, max: 60 },
  commonWords: 1000,
} as const;

/** The text of every bundled task file, by task name (what `scripts/generate-tasks.mjs` writes). */
export function bundledTaskContents(brown: readonly BrownDocument[] = readBrownCorpus()): Record<string, string> {
  const recipe = BUNDLED_TASK_RECIPE;
  const { train, validation } = splitDocuments(brown);
  const words = commonWords(
    train.map((document) => document.text),
    { count: recipe.commonWords },
  );
  const jsonl = (items: readonly unknown[]): string => items.map((item) => `${JSON.stringify(item)}\n`).join('');
  const contents: Record<string, string> = {};
  for (const family of TASK_FAMILY_NAMES) {
    const items = episodeTaskItems(family, {
      seed: recipe.seed,
      purpose: recipe.purpose,
      words,
      count: recipe.itemsPerFamily,
      shots: recipe.shots,
    });
    contents[syntheticTaskName(family)] = jsonl(items);
  }
  contents['lambada-brown'] = jsonl(
    lambadaPassages(
      validation.map((document) => document.text),
      {
        count: recipe.lambadaPassages,
        seed: recipe.seed,
        minWords: recipe.lambadaWords.min,
        maxWords: recipe.lambadaWords.max,
      },
    ),
  );
  contents['humaneval-js'] = jsonl(JAVASCRIPT_PROBLEMS);
  return contents;
}
