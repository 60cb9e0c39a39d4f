export {
  type BackendChoice,
  BROWSER_BACKEND_NAMES,
  type BrowserBackendName,
  selectBrowserBackend,
} from './backend/select-backend.js';
export { runningThreads } from './backend/running-threads.js';
export { type CreateModelOptions, type ForwardResult, type GptLayers, GptModel } from './gpt-model.js';
export { type TokenIds, checkTokenIds } from './token-ids.js';
export { KvCache } from './cache/kv-cache.js';
export { LayerKv } from './cache/layer-kv.js';
export type { CacheBuffers, PastKeyValues } from './cache/kv-cache-types.js';
export { type AdamWScalars, type FusedOps, fusedOpsFor, installFusedOps } from './ops/fused-ops.js';
export { type DecodingProduct, decodingProductFor, setDecodingProduct } from './ops/decoding-products.js';
export { GELU_CUBIC, SQRT_2_OVER_PI, activate } from './ops/activations.js';
export { layerNorm } from './ops/layer-norm.js';
export { tokenLogProbabilities } from './token-log-probabilities.js';
export {
  type LayerAttentionWeights,
  MAX_ATTENTION_WEIGHTS_LENGTH,
  attentionWeights,
} from './inspect/attention-weights.js';
export { type AttendOptions, attend } from './attention/attention.js';
export { MASKED_SCORE, patternMask } from './attention/pattern-mask.js';
export { type AttentionSpec, type AttentionWeights, causalSelfAttention } from './layers/causal-self-attention.js';
export { LayerNorm, type LayerNormArgs } from './layers/layer-norm.js';
export { PositionEmbedding, type PositionEmbeddingArgs } from './layers/position-embedding.js';
export { TokenEmbedding, type TokenEmbeddingArgs } from './layers/token-embedding.js';
export {
  BLOCK_WEIGHT_NAMES,
  type BlockRunOptions,
  type BlockWeightName,
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
export { SAVE_DTYPES, type SaveDtype, writeSafetensors } from './checkpoint/safetensors-writer.js';
export { checkShard, shardsOfIndex } from './checkpoint/safetensors-index.js';
export { fromHuggingFaceTensors, toHuggingFaceTensors } from './checkpoint/huggingface-weights.js';
export {
  type CheckpointConfig,
  type CheckpointModelType,
  FEWSHOT_MODEL_TYPE,
  HUGGINGFACE_FILES,
  type SaveOptions,
  TOKENIZER_FILES,
  type TokenizerFile,
  createHuggingFaceModel,
  huggingFaceModelFiles,
  interpretHuggingFaceConfig,
} from './checkpoint/huggingface-checkpoint.js';
export {
  DEFAULT_HUB_ENDPOINT,
  DEFAULT_HUB_REVISION,
  type FetchModelOptions,
  type FetchedModel,
  type FileProgress,
  type HubModelLocation,
  ModelFetchError,
  type ModelLocation,
  type UrlModelLocation,
  fetchHuggingFaceModel,
} from './loading/index.js';
