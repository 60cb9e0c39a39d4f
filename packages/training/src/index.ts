export { AdamW, type AdamWOptions, type AdamWState, type OptimizedWeight, decaysByDefault } from './adamw.js';
export { type ClippedGradients, clipByGlobalNorm } from './gradient-clipping.js';
export {
  type BatchGradientOptions,
  type BatchGradients,
  batchGradients,
  batchLogits,
  trainableVariables,
} from './gradients.js';
export { type Evaluation, type HeldOutData, evaluate } from './evaluate.js';
export { type GrowDepthOptions, growDepth } from './grow-depth.js';
export { type LearningRateSchedule, learningRateAtStep } from './learning-rate.js';
export { languageModelLoss } from './language-model-loss.js';
export { lossChartSvg } from './loss-chart.js';
export {
  type EvaluationRecord,
  LOSS_CURVE_FILES,
  type LossCurve,
  type StepRecord,
  lossCurveCsv,
  writeLossCurve,
} from './loss-curve.js';
export { withSeededMathRandom } from './seeded-math-random.js';
export { type DataPosition, type TokenBatch, TokenWindows, packDocuments } from './token-windows.js';
export {
  DEFAULT_TRAIN_OPTIONS,
  TRAIN_OPTION_NAMES,
  TrainOptionError,
  type TrainOptions,
  resolveTrainOptions,
} from './train-options.js';
export {
  type LoadedTrainingCheckpoint,
  type SaveCheckpointInput,
  type TrainerState,
  findLatestCheckpoint,
  loadTrainingCheckpoint,
  removeStaleCheckpointFiles,
  saveTrainingCheckpoint,
} from './training-checkpoint.js';
export { type ResumePoint, type TrainEvent, type TrainInput, type TrainResult, train } from './trainer.js';
export { TrainingWorkerError } from './worker-channel.js';
