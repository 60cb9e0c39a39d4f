import { DEFAULT_REVISION } from '@fewshot/hub';
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

/** `--weights`: decoding from 16- or 8-bit copies of the weights (`quantizeForDecoding` of @fewshot/kernels). */
export const WEIGHTS_OPTION = {
  weights: {
    type: 'string',
    value: 'TYPE',
    valueType: 'name',
    allowed: ['float32', 'float16', 'int8'],
    default: 'float32',
    description: 'the weights the products read: as loaded, or stored in 16 or 8 bits',
  },
} as const satisfies OptionTable;

/** `--json`: one object on stdout instead of text. */
export const JSON_OPTION = {
  json: { type: 'boolean', default: false, description: 'print one JSON object instead of text' },
} as const satisfies OptionTable;
