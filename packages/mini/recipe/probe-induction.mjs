#!/usr/bin/env node
// Does a checkpoint copy from its context? Scores lines of 25 random common words followed by the
// same line again, and prints the mean log-probability per token of the first line and of the
// repeat. A model with induction heads predicts the repeat far better than the first line (which
// no model can do better than about ln 1000 ≈ −6.9 on); one without scores both alike.
// `--distinct-words N` draws each line from N words chosen for it (bursty lines, as in the
// training text): a model that has begun to copy predicts even their first line better than
// ln 1000, since its words recur within it.
// It also prints, per layer, the head that attends most to the previous token (the first half of
// an induction circuit) and the head that attends most, from the repeat, to the token that followed
// the current token's earlier occurrence (the second half), each as a mean attention weight next
// to what uniform causal attention would give.
//
//   pnpm turbo run build --filter=@fewshot/mini...
//   node packages/mini/recipe/probe-induction.mjs [--model packages/mini/model] [--lines 10] [--distinct-words N]
import console from 'node:console';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { URL } from 'node:url';
import { parseArgs } from 'node:util';
import { createRandom } from '@fewshot/common';
import { commonWords, readBrownCorpus, splitDocuments } from '@fewshot/data';
import { installKernels } from '@fewshot/kernels';
import { attentionWeights, tokenLogProbabilities } from '@fewshot/model';
import { loadHuggingFaceModel, selectBackend } from '@fewshot/model/node';
import { loadVocabAndMerges } from '@fewshot/tokenizer/node';

const SEPARATOR = '<|endoftext|>';
const { values } = parseArgs({
  options: {
    model: { type: 'string', default: 'packages/mini/model' },
    lines: { type: 'string', default: '10' },
    'distinct-words': { type: 'string' },
  },
});
const positiveInteger = (flag, text, max) => {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > max)
    throw new RangeError(`--${flag} = ${text} is invalid: expected an integer from 1 to ${max}`);
  return value;
};
const lineCount = positiveInteger('lines', values.lines, 10_000);
installKernels();
await selectBackend('wasm');
const { model } = await loadHuggingFaceModel(values.model);
const endOfTextId = JSON.parse(readFileSync(join(values.model, 'vocab.json'), 'utf8'))[SEPARATOR];
const tokenizer = await loadVocabAndMerges(join(values.model, 'vocab.json'), join(values.model, 'merges.txt'), {
  specialTokens: { [SEPARATOR]: endOfTextId },
});
// The words the training episodes and repeated lines draw from, chosen as the data recipe chose them.
const { recipe } = JSON.parse(readFileSync(new URL('../data/data-card.json', import.meta.url), 'utf8'));
const split = splitDocuments(readBrownCorpus(), {
  seed: recipe.splitSeed,
  validationFraction: recipe.validationFraction,
});
const words = commonWords(
  split.train.map((document) => document.text),
  { count: recipe.commonWords },
);
const random = createRandom(77, 'fewshot-mini induction probe');
const sums = { first: 0, firstTokens: 0, repeat: 0, repeatTokens: 0 };
/**
 * Per layer and head: summed attention to the previous token and to the induction target, and what uniform attention
 * would give.
 */
const heads = model.config.attention.map(() =>
  Array.from({ length: model.config.nHead }, () => ({ previous: 0, induction: 0 })),
);
const uniform = { previous: 0, induction: 0, previousQueries: 0, inductionQueries: 0 };
const distinctWords =
  values['distinct-words'] === undefined
    ? undefined
    : positiveInteger('distinct-words', values['distinct-words'], words.length);
for (let i = 0; i < lineCount; i++) {
  const pool = distinctWords === undefined ? words : random.sample(words, distinctWords);
  const line = Array.from({ length: 25 }, () => random.pick(pool)).join(' ');
  const first = tokenizer.encodeOrdinary(`${line}\n`);
  const repeat = tokenizer.encodeOrdinary(line);
  // logprobs[t] scores token t + 1 of [separator, …first, …repeat].
  const logprobs = tokenLogProbabilities(model, [endOfTextId, ...first, ...repeat]);
  for (let t = 1; t < first.length; t++) sums.first += logprobs[t];
  for (let t = first.length + 1; t < first.length + repeat.length; t++) sums.repeat += logprobs[t];
  sums.firstTokens += first.length - 1;
  sums.repeatTokens += repeat.length - 1;
  // Query q of the repeat's token r (q = 1 + first.length + r) should, in an induction head,
  // attend to key 2 + r: the token that followed token r's first occurrence.
  const ids = [endOfTextId, ...first, ...repeat];
  for (const layer of attentionWeights(model, ids)) {
    const at = (head, query, key) => layer.weights[(head * layer.length + query) * layer.length + key];
    for (let head = 0; head < layer.heads; head++) {
      const sum = heads[layer.layer][head];
      for (let query = 1; query < ids.length; query++) sum.previous += at(head, query, query - 1);
      for (let r = 0; r + 1 < repeat.length; r++) sum.induction += at(head, 1 + first.length + r, 2 + r);
    }
  }
  for (let query = 1; query < ids.length; query++) uniform.previous += 1 / (query + 1);
  for (let r = 0; r + 1 < repeat.length; r++) uniform.induction += 1 / (2 + first.length + r);
  uniform.previousQueries += ids.length - 1;
  uniform.inductionQueries += repeat.length - 1;
}
console.log(
  `${values.model}: first line ${(sums.first / sums.firstTokens).toFixed(2)} ` +
    `nats/token, repeat ${(sums.repeat / sums.repeatTokens).toFixed(2)}`,
);
const share = (value, queries) => (value / queries).toFixed(2);
console.log(
  `uniform attention: previous token ${share(uniform.previous, uniform.previousQueries)}, ` +
    `induction target ${share(uniform.induction, uniform.inductionQueries)}`,
);
for (const [layer, layerHeads] of heads.entries()) {
  const best = (field) => layerHeads.reduce((top, sum, head) => (sum[field] > layerHeads[top][field] ? head : top), 0);
  const previous = best('previous');
  const induction = best('induction');
  console.log(
    `layer ${layer}: previous token ` +
      `${share(layerHeads[previous].previous, uniform.previousQueries)} (head ${previous}), ` +
      `induction target ${share(layerHeads[induction].induction, uniform.inductionQueries)} (head ${induction})`,
  );
}
