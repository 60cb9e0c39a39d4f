import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRandom } from '@fewshot/common';
import {
  BUNDLED_TASKS,
  HELD_OUT_FAMILIES,
  type FamilyVocabulary,
  evaluateFamilies,
  familyVocabulary,
  readBrownCorpus,
  splitDocuments,
  unigramBaseline,
} from '@fewshot/data';
import { installKernels } from '@fewshot/kernels';
import type { GptModel } from '@fewshot/model';
import { loadHuggingFaceModel, selectBackend } from '@fewshot/model/node';
import { evaluate, packDocuments } from '@fewshot/training';
import { buildFewShotPrompt, evaluateTask, parseTaskJsonl, scoreContinuation } from '@fewshot/prompting';
import { generate } from '@fewshot/sampling';
import type { BpeTokenizer } from '@fewshot/tokenizer';
import { loadVocabAndMerges } from '@fewshot/tokenizer/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MINI_MODEL_DIRECTORY } from './index.js';

// The shipped checkpoint, judged against expectations that do not come from it: a unigram model
// of the Brown training documents, the words of the Brown corpus, chance on fresh episodes.
const SEPARATOR = '<|endoftext|>';
/** The shipped model is run `letters-a`'s (RECIPE.md §6), from the weights of `cross-a` (§5) and `families-b` (§4). */
const recipeConfig = JSON.parse(
  readFileSync(new URL('../recipe/model-config-b.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;
const brown = splitDocuments(readBrownCorpus(), { seed: 0, validationFraction: 0.05 });

let model: GptModel;
let tokenizer: BpeTokenizer;
let endOfTextId: number;

beforeAll(async () => {
  installKernels();
  await selectBackend('wasm');
  ({ model } = await loadHuggingFaceModel(MINI_MODEL_DIRECTORY));
  const vocabPath = join(MINI_MODEL_DIRECTORY, 'vocab.json');
  endOfTextId = (JSON.parse(readFileSync(vocabPath, 'utf8')) as Record<string, number>)[SEPARATOR]!;
  tokenizer = await loadVocabAndMerges(vocabPath, join(MINI_MODEL_DIRECTORY, 'merges.txt'), {
    specialTokens: { [SEPARATOR]: endOfTextId },
  });
});

afterAll(() => {
  model.dispose();
});

const pack = (texts: readonly string[]) =>
  packDocuments(
    texts.map((text) => tokenizer.encodeOrdinary(text)),
    endOfTextId,
  );
/** The Brown training documents as `fewshot train` packs them, tokenized once for the tests that need them. */
let brownTrainTokens: Int32Array | undefined;
const brownTrain = (): Int32Array => (brownTrainTokens ??= pack(brown.train.map((document) => document.text)));
/** The task families' words of the Brown training documents (as the recipe draws them), for the held-out tests. */
let brownVocabulary: FamilyVocabulary | undefined;
const brownFamilyVocabulary = (): FamilyVocabulary =>
  (brownVocabulary ??= familyVocabulary(brown.train.map((document) => document.text)));

describe('fewshot-mini', () => {
  it('is the recipe model: its config, 4,096-token tokenizer and F16 weights under 25 MB', () => {
    for (const field of ['vocabSize', 'contextLength', 'dModel', 'nLayer', 'nHead', 'dFf', 'attention'] as const) {
      expect(model.config[field], field).toEqual(recipeConfig[field]);
    }
    expect(tokenizer.vocabSize).toBe(4096);
    const file = readFileSync(join(MINI_MODEL_DIRECTORY, 'model.safetensors'));
    expect(file.length).toBeLessThan(25 * 1024 * 1024);
    const headerLength = Number(file.readBigUInt64LE(0));
    const tensors = JSON.parse(file.subarray(8, 8 + headerLength).toString('utf8')) as Record<
      string,
      { dtype?: string }
    >;
    const dtypes = new Set(
      Object.entries(tensors).flatMap(([name, entry]) => (name === '__metadata__' ? [] : [entry.dtype])),
    );
    expect([...dtypes]).toEqual(['F16']);
  });

  it('predicts held-out Brown text far better than a unigram model of the Brown training documents', () => {
    const held = pack(brown.validation.map((document) => document.text));
    // 8 windows of 512 tokens: the margin below (about 2 nats on the shipped model) dwarfs their sampling error.
    const windows = 8;
    const tokens = held.subarray(0, windows * (model.config.contextLength + 1));
    const bytes = Buffer.byteLength(tokenizer.decode(Array.from(tokens.filter((id) => id !== endOfTextId))), 'utf8');
    const measured = evaluate(
      model,
      { tokens, bytes },
      { seqLen: model.config.contextLength, batchSize: 4, batches: windows / 4 },
    );
    const baseline = unigramBaseline(brownTrain(), tokens, model.config.vocabSize, bytes);
    expect(measured.tokens).toBe(windows * model.config.contextLength);
    // A unigram model sits near 6.9 nats/token here; one nat less is e^1 ≈ 2.7× less perplexity.
    expect(measured.loss).toBeLessThan(baseline.natsPerToken - 1);
  });

  const englishLikeTitle =
    'writes English-like text: more of its words are Brown words than of tokens drawn by their frequency';
  it(englishLikeTitle, async () => {
    const known = new Set(brown.train.flatMap((document) => document.text.toLowerCase().match(/[a-z]+/g) ?? []));
    const knownShare = (text: string) => {
      const words = text.toLowerCase().match(/[a-z]+/g) ?? [];
      return { words: words.length, share: words.filter((word) => known.has(word)).length / words.length };
    };
    const result = await generate({
      model,
      decoder: tokenizer,
      prompt: tokenizer.encodeOrdinary('The'),
      temperature: 0.8,
      topP: 0.95,
      maxNewTokens: 80,
      seed: 7,
      n: 3,
    });
    const sampled = knownShare(result.completions.map((completion) => completion.text).join(' '));
    // The unigram baseline: as many tokens drawn at random from the training stream (a word
    // split into pieces and pieces glued together make non-words; about 2 in 3 words survive).
    const trainTokens = brownTrain();
    const random = createRandom(7, 'unigram text');
    const drawn = Array.from({ length: 240 }, () => trainTokens[random.int(trainTokens.length)]!).filter(
      (id) => id !== endOfTextId,
    );
    const unigram = knownShare(tokenizer.decode(drawn));
    expect(sampled.words).toBeGreaterThan(60);
    expect(sampled.share).toBeGreaterThan(unigram.share + 0.1);
  });

  const demonstrationsTitle =
    'learns from demonstrations: sixteen of them make the right answer of a fresh episode more likely than none';
  it(demonstrationsTitle, async () => {
    // Bundled episodes (random mappings drawn per line, never in the training text): the answer's
    // log-probability after the query alone is what the model knows without the episode.
    for (const name of ['synthetic-word-mapping', 'synthetic-classification']) {
      const lines = readFileSync(BUNDLED_TASKS[name]!.file, 'utf8').trim().split('\n').slice(0, 20);
      const gain = { sum: 0, items: 0 };
      for (const line of lines) {
        const item = JSON.parse(line) as {
          examples: { input: string; output: string }[];
          input: string;
          output: string;
        };
        const logprob = async (shots: number) => {
          const { prompt } = buildFewShotPrompt({
            examples: item.examples.slice(0, shots),
            query: item.input,
            excludeQuery: false,
          });
          return (await scoreContinuation(model, tokenizer, prompt, ` ${item.output}`)).logprob;
        };
        gain.sum += (await logprob(16)) - (await logprob(0));
        gain.items += 1;
      }
      expect(gain.sum / gain.items, name).toBeGreaterThan(0.5);
    }
  });

  const freshEpisodesTitle =
    'answers fresh word-mapping and classification episodes from sixteen demonstrations far more often than from none';
  it(freshEpisodesTitle, async () => {
    // Each episode pairs random words, or gives random label words to kinds of input: without
    // demonstrations no model can name the answer (chance is 0), so every point above zero-shot is
    // learned from the prompt. README.md gives the shipped model's gains on these items.
    for (const [name, minimumGain] of [
      ['synthetic-word-mapping', 0.3],
      ['synthetic-classification', 0.6],
    ] as const) {
      const task = BUNDLED_TASKS[name]!;
      const parsed = parseTaskJsonl(task.name, readFileSync(task.file, 'utf8'), task.file, task.kind);
      const result = await evaluateTask(model, tokenizer, parsed, {
        shots: [0, 16],
        limit: 50,
        seed: 1234,
        endOfTextTokenId: endOfTextId,
      });
      const exactMatch = (shots: number) =>
        result.runs.find((run) => run.shots === shots)?.metrics.exact_match ?? Number.NaN;
      expect(exactMatch(0), name).toBeLessThan(0.05);
      expect(exactMatch(16) - exactMatch(0), name).toBeGreaterThan(minimumGain);
    }
    // 200 greedy answers of up to 256-token prompts: 11 s on an idle 2-core machine, 49 s in CI beside other tasks.
  });

  /** The held-out group's row of `type` over `families`: 20 items each of a seed of their own, K = 0 and 16. */
  const heldOutRow = async (families: readonly string[], type: 'lookup' | 'rule') => {
    expect(families.every((family) => family in HELD_OUT_FAMILIES)).toBe(true);
    const { summary } = await evaluateFamilies(model, tokenizer, {
      vocabulary: brownFamilyVocabulary(),
      families,
      heldOutItems: 20,
      shots: [0, 16],
      seed: 7,
      endOfTextTokenId: endOfTextId,
    });
    const row = summary['held-out']?.[type];
    expect(row?.families).toBe(families.length);
    return row;
  };

  const heldOutTitle =
    'learns in context lookups of kinds no training text contains: the held-out numbers, names and symbols → words';
  it(heldOutTitle, async () => {
    // Held-out families (@fewshot/data proves the training generator cannot make them), each item a
    // mapping drawn for it alone: from the query alone the answer cannot be known, from sixteen
    // demonstrations it can be copied. Items of a seed of their own, not evaluation/families.md's.
    const lookups = await heldOutRow(['numbers-to-words', 'names-to-words', 'symbols-to-words-five-keys'], 'lookup');
    expect(lookups?.exactMatch[0]).toBeLessThan(0.05);
    expect(lookups?.gain).toBeGreaterThan(0.5);
  });

  it('learns in context held-out rules: a name’s initial with a full stop, a word with a word added', async () => {
    // Rules no training text applies to an episode of names alone or of lowercase words alone (the
    // held-out signatures); the cross-kind text applies kin of them beside other kinds. The model of
    // RECIPE.md §4 answered both at 0% with sixteen demonstrations, §5's at 80% and 35%, this one at
    // 90% and 27.5% on evaluation/families.md's items.
    const rules = await heldOutRow(['name-initial', 'add-a-word'], 'rule');
    expect(rules?.exactMatch[0]).toBeLessThan(0.05);
    expect(rules?.gain).toBeGreaterThan(0.3);
  });
});
