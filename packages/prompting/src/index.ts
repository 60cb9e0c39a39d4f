export {
  type ExampleAnalysis,
  type ExampleRecord,
  type FieldStats,
  type LengthStats,
  analyzeExamples,
} from './analyze-examples.js';
export type { ApplicationResult, ApplicationTokenizer } from './applications/application-generate.js';
export { GENERATE_TEXT_DEFAULTS, type GeneratedText, generateText } from './applications/generate-text.js';
export {
  GENERATE_CODE_DEFAULTS,
  type GenerateCodeOptions,
  type GeneratedCode,
  generateCode,
} from './applications/generate-code.js';
export {
  ANSWER_QUESTION_DEFAULTS,
  type AnswerQuestionOptions,
  type AnsweredQuestion,
  answerQuestion,
} from './applications/answer-question.js';
export { type Classification, type ClassifyOptions, type LabelScore, classify } from './applications/classify.js';
export {
  type AnswerNormalizer,
  exactMatch,
  f1Score,
  normalizeAnswer,
  normalizeTriviaQaAnswer,
} from './answer-metrics.js';
export { type FewShotPrompt, type FewShotPromptOptions, buildFewShotPrompt } from './build-prompt.js';
export type { Demonstration, Example, TokenCounter } from './example.js';
export {
  type ClassificationTemplate,
  type PromptTemplate,
  classificationTemplate,
  closedBookQaTemplate,
  codeTemplate,
  inputOutputTemplate,
  questionAnsweringTemplate,
} from './prompt-template.js';
export { parseExamplesJsonl } from './examples-jsonl.js';
export { PromptingError } from './prompting-error.js';
export { type ExampleSelection, type SelectExamplesOptions, selectExamples } from './select-examples.js';
export {
  type ContinuationScore,
  type ScoreOptions,
  scoreContinuation,
  scoreContinuations,
  scoreTokenIds,
} from './score-continuations.js';
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
export { formatPaperTable, formatResultsTable } from './evaluation/results-table.js';
export { binomialStandardError } from './evaluation/standard-error.js';
export {
  CODE_LANGUAGES,
  CODE_STOP_SEQUENCES,
  type CodeLanguage,
  type CodeProblem,
  codeProgram,
} from './code/code-problem.js';
export { type CodeSample, parseCodeSamplesJsonl } from './code/code-samples.js';
export {
  type CodeExecutor,
  EXECUTION_OUTCOMES,
  type ExecutionOutcome,
  type ExecutionResult,
} from './code/code-executor.js';
export {
  type CodeEvaluation,
  type CodeEvaluationOptions,
  type CodeTaskResult,
  type SampleResult,
  evaluateCodeSamples,
} from './code/evaluate-code-samples.js';
export { passAtK } from './code/pass-at-k.js';
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
