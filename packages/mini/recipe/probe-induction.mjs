#!/usr/bin/env node
// Does a checkpoint copy from its context? Scores lines of 25 random common words followed by the
// same line again, and prints the mean log-probability per token of the first line and of the
// repeat. A model with induction heads predicts the repeat far better than the first line (which
// no model can do better than about ln 1000 ≈ −6.9 on); one without scores both alike.
//
//   pnpm turbo run build --filter=@fewshot/mini...
//   node packages/mini/recipe/probe-induction.mjs [--model packages/mini/model] [--lines 10]
import console from 'node:console';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { commonWords, createRandom, readBrownCorpus, splitDocuments } from '@fewshot/data';
import { loadHuggingFaceModel, selectBackend, tokenLogProbabilities } from '@fewshot/model';
import { loadVocabAndMerges } from '@fewshot/tokenizer/node';

const SEPARATOR = '<|endoftext|>';
const { values } = parseArgs({ options: { model: { type: 'string', default: 'packages/mini/model' }, lines: { type: 'string', default: '10' } } });
await selectBackend('wasm');
const { model } = await loadHuggingFaceModel(values.model);
const endOfTextId = JSON.parse(readFileSync(join(values.model, 'vocab.json'), 'utf8'))[SEPARATOR];
const tokenizer = await loadVocabAndMerges(join(values.model, 'vocab.json'), join(values.model, 'merges.txt'), { specialTokens: { [SEPARATOR]: endOfTextId } });
// The words the training episodes and repeated lines draw from (packages/mini/recipe/build-data.mjs).
const split = splitDocuments(readBrownCorpus(), { seed: 0, validationFraction: 0.05 });
const words = commonWords(split.train.map((document) => document.text), { count: 1000 });
const random = createRandom(77, 'fewshot-mini induction probe');
const sums = { first: 0, firstTokens: 0, repeat: 0, repeatTokens: 0 };
for (let i = 0; i < Number(values.lines); i++) {
  const line = Array.from({ length: 25 }, () => random.pick(words)).join(' ');
  const first = tokenizer.encodeOrdinary(`${line}\n`);
  const repeat = tokenizer.encodeOrdinary(line);
  // logprobs[t] scores token t + 1 of [separator, …first, …repeat].
  const logprobs = tokenLogProbabilities(model, [endOfTextId, ...first, ...repeat]);
  for (let t = 1; t < first.length; t++) sums.first += logprobs[t];
  for (let t = first.length + 1; t < first.length + repeat.length; t++) sums.repeat += logprobs[t];
  sums.firstTokens += first.length - 1;
  sums.repeatTokens += repeat.length - 1;
}
console.log(`${values.model}: first line ${(sums.first / sums.firstTokens).toFixed(2)} nats/token, repeat ${(sums.repeat / sums.repeatTokens).toFixed(2)}`);
