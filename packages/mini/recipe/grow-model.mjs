#!/usr/bin/env node
// Grows a checkpoint deeper for further training (`growDepth` of @fewshot/training): its blocks as
// they are, then added blocks whose output projections are zero, so the grown model computes
// exactly what the checkpoint computes and `fewshot train --model OUT` goes on from what it knows.
// The tokenizer files are copied beside the weights.
//
//   pnpm turbo run build --filter=@fewshot/mini...
//   node packages/mini/recipe/grow-model.mjs --out packages/mini/runs/grown-model \
//     [--from packages/mini/model] [--layers 8] [--context-length 512] [--seed 9]
import console from 'node:console';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { installKernels } from '@fewshot/kernels';
import { loadHuggingFaceModel, saveHuggingFaceModel, selectBackend } from '@fewshot/model/node';
import { growDepth } from '@fewshot/training';

const { values } = parseArgs({
  options: {
    from: { type: 'string', default: 'packages/mini/model' },
    out: { type: 'string' },
    layers: { type: 'string', default: '8' },
    'context-length': { type: 'string' },
    seed: { type: 'string', default: '9' },
  },
});
if (values.out === undefined) throw new Error('--out is required: the directory the grown checkpoint is written to');
const integer = (flag, text) => {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 0)
    throw new RangeError(`--${flag} = ${text} is invalid: expected an integer ≥ 0`);
  return value;
};

installKernels();
await selectBackend('wasm');
const { model } = await loadHuggingFaceModel(values.from);
const grown = growDepth(model, {
  layers: integer('layers', values.layers),
  seed: integer('seed', values.seed),
  ...(values['context-length'] === undefined
    ? {}
    : { contextLength: integer('context-length', values['context-length']) }),
});
await saveHuggingFaceModel(grown, values.out);
for (const file of ['vocab.json', 'merges.txt']) copyFileSync(join(values.from, file), join(values.out, file));
const { nLayer, contextLength, attention } = grown.config;
const patterns = attention.map((pattern) => (pattern.type === 'local' ? `local(${pattern.window})` : pattern.type));
console.log(
  `${values.out}: ${nLayer} layers (${model.config.nLayer} from ${values.from}), context ${contextLength}, ` +
    `patterns ${patterns.join(' ')}`,
);
grown.dispose();
model.dispose();
