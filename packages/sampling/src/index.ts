export { GenerationOptionError } from './generation-error.js';
export {
  type GenerationConfig,
  type GenerationOptions,
  MAX_LOGPROBS,
  MAX_STOP_STRINGS,
  resolveGenerationConfig,
} from './generation-config.js';
export type { LanguageModel } from './language-model.js';
export {
  type TokenBytesDecoder,
  type TokenDecoder,
  type TokenSequenceDecoder,
  StreamingTextDecoder,
  decodeAll,
  tokenText,
} from './token-decoder.js';
export { type LogitsContext, type LogitsProcessor, applyProcessors } from './logits-processor.js';
export { createLogitsProcessors, createLogitsWarpers } from './logits-pipeline.js';
export { RepetitionPenaltyProcessor } from './processors/repetition-penalty.js';
export { PresenceFrequencyPenaltyProcessor } from './processors/presence-frequency-penalty.js';
export { LogitBiasProcessor } from './processors/logit-bias.js';
export { BannedSequencesProcessor } from './processors/banned-sequences.js';
export { NoRepeatNgramProcessor } from './processors/no-repeat-ngram.js';
export { MinNewTokensProcessor } from './processors/min-new-tokens.js';
export { TemperatureWarper } from './warpers/temperature.js';
export { TopKWarper } from './warpers/top-k.js';
export { TopPWarper } from './warpers/top-p.js';
export { MinPWarper } from './warpers/min-p.js';
export { TypicalPWarper } from './warpers/typical-p.js';
export { topKIndices, prefixReachingMass } from './partial-select.js';
export { logSoftmax, logSumExp, softmax } from './softmax.js';
export { greedyToken, sampleToken } from './sampler.js';
export { type TokenLogprob, tokenLogprobs } from './logprobs.js';
export { type FinishReason } from './stopping-criteria.js';
export { StopStringMatcher } from './stop-strings.js';
export { normalizedBeamScore } from './beam-search.js';
export type {
  Completion,
  GeneratedToken,
  GenerationEvent,
  GenerationResult,
  Timing,
  Usage,
} from './generation-types.js';
export { type GenerationRuntime, type LlamaCppTimings, llamaCppTimings } from './llama-timings.js';
export { type GenerateRequest, generate, streamGenerate } from './generate.js';
