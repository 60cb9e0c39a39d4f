import { getEncoding as getPeerEncoding } from 'js-tiktoken';
import ranks from 'js-tiktoken/ranks/r50k_base';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FIXTURE_TEXTS } from './__fixtures__/texts.js';
import { bytesToByteLevel } from './byte-level-alphabet.js';
import { fromTokenizerJson, fromVocabAndMerges } from './huggingface.js';

/**
 * GPT-2's vocab.json and merges.txt rebuilt from OpenAI's published ranks: token rank r is
 * vocab id r, and merge i (producing token 256 + i) is the last pair that tiktoken's reference
 * merge loop joins when it encodes that token's own bytes.
 */
function gpt2Files(): { vocabJson: string; mergesTxt: string } {
  const tokens: number[][] = [];
  for (const line of ranks.bpe_ranks.split('\n')) {
    if (line === '') continue;
    const [, offset, ...encoded] = line.split(' ');
    encoded.forEach((token, i) => (tokens[Number(offset) + i] = [...Buffer.from(token, 'base64')]));
  }
  const rankOf = new Map(tokens.map((bytes, rank) => [bytes.join(','), rank]));
  const lastPair = (bytes: number[]): [number[], number[]] => {
    let parts = bytes.map((byte) => [byte]);
    while (parts.length > 2) {
      let best = -1;
      let bestRank = Infinity;
      for (let i = 0; i + 1 < parts.length; i++) {
        const rank = rankOf.get([...parts[i]!, ...parts[i + 1]!].join(',')) ?? Infinity;
        if (rank < bestRank) [best, bestRank] = [i, rank];
      }
      parts = [...parts.slice(0, best), [...parts[best]!, ...parts[best + 1]!], ...parts.slice(best + 2)];
    }
    return parts as [number[], number[]];
  };
  const text = (bytes: number[]): string => bytesToByteLevel(Uint8Array.from(bytes));
  const merges = tokens.slice(256).map((bytes) => lastPair(bytes).map(text).join(' '));
  const vocab = Object.fromEntries([
    ...tokens.map((bytes, id) => [text(bytes), id] as const),
    ['<|endoftext|>', 50_256] as const,
  ]);
  return { vocabJson: JSON.stringify(vocab), mergesTxt: ['#version: 0.2', ...merges, ''].join('\n') };
}

const peer = getPeerEncoding('gpt2');
const { vocabJson, mergesTxt } = gpt2Files();

describe('fromVocabAndMerges', () => {
  const gpt2 = fromVocabAndMerges(vocabJson, mergesTxt);

  it('reproduces GPT-2 from its vocab.json and merges.txt, <|endoftext|> as a special token', () => {
    expect(gpt2.vocabSize).toBe(50_257);
    expect(gpt2.specialTokens).toEqual({ '<|endoftext|>': 50_256 });
    for (const text of Object.values(FIXTURE_TEXTS)) {
      expect(gpt2.encode(text, 'all')).toEqual(peer.encode(text, 'all'));
      expect(gpt2.decode(gpt2.encode(text, 'all'))).toBe(peer.decode(peer.encode(text, 'all')));
    }
  });

  it('names the file, line or key and the problem in malformed files', () => {
    const vocab = '{"a": 0, "b": 1, "ab": 2}';
    expect(() => fromVocabAndMerges('{"a": 0,', 'a b')).toThrow(/^vocab\.json: not valid JSON/);
    expect(() => fromVocabAndMerges('[1]', 'a b')).toThrow(
      'vocab.json: expected an object of token → id, got an array',
    );
    expect(() => fromVocabAndMerges('{"a": -1}', '')).toThrow(
      'vocab.json: key "a": id -1 must be a non-negative integer',
    );
    expect(() => fromVocabAndMerges('{"a": 0, "b": 0}', '')).toThrow('vocab.json: keys "a" and "b" both have id 0');
    expect(() => fromVocabAndMerges(vocab, '#version: 0.2\na b\nab')).toThrow(
      'merges.txt line 3: expected two tokens separated by one space, got "ab"',
    );
    expect(() => fromVocabAndMerges(vocab, '#version: 0.2\n\na c')).toThrow(
      'merges.txt line 3: token "c" is not in vocab.json',
    );
    expect(() => fromVocabAndMerges(vocab, 'a b\nb a')).toThrow('merges.txt line 2: token "ba" is not in vocab.json');
    expect(() => fromVocabAndMerges(vocab, 'a b')).toThrow(/no token for byte 0x0; byte-level BPE needs all 256/);
  });
});

describe('fromTokenizerJson', () => {
  const fixture = readFileSync(new URL('./__fixtures__/tiny-tokenizer.json', import.meta.url), 'utf8');

  it('loads a byte-level BPE with its added tokens', () => {
    const tokenizer = fromTokenizerJson(fixture);
    expect(tokenizer.specialTokens).toEqual({ '<|endoftext|>': 259, '<pad>': 260 });
    // 256 = "Ġ"+"t" (" t"), 257 = "h"+"e", 258 = "Ġt"+"he" (" the"); ids 0..255 are the bytes in GPT-2 order.
    expect(tokenizer.encode(' the<pad>', 'all')).toEqual([258, 260]);
    expect(tokenizer.decode([258, 259])).toBe(' the<|endoftext|>');
  });

  it('accepts both merge layouts of tokenizers.json', () => {
    const json = JSON.parse(fixture) as { model: { merges: unknown[] } };
    json.model.merges = json.model.merges.map((merge) => (merge as string).split(' '));
    expect(fromTokenizerJson(JSON.stringify(json)).encode(' the')).toEqual([258]);
  });

  it('names the key and the problem in malformed files', () => {
    const edit = (change: (json: Record<string, unknown> & { model: Record<string, unknown> }) => void): string => {
      const json = JSON.parse(fixture) as Record<string, unknown> & { model: Record<string, unknown> };
      change(json);
      return JSON.stringify(json);
    };
    expect(() => fromTokenizerJson(edit((json) => (json.model.type = 'WordPiece')))).toThrow(
      'tokenizer.json: model.type: "WordPiece" is not supported, only "BPE"',
    );
    expect(() => fromTokenizerJson(edit((json) => (json.pre_tokenizer = { type: 'Whitespace' })))).toThrow(
      'tokenizer.json: pre_tokenizer.type: "Whitespace" is not supported',
    );
    expect(() => fromTokenizerJson(edit((json) => (json.model.merges = ['Ġt h e'])))).toThrow(
      'tokenizer.json: model.merges[0]: expected "left right" or ["left", "right"], got "Ġt h e"',
    );
    expect(() => fromTokenizerJson(edit((json) => (json.added_tokens = [{ id: 'x', content: 'y' }])))).toThrow(
      'tokenizer.json: added_tokens[0]: expected',
    );
    expect(() => fromTokenizerJson(edit((json) => (json.model.merges = ['Ġt zz'])))).toThrow(
      'tokenizer.json: model.merges[0]: token "zz" is not in tokenizer.json: model.vocab',
    );
  });
});
