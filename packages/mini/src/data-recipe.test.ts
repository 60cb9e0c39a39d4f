import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readBrownCorpus, splitDocuments } from '@fewshot/data';
import { loadVocabAndMerges } from '@fewshot/tokenizer/node';
import { afterAll, describe, expect, it } from 'vitest';

// Runs the data recipe as RECIPE.md says (against the built dist of @fewshot/data and
// @fewshot/tokenizer, which turbo builds before `test`) into a temporary directory.
const packageRoot = fileURLToPath(new URL('..', import.meta.url));
const out = mkdtempSync(join(tmpdir(), 'fewshot-mini-data-'));
execFileSync(process.execPath, [join(packageRoot, 'recipe', 'build-data.mjs'), '--out', out], { stdio: 'pipe' });
const read = (file: string) => readFileSync(join(out, file), 'utf8');
const SEPARATOR = '<|endoftext|>';

afterAll(() => {
  rmSync(out, { recursive: true, force: true });
});

describe('fewshot-mini data recipe', () => {
  it('reproduces the committed data card byte for byte (same text, tokenizer and counts)', () => {
    expect(read('data-card.json')).toBe(readFileSync(join(packageRoot, 'data', 'data-card.json'), 'utf8'));
  });

  it('writes a 4,096-token BPE that loads with the Hugging Face loader and round-trips both splits', async () => {
    const tokenizer = await loadVocabAndMerges(join(out, 'vocab.json'), join(out, 'merges.txt'));
    expect(tokenizer.vocabSize).toBe(4096);
    expect(tokenizer.encode(SEPARATOR, [SEPARATOR])).toEqual([4095]);
    for (const file of ['train.txt', 'valid.txt']) {
      const text = read(file);
      expect(tokenizer.decode(tokenizer.encode(text, [SEPARATOR])), file).toBe(text);
    }
  });

  it('splits Brown by document: every held-out document is in valid.txt and none in train.txt', () => {
    const { train, validation } = splitDocuments(readBrownCorpus(), { seed: 0, validationFraction: 0.05 });
    const trainDocuments = new Set(read('train.txt').split(SEPARATOR));
    const validDocuments = new Set(read('valid.txt').split(SEPARATOR));
    for (const { id, text } of validation) {
      expect(validDocuments.has(text), id).toBe(true);
      expect(trainDocuments.has(text), id).toBe(false);
    }
    for (const { id, text } of train) expect(trainDocuments.has(text), id).toBe(true);
  });

  it('mixes in Input:/Output: episodes for about half of the tokens, and the baseline is a unigram one', () => {
    const card = JSON.parse(read('data-card.json')) as {
      splits: Record<
        'train' | 'valid',
        { episodes: number; episodeTokenShare: number; tokens: number; documents: number }
      >;
      unigramBaseline: { natsPerToken: number };
    };
    const episodes = read('train.txt')
      .split(SEPARATOR)
      .filter((document) => document.startsWith('Input: '));
    expect(episodes).toHaveLength(card.splits.train.episodes);
    for (const episode of episodes.slice(0, 200)) expect(episode).toMatch(/^(?:Input: [^\n]+\nOutput: [^\n]+\n?)+$/);
    for (const split of ['train', 'valid'] as const) {
      expect(card.splits[split].episodeTokenShare).toBeGreaterThan(0.45);
      expect(card.splits[split].episodeTokenShare).toBeLessThan(0.55);
    }
    // Between a model that knows nothing (ln 4096 ≈ 8.32 nats) and one that reads context.
    expect(card.unigramBaseline.natsPerToken).toBeLessThan(Math.log(4096));
    expect(card.unigramBaseline.natsPerToken).toBeGreaterThan(4);
  });
});
