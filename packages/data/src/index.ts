export { type BrownDocument, brownCorpusDirectory, readBrownCorpus } from './brown/brown-corpus.js';
export { brownParagraphs, detokenize, untag } from './brown/detokenize.js';
export { type DocumentSplit, type SplitOptions, splitDocuments } from './brown/split-documents.js';
export { DataError } from './data-error.js';
export {
  type FamilyEvaluation,
  type FamilyEvaluationModel,
  type FamilyEvaluationOptions,
  evaluateFamilies,
} from './family-evaluation/evaluate-families.js';
export type { FamilyGroup, FamilyResult } from './family-evaluation/family-result.js';
export {
  type FamilyGroupSummary,
  type FamilySummary,
  type FamilySummaryRow,
  summariseFamilies,
} from './family-evaluation/family-summary.js';
export { type MixOptions, mixWithEpisodes } from './mix/mix-with-episodes.js';
export { HELD_OUT_FAMILIES, HELD_OUT_FAMILY_NAMES, type HeldOutFamily } from './held-out/held-out-families.js';
export { type UnigramBaseline, unigramBaseline } from './stats/unigram-baseline.js';
export { type CommonWordsOptions, commonWords } from './synthetic/common-words.js';
export type { Demonstration, TaskFamily } from './synthetic/demonstration.js';
export {
  type Episode,
  type EpisodeOptions,
  type EpisodeTaskItem,
  episodeTaskItems,
  generateEpisodes,
  renderEpisode,
} from './synthetic/episodes.js';
export { LETTER_RULES, caesar } from './synthetic/letter-transform.js';
export { type RepeatedLineOptions, repeatedLine } from './synthetic/repeated-line.js';
export { TASK_FAMILIES, TASK_FAMILY_NAMES, type TaskFamilyName } from './synthetic/task-families.js';
export { BUNDLED_TASK_RECIPE, bundledTaskContents } from './tasks/bundled-task-contents.js';
export {
  BUNDLED_TASKS,
  type BundledTask,
  type BundledTaskKind,
  resolveBundledTask,
  syntheticTaskName,
} from './tasks/bundled-tasks.js';
export { type LambadaPassage, type LambadaPassageOptions, lambadaPassages } from './tasks/lambada-passages.js';
export {
  EPISODE_FORMATS,
  EPISODE_FORMAT_WEIGHTS,
  type EpisodeFormat,
  type EpisodeFormatName,
  renderInFormat,
} from './task-families/episode-formats.js';
export type { FamilyType, InContextFamily } from './task-families/family.js';
export {
  type FamilyEpisode,
  type FamilyEpisodeOptions,
  familyTaskItems,
  generateFamilyEpisodes,
} from './task-families/family-episodes.js';
export { KEY_ORDERS, type KeyOrder, keyOrder } from './task-families/key-order.js';
export { type LookupOptions, lookupFamily } from './task-families/lookup-family.js';
export { madeUpWord } from './task-families/made-up-word.js';
export { type RuleEpisode, ruleFamily } from './task-families/rule-family.js';
export { TRAINING_FAMILIES, TRAINING_FAMILY_NAMES } from './task-families/training-families.js';
export { CROSS_KIND_FAMILIES, CROSS_KIND_FAMILY_NAMES } from './task-families/cross-kind-families.js';
export { VALUE_KINDS, VALUE_KIND_NAMES, type ValueKind, distinctValues } from './task-families/value-kinds.js';
export { type FamilyVocabulary, familyVocabulary } from './task-families/vocabulary.js';
