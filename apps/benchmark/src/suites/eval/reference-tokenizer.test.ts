import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REFERENCE_TOKENIZER_SHA256, hasReferenceTokenizer } from './reference-tokenizer.js';

const directory = mkdtempSync(join(tmpdir(), 'reference-tokenizer-'));
afterAll(() => {
  rmSync(directory, { recursive: true, force: true });
});

/** FIPS 180-2's test vectors: SHA-256 of "abc" and of the empty string. */
const VECTORS = {
  'vocab.json': 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
  'merges.txt': 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
};

describe('hasReferenceTokenizer', () => {
  it('holds when every file has its SHA-256, and not when one differs or is missing', () => {
    writeFileSync(join(directory, 'vocab.json'), 'abc');
    expect(hasReferenceTokenizer(directory, VECTORS)).toBe(false);
    writeFileSync(join(directory, 'merges.txt'), '');
    expect(hasReferenceTokenizer(directory, VECTORS)).toBe(true);
    writeFileSync(join(directory, 'merges.txt'), '\n');
    expect(hasReferenceTokenizer(directory, VECTORS)).toBe(false);
    expect(hasReferenceTokenizer(directory)).toBe(false);
  });

  it("names the files fewshot-mini's data card records for its tokenizer", () => {
    const card = new URL('../../../../../packages/mini/data/data-card.json', import.meta.url);
    const { tokenizer } = JSON.parse(readFileSync(card, 'utf8')) as { tokenizer: { sha256: Record<string, string> } };
    expect(REFERENCE_TOKENIZER_SHA256).toEqual(tokenizer.sha256);
  });
});
