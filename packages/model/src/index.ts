export { type BackendChoice, type BackendName, BACKEND_ENV_VAR, BACKEND_NAMES, selectBackend } from './backend.js';
export { type CreateModelOptions, type ForwardResult, GptModel, type TokenIds } from './gpt-model.js';
export { KvCache } from './kv-cache.js';
export { type WasmMemoryFigures, WASM_MEMORY_ADVICE, WasmMemoryError } from './backends/wasm-memory-error.js';
export {
  type WasmMemoryUsage,
  WASM_HEAP_LIMIT_BYTES,
  WASM_MAX_BLOCK_BYTES,
  largestFreeWasmBlock,
  resetWasmMemoryPeak,
  wasmMemoryUsage,
} from './backends/wasm-memory.js';
export { tokenLogProbabilities } from './token-log-probabilities.js';
export { type LayerAttentionWeights, MAX_ATTENTION_WEIGHTS_LENGTH, attentionWeights } from './inspect/attention-weights.js';
export { type AttendOptions, attend } from './attention/attention.js';
export { MASKED_SCORE, patternMask } from './attention/pattern-mask.js';
export { LayerNorm, type LayerNormArgs } from './layers/layer-norm.js';
export { PositionEmbedding, type PositionEmbeddingArgs } from './layers/position-embedding.js';
export { TokenEmbedding, type TokenEmbeddingArgs } from './layers/token-embedding.js';
export {
  BLOCK_WEIGHT_NAMES,
  type BlockWeightName,
  type PastKeyValues,
  TransformerBlock,
  type TransformerBlockArgs,
} from './layers/transformer-block.js';
export { CheckpointError } from './checkpoint/checkpoint-error.js';
export { type StoredTensor, type TensorData, storedTensor } from './checkpoint/tensor-data.js';
export { FLOAT_DTYPES, SAFETENSORS_DTYPES, type SafetensorsDtype } from './checkpoint/safetensors-dtype.js';
export {
  MAX_HEADER_BYTES,
  type SafetensorsContents,
  type SafetensorsTensor,
  readSafetensors,
} from './checkpoint/safetensors-reader.js';
export { writeSafetensors } from './checkpoint/safetensors-writer.js';
export { fromHuggingFaceTensors, toHuggingFaceTensors } from './checkpoint/huggingface-weights.js';
export {
  type CheckpointConfig,
  type CheckpointModelType,
  FEWSHOT_MODEL_TYPE,
  type LoadedCheckpoint,
  type SaveOptions,
  TOKENIZER_FILES,
  type TokenizerFile,
  createHuggingFaceModel,
  interpretHuggingFaceConfig,
  loadHuggingFaceModel,
  readHuggingFaceConfig,
  saveHuggingFaceModel,
} from './checkpoint/huggingface-checkpoint.js';
export { loadLayersModelDirectory, saveLayersModel } from './checkpoint/layers-model-format.js';
export { SAVE_DTYPES, type SaveDtype } from './checkpoint/safetensors-writer.js';
export { AdamW, type AdamWOptions, type AdamWState, type OptimizedWeight, decaysByDefault } from './training/adamw.js';
export { type ClippedGradients, clipByGlobalNorm } from './training/gradient-clipping.js';
export { type BatchGradients, batchGradients, batchLogits, trainableVariables } from './training/gradients.js';
export { type Evaluation, type HeldOutData, evaluate } from './training/evaluate.js';
export { type LearningRateSchedule, learningRateAtStep } from './training/learning-rate.js';
export { languageModelLoss } from './training/language-model-loss.js';
export { lossChartSvg, niceTicks } from './training/loss-chart.js';
export { type EvaluationRecord, LOSS_CURVE_FILES, type LossCurve, type StepRecord, lossCurveCsv, writeLossCurve } from './training/loss-curve.js';
export { SeededRandom, shuffledRange, withSeededMathRandom } from './training/seeded-random.js';
export { type DataPosition, type TokenBatch, TokenWindows, packDocuments } from './training/token-windows.js';
export { DEFAULT_TRAIN_OPTIONS, TRAIN_OPTION_NAMES, TrainOptionError, type TrainOptions, resolveTrainOptions } from './training/train-options.js';
export {
  type LoadedTrainingCheckpoint,
  type SaveCheckpointInput,
  type TrainerState,
  findLatestCheckpoint,
  loadTrainingCheckpoint,
  removeStaleCheckpointFiles,
  saveTrainingCheckpoint,
} from './training/training-checkpoint.js';
export { type ResumePoint, type TrainEvent, type TrainInput, type TrainResult, train } from './training/trainer.js';
