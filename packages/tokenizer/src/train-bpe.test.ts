import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURE_TEXTS } from './__fixtures__/texts.js';
import { bytesToByteLevel } from './byte-level-alphabet.js';
import { createByteLevelBpe } from './byte-level-bpe.js';
import { R50K_PATTERN } from './data/r50k-base-data.js';
import { loadVocabAndMerges, saveVocabAndMerges } from './node.js';
import { trainBpe } from './train-bpe.js';

/** The textbook algorithm: recount every pair after every merge (regex pre-tokenization). */
function naiveMerges(corpus: string, merges: number, minFrequency: number): [string, string][] {
  const words = new Map<string, number>();
  for (const part of corpus.split('<|endoftext|>')) {
    for (const [piece] of part.matchAll(new RegExp(R50K_PATTERN, 'gu'))) words.set(piece, (words.get(piece) ?? 0) + 1);
  }
  // Tokens are byte-level strings; ids follow GPT-2's byte order, then creation order.
  const alphabet = [...Array(256).keys()]
    .map((byte) => bytesToByteLevel(Uint8Array.of(byte)))
    .sort((a, b) => a.charCodeAt(0) - b.charCodeAt(0));
  const id = new Map(alphabet.map((token, i) => [token, i]));
  let sequences = [...words].map(([word, count]) => ({
    symbols: Array.from(bytesToByteLevel(new TextEncoder().encode(word))),
    count,
  }));
  const result: [string, string][] = [];
  while (result.length < merges) {
    const counts = new Map<string, { pair: [string, string]; count: number }>();
    for (const { symbols, count } of sequences) {
      for (let i = 0; i + 1 < symbols.length; i++) {
        const key = `${symbols[i]!}\u0000${symbols[i + 1]!}`;
        const entry = counts.get(key) ?? { pair: [symbols[i]!, symbols[i + 1]!], count: 0 };
        entry.count += count;
        counts.set(key, entry);
      }
    }
    const ordered = [...counts.values()].sort(
      (a, b) => b.count - a.count || id.get(a.pair[0])! - id.get(b.pair[0])! || id.get(a.pair[1])! - id.get(b.pair[1])!,
    );
    const best = ordered[0];
    if (best === undefined || best.count < minFrequency) break;
    const [left, right] = best.pair;
    id.set(left + right, id.size);
    result.push([left, right]);
    sequences = sequences.map(({ symbols, count }) => {
      const merged: string[] = [];
      for (let i = 0; i < symbols.length; i++) {
        if (symbols[i] === left && symbols[i + 1] === right) {
          merged.push(left + right);
          i += 1;
        } else merged.push(symbols[i]!);
      }
      return { symbols: merged, count };
    });
  }
  return result;
}

const corpus = Object.values(FIXTURE_TEXTS).join('\n').repeat(3) + ' the then there the the aaaa aaaaaa';

describe('trainBpe', () => {
  it('learns the same merges as the naive algorithm', () => {
    const trained = trainBpe(corpus, { vocabSize: 256 + 60 + 1, specialTokens: ['<|endoftext|>'] });
    expect(trained.merges).toEqual(naiveMerges(corpus, 60, 2));
    expect(trained.merges.length).toBe(60);
  });

  it('is deterministic and reserves the special tokens at the end', () => {
    const options = { vocabSize: 400, specialTokens: ['<|endoftext|>', '<pad>'] };
    const first = trainBpe(corpus, options);
    expect(trainBpe([corpus], options)).toEqual(first);
    expect(first.specialTokens).toEqual({ '<|endoftext|>': 398, '<pad>': 399 });
  });

  it('round-trips text through the trained tokenizer and through saved files', async () => {
    const trained = trainBpe(corpus, { vocabSize: 350 });
    const tokenizer = createByteLevelBpe(trained);
    const sample = 'the then <|endoftext|> 日本 👍🏽 new words';
    const ids = tokenizer.encode(sample, 'all');
    expect(tokenizer.decode(ids)).toBe(sample);
    expect(ids.length).toBeLessThan(new TextEncoder().encode(sample).length);
    const directory = await mkdtemp(join(tmpdir(), 'fewshot-bpe-'));
    try {
      const paths = await saveVocabAndMerges(directory, trained);
      expect((await readFile(paths.merges, 'utf8')).startsWith('#version: 0.2\n')).toBe(true);
      const loaded = await loadVocabAndMerges(paths.vocab, paths.merges);
      expect(loaded.encode(sample, 'all')).toEqual(ids);
    } finally {
      await rm(directory, { recursive: true });
    }
  });

  it('rejects a vocabulary too small for the bytes and special tokens', () => {
    expect(() => trainBpe('x', { vocabSize: 256 })).toThrow(
      'vocabSize = 256 is invalid: an integer from 257 (bytes + special tokens) to 2097152',
    );
  });
});
