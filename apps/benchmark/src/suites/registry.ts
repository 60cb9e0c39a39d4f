import type { Suite } from '../framework/suite.js';
import { evalSuite } from './eval/eval-suite.js';
import { attentionSuite } from './attention/attention-suite.js';
import { browserBundleSuite } from './browser-bundle/browser-bundle-suite.js';
import { matmulSuite } from './matmul/matmul-suite.js';
import { modelSuite } from './model/model-suite.js';
import { onnxSuite } from './onnx/onnx-suite.js';
import { samplingSuite } from './sampling/sampling-suite.js';
import { serverSuite } from './server/server-suite.js';
import { tokenizerSuite } from './tokenizer/tokenizer-suite.js';
import { trainingSuite } from './training/training-suite.js';
import { weightsSuite } from './weights/weights-suite.js';

/**
 * Every suite, in run order. The model suite runs before sampling, which reuses its decode
 * time. Attention runs last: its sparse layouts at n = 8192 take the WASM heap to ~3.5 GB of
 * its 4 GB, and WASM memory never shrinks, so a suite after it could run out.
 */
export const SUITES: readonly Suite[] = [
  tokenizerSuite,
  matmulSuite,
  modelSuite,
  samplingSuite,
  serverSuite,
  browserBundleSuite,
  trainingSuite,
  evalSuite,
  onnxSuite,
  weightsSuite,
  attentionSuite,
];
