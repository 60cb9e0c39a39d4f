export { type SandboxExecutor, type SandboxOptions, createSandboxExecutor } from './node/sandbox-executor.js';
