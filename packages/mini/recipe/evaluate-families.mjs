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
import {
  HELD_OUT_FAMILIES,
  TASK_FAMILY_NAMES,
  TRAINING_FAMILIES,
  familyTaskItems,
  familyVocabulary,
  readBrownCorpus,
  renderEpisode,
  splitDocuments,
} from '@fewshot/data';
import { installKernels } from '@fewshot/kernels';
import { loadHuggingFaceModel, selectBackend } from '@fewshot/model/node';
import { evaluateTask } from '@fewshot/prompting';
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
const SEED = 1234;
/** The evaluation episodes' stream; training text uses other purposes, so they share no episode. */
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

const groups = [
  ...Object.values(TRAINING_FAMILIES).map((family) => ({ family, group: 'seen' })),
  ...Object.values(HELD_OUT_FAMILIES).map((family) => ({ family, group: 'held-out' })),
];
const wanted = values.families?.split(',');
const unknown = wanted?.filter((name) => !groups.some(({ family }) => family.name === name));
if (unknown !== undefined && unknown.length > 0) {
  const names = groups.map(({ family }) => family.name).join(', ');
  console.error(`--families = ${JSON.stringify(unknown.join(','))} is invalid: expected names from ${names}`);
  process.exit(2);
}
const selected = wanted === undefined ? groups : groups.filter(({ family }) => wanted.includes(family.name));

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

const started = Date.now();
const results = [];
for (const { family, group } of selected) {
  const itemOptions = { seed: SEED, purpose: PURPOSE, vocabulary, count: itemCounts[group], shots: 16 };
  const items = familyTaskItems(family, itemOptions);
  // Room for the longest expected answer and its newline; prompts longer than the context drop
  // their farthest demonstrations (buildFewShotPrompt), so K = 16 may show fewer.
  const maxAnswerTokens = 2 + Math.max(...items.map((item) => tokenizer.encode(` ${item.output}`).length));
  const prompt = (item) => `${renderEpisode(item.examples)}\nInput: ${item.input}\nOutput:`;
  const promptTokens = items.map((item) => tokenizer.encode(prompt(item)).length);
  const fitting = promptTokens.filter((tokens) => tokens + maxAnswerTokens <= model.config.contextLength).length;
  const task = { name: family.name, kind: 'episode', items };
  const options = { shots: SHOTS, seed: SEED, endOfTextTokenId: endOfTextId, maxAnswerTokens };
  const result = await evaluateTask(model, tokenizer, task, options);
  const exactMatch = Object.fromEntries(result.runs.map((run) => [run.shots, 100 * run.metrics.exact_match]));
  results.push({
    family: family.name,
    group,
    type: family.type,
    description: family.description,
    items: items.length,
    promptTokensAt16: {
      mean: round(mean(promptTokens)),
      max: Math.max(...promptTokens),
      fitShare: round(fitting / items.length),
    },
    exactMatch,
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  const scores = SHOTS.map((k) => `K=${k} ${round(exactMatch[k])}`).join(', ');
  log(`${group} ${family.type} ${family.name}: ${scores} (${seconds} s)`);
}
model.dispose();

function round(value) {
  return Number(value.toFixed(2));
}
function roundAll(byShots) {
  return Object.fromEntries(Object.entries(byShots).map(([k, value]) => [k, round(value)]));
}
function mean(numbers) {
  return numbers.reduce((sum, value) => sum + value, 0) / numbers.length;
}

/** Mean exact match per K over families (each family weighs the same), and the K = 16 gain over K = 0. */
function summarise(rows) {
  const byShots = Object.fromEntries(SHOTS.map((k) => [k, mean(rows.map((row) => row.exactMatch[k]))]));
  return { families: rows.length, exactMatch: roundAll(byShots), gain16: round(byShots[16] - byShots[0]) };
}
const summary = {};
for (const group of ['seen', 'held-out']) {
  const rows = results.filter((row) => row.group === group);
  if (rows.length === 0) continue;
  summary[group] = { all: summarise(rows) };
  for (const type of ['lookup', 'rule']) {
    const typed = rows.filter((row) => row.type === type);
    if (typed.length > 0) summary[group][type] = summarise(typed);
  }
  // The four families of the first training text, the only ones the model shipped before issue 19 saw.
  const original = rows.filter((row) => TASK_FAMILY_NAMES.includes(row.family));
  if (original.length > 0) summary[group]['original four'] = summarise(original);
}

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
const rounded = results.map((result) => ({ ...result, exactMatch: roundAll(result.exactMatch) }));
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
