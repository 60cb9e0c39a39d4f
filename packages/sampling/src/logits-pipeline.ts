import type { GenerationConfig } from './generation-config.js';
import type { LogitsProcessor } from './logits-processor.js';
import { BannedSequencesProcessor } from './processors/banned-sequences.js';
import { LogitBiasProcessor } from './processors/logit-bias.js';
import { MinNewTokensProcessor } from './processors/min-new-tokens.js';
import { NoRepeatNgramProcessor } from './processors/no-repeat-ngram.js';
import { PresenceFrequencyPenaltyProcessor } from './processors/presence-frequency-penalty.js';
import { RepetitionPenaltyProcessor } from './processors/repetition-penalty.js';
import { MinPWarper } from './warpers/min-p.js';
import { TemperatureWarper } from './warpers/temperature.js';
import { TopKWarper } from './warpers/top-k.js';
import { TopPWarper } from './warpers/top-p.js';
import { TypicalPWarper } from './warpers/typical-p.js';

/**
 * The processors a config asks for, in application order, leaving out the ones that would be
 * no-ops. Score shifts (penalties, bias) come before masks so a mask is final.
 */
export function createLogitsProcessors(config: GenerationConfig, vocabSize: number): LogitsProcessor[] {
  const list: LogitsProcessor[] = [];
  if (config.repetitionPenalty !== 1) list.push(new RepetitionPenaltyProcessor(config.repetitionPenalty));
  if (config.presencePenalty !== 0 || config.frequencyPenalty !== 0) {
    list.push(new PresenceFrequencyPenaltyProcessor(config.presencePenalty, config.frequencyPenalty));
  }
  const bias = new LogitBiasProcessor(config.logitBias, vocabSize);
  if (bias.size > 0) list.push(bias);
  if (config.bannedSequences.length > 0) list.push(new BannedSequencesProcessor(config.bannedSequences, vocabSize));
  if (config.noRepeatNgramSize > 0) list.push(new NoRepeatNgramProcessor(config.noRepeatNgramSize));
  if (config.minNewTokens > 0 && config.eosTokenIds.length > 0) {
    list.push(new MinNewTokensProcessor(config.minNewTokens, config.eosTokenIds));
  }
  return list;
}

/**
 * The warpers that reshape the distribution before a multinomial draw, in Hugging Face's order:
 * temperature, top-k, top-p, min-p, typical-p. Greedy decoding and beam search skip them (they
 * do not change which token is most likely, except for masks, which the argmax ignores).
 */
export function createLogitsWarpers(config: GenerationConfig): LogitsProcessor[] {
  const list: LogitsProcessor[] = [];
  if (config.temperature !== 1 && config.temperature > 0) list.push(new TemperatureWarper(config.temperature));
  if (config.topK > 0) list.push(new TopKWarper(config.topK));
  if (config.topP < 1) list.push(new TopPWarper(config.topP));
  if (config.minP > 0) list.push(new MinPWarper(config.minP));
  if (config.typicalP < 1) list.push(new TypicalPWarper(config.typicalP));
  return list;
}
