/**
 * Test helpers for packages built on `@fewshot/model` (kernels, training, loaders): seeded inputs,
 * a float64 reference forward pass written from the Hugging Face modelling code, Hugging Face
 * checkpoint fixtures. Node.js only.
 */
export {
  type TinySizes,
  huggingFaceConfig,
  huggingFaceTensors,
  withPrefix,
  writeCheckpointDirectory,
} from './huggingface-fixture.js';
export { randomValues, seededRandom } from './random.js';
export { type RawTensor, referenceLogProbs } from './reference-gpt.js';
export { PACKED_PASSES_CONTEXT, type PackedPassesComparison, comparePackedPasses } from './packed-passes.js';
export { mixedPatternConfig } from './mixed-pattern-config.js';
