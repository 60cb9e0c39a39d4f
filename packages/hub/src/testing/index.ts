export {
  type RecordedRequest,
  type StorageFault,
  type TestHub,
  type TestRepo,
  gitBlobSha1,
  sha256,
  startTestHub,
} from './hub-server.js';
export { type CheckpointVariant, PLAIN, TINY, TINY_EOS, tinyRepoFiles } from './tiny-checkpoints.js';
export { type TorchTensor, writeTorchCheckpoint } from './torch-writer.js';
