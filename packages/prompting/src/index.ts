export { type ExampleAnalysis, type FieldStats, type LengthStats, analyzeExamples } from './analyze-examples.js';
export { exactMatch, f1Score, normalizeAnswer } from './answer-metrics.js';
export { type FewShotPrompt, type FewShotPromptOptions, buildFewShotPrompt } from './build-prompt.js';
export type { Demonstration, Example, TokenCounter } from './example.js';
export {
  type ClassificationTemplate,
  type PromptTemplate,
  classificationTemplate,
  codeTemplate,
  inputOutputTemplate,
  questionAnsweringTemplate,
} from './prompt-template.js';
export { PromptingError } from './prompting-error.js';
export { type ExampleSelection, type SelectExamplesOptions, selectExamples } from './select-examples.js';
export { type ContinuationScore, type ScoreOptions, scoreContinuation, scoreContinuations, scoreTokenIds } from './score-continuations.js';
export {
  type ChoiceRanking,
  type ChoiceScore,
  type MultipleChoiceItem,
  type RankChoicesOptions,
  rankChoices,
} from './rank-choices.js';
export { type LanguageModelingResult, bitsPerByte, evaluateText } from './evaluation/bits-per-byte.js';
export {
  type EvaluateOptions,
  type EvaluationProgress,
  type EvaluationTokenizer,
  type ShotResult,
  type TaskResult,
  evaluateTask,
} from './evaluation/evaluate-task.js';
export { formatResultsTable } from './evaluation/results-table.js';
export {
  type EpisodeItem,
  type EvaluationTask,
  type LambadaItem,
  type MultipleChoiceTaskItem,
  type QuestionAnsweringItem,
  TASK_KINDS,
  type TaskKind,
  parseTaskJsonl,
} from './evaluation/task.js';
