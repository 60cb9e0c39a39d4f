#!/usr/bin/env node
// Measures a fewshot-mini checkpoint and writes what packages/mini/evaluation/ holds:
//   validation-loss.json  the whole held-out split (not the trainer's first few windows), Brown
//                         documents and episodes apart, each next to its unigram baseline
//   in-context.json/.md   zero-, one- and few-shot exact match on the bundled tasks of @fewshot/data
//   samples.md            seeded generations from plain-English prompts
//
//   pnpm turbo run build --filter=@fewshot/mini...   # dist of the packages used below
//   node packages/mini/recipe/build-data.mjs         # when packages/mini/data/ is missing
// node packages/mini/recipe/evaluate-model.mjs [--model packages/mini/model] [--data packages/mini/data] [--out
// packages/mini/evaluation]
import { Buffer } from 'node:buffer';
import console from 'node:console';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { writeFileAtomic } from '@fewshot/common/node';
import { BUNDLED_TASKS, unigramBaseline } from '@fewshot/data';
import { installKernels } from '@fewshot/kernels';
import { loadHuggingFaceModel, selectBackend } from '@fewshot/model/node';
import { evaluate, packDocuments } from '@fewshot/training';
import { evaluateTask, formatResultsTable, parseTaskJsonl } from '@fewshot/prompting';
import { createSandboxExecutor } from '@fewshot/prompting/node';
import { generate } from '@fewshot/sampling';
import { loadVocabAndMerges } from '@fewshot/tokenizer/node';

const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    model: { type: 'string', default: join(packageRoot, 'model') },
    data: { type: 'string', default: join(packageRoot, 'data') },
    out: { type: 'string', default: join(packageRoot, 'evaluation') },
  },
});
const SEPARATOR = '<|endoftext|>';
/** K of each run; 16 is every demonstration a bundled episode has. */
const SHOTS = [0, 1, 8, 16];
/** LAMBADA passages are long for a 256-token context: one demonstration at most fits. */
const LAMBADA_SHOTS = [0, 1];
const SEED = 1234;
const SAMPLE_PROMPTS = [
  'The',
  'It was a cold morning, and',
  'The committee said that',
  'Input: seven\nOutput: 7\nInput: three\nOutput:',
];

const log = (line) => console.error(`[evaluate-model] ${line}`);
const round = (value) => Number(value.toFixed(4));

installKernels();
const backend = await selectBackend('wasm');
const { model } = await loadHuggingFaceModel(values.model);
const vocab = JSON.parse(readFileSync(join(values.model, 'vocab.json'), 'utf8'));
const endOfTextId = vocab[SEPARATOR];
const tokenizer = await loadVocabAndMerges(join(values.model, 'vocab.json'), join(values.model, 'merges.txt'), {
  specialTokens: { [SEPARATOR]: endOfTextId },
});
log(`${model.config.name} on ${backend.name}: ${relative(process.cwd(), values.model)}`);

// Documents as `fewshot train` reads them: split at the literal separator, each encoded as
// ordinary text and followed by the separator token.
const documentsOf = (file) =>
  readFileSync(join(values.data, file), 'utf8')
    .split(SEPARATOR)
    .filter((document) => document.trim() !== '');
const isEpisode = (document) => document.startsWith('Input: ');
const trainTokens = packDocuments(
  documentsOf('train.txt').map((document) => tokenizer.encodeOrdinary(document)),
  endOfTextId,
);
const validDocuments = documentsOf('valid.txt');
const parts = {
  all: validDocuments,
  brown: validDocuments.filter((document) => !isEpisode(document)),
  episodes: validDocuments.filter(isEpisode),
};
const loss = {};
for (const [part, documents] of Object.entries(parts)) {
  const tokens = packDocuments(
    documents.map((document) => tokenizer.encodeOrdinary(document)),
    endOfTextId,
  );
  const bytes = documents.reduce((sum, document) => sum + Buffer.byteLength(document, 'utf8'), 0);
  // Every full window of the context length, one per batch so that none is left out.
  const measured = evaluate(
    model,
    { tokens, bytes },
    { seqLen: model.config.contextLength, batchSize: 1, batches: Number.MAX_SAFE_INTEGER },
  );
  const baseline = unigramBaseline(trainTokens, tokens, model.config.vocabSize, bytes);
  loss[part] = {
    documents: documents.length,
    tokensEvaluated: measured.tokens,
    model: {
      natsPerToken: round(measured.loss),
      perplexity: round(measured.perplexity),
      bitsPerByte: round(measured.bitsPerByte),
    },
    unigramBaseline: { natsPerToken: round(baseline.natsPerToken), bitsPerByte: round(baseline.bitsPerByte) },
  };
  log(
    `${part}: ${measured.loss.toFixed(3)} nats/token (unigram ` +
      `${baseline.natsPerToken.toFixed(3)}) over ${measured.tokens} tokens`,
  );
}

const results = [];
for (const task of Object.values(BUNDLED_TASKS)) {
  const parsed = parseTaskJsonl(task.name, readFileSync(task.file, 'utf8'), task.file, task.kind);
  const shots = task.kind === 'lambada' ? LAMBADA_SHOTS : SHOTS;
  const executor = createSandboxExecutor();
  results.push(
    await evaluateTask(model, tokenizer, parsed, { shots, seed: SEED, endOfTextTokenId: endOfTextId, executor }),
  );
  log(
    `${task.name}: ${results
      .at(-1)
      .runs.map((run) => `K=${run.shots} ${JSON.stringify(run.metrics)}`)
      .join(', ')}`,
  );
}

const samples = [];
for (const [index, prompt] of SAMPLE_PROMPTS.entries()) {
  const options = { temperature: 0.8, topP: 0.95, maxNewTokens: 60, seed: index + 1, stop: [SEPARATOR] };
  const result = await generate({ model, decoder: tokenizer, prompt: tokenizer.encodeOrdinary(prompt), ...options });
  samples.push({ prompt, options, completion: result.completions[0].text });
}
model.dispose();

mkdirSync(values.out, { recursive: true });
const source = { model: relative(packageRoot, resolve(values.model)), backend: backend.name };
await writeFileAtomic(
  join(values.out, 'validation-loss.json'),
  `${JSON.stringify({ ...source, contextLength: model.config.contextLength, parts: loss }, null, 2)}\n`,
);
await writeFileAtomic(
  join(values.out, 'in-context.json'),
  `${JSON.stringify({ ...source, seed: SEED, results }, null, 2)}\n`,
);
await writeFileAtomic(join(values.out, 'in-context.md'), formatResultsTable(results));
const sampleText = samples.map(
  ({ prompt, options, completion }) =>
    `### ${JSON.stringify(prompt)}\n\n\`${JSON.stringify(options)}\`\n\n\`\`\`text\n${prompt}${completion}\n\`\`\`\n`,
);
await writeFileAtomic(join(values.out, 'samples.md'), `# fewshot-mini samples\n\n${sampleText.join('\n')}`);
log(`wrote ${relative(process.cwd(), values.out)}`);
