#!/usr/bin/env node
// In-context learning beyond the training families: exact match at K = 0, 1, 4 and 16 on every
// task family of @fewshot/data — the families of the training text (seen) and the held-out ones
// no training text contains — grouped into seen / held-out and lookup / rule. Writes
// families.json and families.md into packages/mini/evaluation/.
//
//   pnpm turbo run build --filter=@fewshot/mini...   # dist of the packages used below
//   node packages/mini/recipe/evaluate-families.mjs [--model packages/mini/model] [--out packages/mini/evaluation]
//     [--items 12] [--held-out-items 40] [--families echo,swap-two-words]
//
// Every item is one episode of a mapping drawn for it alone (16 demonstrations and a query, from
// a seeded stream of its own); K-shot prompts show the first K demonstrations in the Input:/Output:
// format, as `fewshot eval` does. One core, WASM: about 0.1 s an item at fewshot-mini's size.
import console from 'node:console';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { writeFileAtomic } from '@fewshot/common/node';
import { DataError, evaluateFamilies, familyVocabulary, readBrownCorpus, splitDocuments } from '@fewshot/data';
import { installKernels } from '@fewshot/kernels';
import { loadHuggingFaceModel, selectBackend } from '@fewshot/model/node';
import { loadVocabAndMerges } from '@fewshot/tokenizer/node';

const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    model: { type: 'string', default: join(packageRoot, 'model') },
    out: { type: 'string', default: join(packageRoot, 'evaluation') },
    items: { type: 'string', default: '12' },
    'held-out-items': { type: 'string', default: '40' },
    families: { type: 'string' },
  },
});
const SEPARATOR = '<|endoftext|>';
const SHOTS = [0, 1, 4, 16];
/** evaluateFamilies' item stream: its default seed and purpose, which no training text uses. */
const SEED = 1234;
const PURPOSE = 'fewshot-mini family evaluation';

const log = (line) => console.error(`[evaluate-families] ${line}`);
function count(option) {
  const value = Number(values[option]);
  if (!Number.isInteger(value) || value < 1) {
    console.error(`--${option} = ${JSON.stringify(values[option])} is invalid: expected an integer >= 1`);
    process.exit(2);
  }
  return value;
}
const itemCounts = { seen: count('items'), 'held-out': count('held-out-items') };

installKernels();
const backend = await selectBackend('wasm');
const { model } = await loadHuggingFaceModel(values.model);
const vocab = JSON.parse(readFileSync(join(values.model, 'vocab.json'), 'utf8'));
const endOfTextId = vocab[SEPARATOR];
const tokenizer = await loadVocabAndMerges(join(values.model, 'vocab.json'), join(values.model, 'merges.txt'), {
  specialTokens: { [SEPARATOR]: endOfTextId },
});
const where = relative(process.cwd(), values.model);
log(`${model.config.name} on ${backend.name}: ${where}, context ${model.config.contextLength}`);

// The recipe's vocabulary: words of the Brown training documents (packages/mini/recipe/build-data.mjs).
const { train } = splitDocuments(readBrownCorpus(), { seed: 0, validationFraction: 0.05 });
const vocabulary = familyVocabulary(train.map((document) => document.text));

const round = (value) => Number(value.toFixed(2));
/** Exact match by K as a percentage with 2 decimals, as families.json and families.md show it. */
const percentages = (byShots) =>
  Object.fromEntries(Object.entries(byShots).map(([k, fraction]) => [k, round(100 * fraction)]));

const started = Date.now();
let evaluation;
try {
  evaluation = await evaluateFamilies(model, tokenizer, {
    vocabulary,
    ...(values.families === undefined ? {} : { families: values.families.split(',') }),
    seenItems: itemCounts.seen,
    heldOutItems: itemCounts['held-out'],
    shots: SHOTS,
    seed: SEED,
    purpose: PURPOSE,
    endOfTextTokenId: endOfTextId,
    onFamily: ({ family, group, type, exactMatch }) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(0);
      const scores = SHOTS.map((k) => `K=${k} ${round(100 * exactMatch[k])}`).join(', ');
      log(`${group} ${type} ${family}: ${scores} (${seconds} s)`);
    },
  });
} catch (error) {
  if (!(error instanceof DataError)) throw error;
  console.error(`--${error.message}`);
  process.exit(2);
} finally {
  model.dispose();
}

/** Per group and row: families, mean exact match per K (each family weighs the same), K = 16 − K = 0. */
const summary = Object.fromEntries(
  Object.entries(evaluation.summary).map(([group, rows]) => [
    group,
    Object.fromEntries(
      Object.entries(rows).map(([row, { families, exactMatch, gain }]) => [
        row,
        { families, exactMatch: percentages(exactMatch), gain16: round(100 * gain) },
      ]),
    ),
  ]),
);
const rounded = evaluation.results.map(({ promptTokens, exactMatch, ...result }) => ({
  ...result,
  promptTokensAt16: { mean: round(promptTokens.mean), max: promptTokens.max, fitShare: round(promptTokens.fitShare) },
  exactMatch: percentages(exactMatch),
}));

mkdirSync(values.out, { recursive: true });
const source = {
  model: relative(packageRoot, resolve(values.model)),
  backend: backend.name,
  contextLength: model.config.contextLength,
  seed: SEED,
  purpose: PURPOSE,
  shots: SHOTS,
  itemsPerFamily: itemCounts,
  seconds: Math.round((Date.now() - started) / 1000),
};
const json = JSON.stringify({ ...source, summary, results: rounded }, null, 2);
await writeFileAtomic(join(values.out, 'families.json'), `${json}\n`);

const row = (cells) => `| ${cells.join(' | ')} |`;
const shotHeaders = SHOTS.map((k) => `K=${k}`);
const lines = [
  '# In-context learning per task family',
  '',
  `Exact match in percent, \`packages/mini/${source.model}\` on ${source.backend}, written by ` +
    '`recipe/evaluate-families.mjs`:',
  `${itemCounts.seen} episodes per seen family, ${itemCounts['held-out']} per held-out family, seed ${SEED}; ` +
    "each family's mean weighs the same.",
  '',
  row(['group', 'type', 'families', ...shotHeaders, 'K=16 − K=0']),
  row(Array(8).fill('---')),
];
for (const [group, types] of Object.entries(summary)) {
  for (const [type, { families, exactMatch, gain16 }] of Object.entries(types)) {
    lines.push(row([group, type, families, ...SHOTS.map((k) => exactMatch[k]), gain16]));
  }
}
const familyHeader = ['family', 'group', 'type', 'what', ...shotHeaders, 'tokens at K=16 (mean / max)'];
lines.push('', row(familyHeader), row(Array(familyHeader.length).fill('---')));
for (const result of rounded) {
  const { mean: meanTokens, max } = result.promptTokensAt16;
  const scores = SHOTS.map((k) => result.exactMatch[k]);
  lines.push(row([result.family, result.group, result.type, result.description, ...scores, `${meanTokens} / ${max}`]));
}
await writeFileAtomic(join(values.out, 'families.md'), `${lines.join('\n')}\n`);
log(`wrote ${relative(process.cwd(), join(values.out, 'families.json'))} and families.md in ${source.seconds} s`);
