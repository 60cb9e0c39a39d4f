/** The Node.js part of `@fewshot/common`: file system helpers, kept out of the browser-clean main entry. */
export { type FileContent, syncDirectory, writeFileAtomic } from './node/atomic-write.js';
