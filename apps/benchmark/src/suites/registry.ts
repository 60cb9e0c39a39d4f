import type { Suite } from '../framework/suite.js';
import { evalSuite } from './eval/eval-suite.js';
import { attentionSuite } from './attention/attention-suite.js';
import { matmulSuite } from './matmul/matmul-suite.js';
import { modelSuite } from './model/model-suite.js';
import { samplingSuite } from './sampling/sampling-suite.js';
import { tokenizerSuite } from './tokenizer/tokenizer-suite.js';
import { trainingSuite } from './training/training-suite.js';

/**
 * Every suite, in run order. The matMul ceiling runs before the suites that compare with it;
 * the model suite before sampling, which reuses its decode time.
 */
export const SUITES: readonly Suite[] = [tokenizerSuite, matmulSuite, modelSuite, samplingSuite, attentionSuite, trainingSuite, evalSuite];
