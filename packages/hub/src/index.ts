export { HubError, type HubErrorCode } from './hub-error.js';
export { DEFAULT_ENDPOINT, type HubSettings, hubSettings } from './hub-settings.js';
export { DEFAULT_REVISION, type RepoReference, parseRepoReference, repoFolderName } from './repo-reference.js';
export { type FileMetadata, HubClient, type RepoListing, type TreeEntry } from './hub-client.js';
export { type CachedModel, HubCache, deleteCachedModel, listCachedModels } from './hub-cache.js';
export { type CachedFile, type DownloadOptions, type DownloadProgress, downloadFile } from './download-file.js';
