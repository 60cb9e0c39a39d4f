import { DEFAULT_REVISION } from '@fewshot/hub';
import { DECODING_DTYPES } from '@fewshot/kernels';
import { BACKEND_NAMES } from '@fewshot/model/node';
import type { OptionTable } from './command-spec.js';

/** The options of every command that runs a model: which checkpoint, which revision, which backend. */
export const MODEL_OPTIONS = {
  model: {
    type: 'string',
    value: 'DIR|ORG/NAME[@REV]',
    valueType: 'model',
    defaultText: 'the bundled fewshot-mini',
    description: 'a checkpoint directory, or a Hub repo (fetched once into the Hugging Face cache)',
  },
  revision: {
    type: 'string',
    value: 'REV',
    valueType: 'name',
    defaultText: DEFAULT_REVISION,
    description: "the Hub repo's branch, tag or commit",
  },
  backend: {
    type: 'string',
    value: 'NAME',
    valueType: 'name',
    allowed: BACKEND_NAMES,
    defaultText: '$FEWSHOT_BACKEND, else tensorflow if installed, else wasm',
    description: 'the TensorFlow.js backend',
  },
} as const satisfies OptionTable;

/**
 * `--weights`: decoding from a copy of the weights stored as int8, float16 or float32
 * (`quantizeForDecoding` of @fewshot/kernels); absent, from the weights as loaded.
 */
export const WEIGHTS_OPTION = {
  weights: {
    type: 'string',
    value: 'TYPE',
    valueType: 'name',
    allowed: DECODING_DTYPES,
    defaultText: "the weights as loaded, through TF.js's matMul",
    description:
      'decode from a copy of the projection, MLP and LM-head weights stored as TYPE, read by SIMD kernels ' +
      '(float32 rounds nothing: a second full-size copy in memory, faster on small models)',
  },
} as const satisfies OptionTable;

/** `--json`: one object on stdout instead of text. */
export const JSON_OPTION = {
  json: { type: 'boolean', default: false, description: 'print one JSON object instead of text' },
} as const satisfies OptionTable;
