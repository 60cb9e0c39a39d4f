export { HubError, type HubErrorCode } from './hub-error.js';
export { DEFAULT_ENDPOINT, type HubSettings, hubSettings } from './hub-settings.js';
export { DEFAULT_REVISION, type RepoReference, parseRepoReference, repoFolderName } from './repo-reference.js';
export {
  DEFAULT_TIMEOUTS,
  type FileMetadata,
  HubClient,
  type HubTimeouts,
  type RepoListing,
  type TreeEntry,
} from './hub-client.js';
export { type CachedModel, HubCache, deleteCachedModel, listCachedModels } from './hub-cache.js';
export { type CachedFile, type DownloadOptions, type DownloadProgress, downloadFile } from './download-file.js';
export { type ProgressReading, createProgressMeter } from './progress-meter.js';
export { type DownloadModelOptions, type ModelSnapshot, downloadModel } from './download-model.js';
export { type ModelSource, type ResolveModelOptions, describeModelSource, resolveModelSource } from './model-source.js';
export {
  type GenerationDefaults,
  type SamplingDefaults,
  parseGenerationConfig,
  samplingDefaults,
} from './generation-config.js';
export { endOfTextId, loadModelTokenizer } from './model-tokenizer.js';
export {
  type PretrainedModel,
  type PretrainedOptions,
  loadCheckpointDirectory,
  loadPretrained,
} from './load-pretrained.js';
export { readTorchCheckpoint } from './torch/torch-checkpoint.js';
