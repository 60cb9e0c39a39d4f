export { type FetchedModel, type FetchModelOptions, fetchHuggingFaceModel } from './fetch-huggingface-model.js';
export type { FileProgress } from './fetch-file.js';
export { ModelFetchError } from './model-fetch-error.js';
export {
  DEFAULT_HUB_ENDPOINT,
  DEFAULT_HUB_REVISION,
  type HubModelLocation,
  type ModelLocation,
  type UrlModelLocation,
} from './model-location.js';
