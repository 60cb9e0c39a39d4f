export { ConfigError } from './config-error.js';
export {
  ATTENTION_PATTERN_TYPES,
  type AttentionPattern,
  type AttentionPatternSizes,
  type AttentionPatternType,
  type AttentionTypeName,
  type AttentionTypesShorthand,
  attendedKeyCount,
  attendedPairCount,
  attends,
  describeAttentionPattern,
  expandAttentionTypes,
  parseAttentionPattern,
  stridedWindow,
} from './attention-pattern.js';
export {
  ACTIVATIONS,
  type Activation,
  type Dropout,
  type LayerNormPosition,
  type ModelConfig,
  type ModelConfigInput,
  createModelConfig,
  headSize,
} from './model-config.js';
export { GPT3_LOCAL_WINDOW, PRESET_NAMES, type PresetName, getPreset, isPresetName } from './presets.js';
export { type ParameterCount, countParameters, formatCount } from './parameters.js';
export { type ForwardFlops, attentionFlops, forwardFlopsPerToken, trainingFlopsPerToken } from './flops.js';
export {
  GPT3_TRAINING,
  type TrainingConfig,
  createTrainingConfig,
  learningRateAt,
} from './training-config.js';
export {
  HUGGING_FACE_MODEL_TYPES,
  type ExportOptions,
  type HuggingFaceConfig,
  type HuggingFaceModelType,
  type ImportedConfig,
  fromHuggingFaceConfig,
  toHuggingFaceConfig,
} from './huggingface-config.js';
