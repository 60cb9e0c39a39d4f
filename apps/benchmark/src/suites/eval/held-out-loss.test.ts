import { createModelConfig } from '@fewshot/config';
import { GptModel } from '@fewshot/model';
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { heldOutLoss } from './held-out-loss.js';

const CONFIG = createModelConfig({
  name: 'tiny-held-out',
  vocabSize: 16,
  contextLength: 8,
  dModel: 8,
  nLayer: 1,
  nHead: 2,
});
const END_OF_TEXT = 15;
/** One token per character, ids 0–14. */
const tokenizer = { encodeOrdinary: (text: string) => Array.from(text, (char) => char.charCodeAt(0) % 15) };
const DOCUMENTS = ['the quick brown fox', 'jumps over', 'the lazy dog, twice: the lazy dog', 'é!'];
let model: GptModel;

beforeAll(async () => {
  await tf.setBackend('cpu');
  model = GptModel.create(CONFIG, { seed: 3 });
});
afterAll(() => {
  model.dispose();
});

/** The stream the recipe measures: each document's ids, then the end-of-text token. */
const packed = (documents: readonly string[]) =>
  documents.flatMap((document) => [...tokenizer.encodeOrdinary(document), END_OF_TEXT]);

/** Mean −log p(next token) over the first `windows` windows, one token at a time through the KV cache. */
async function decodedLoss(windows: number, stream = packed(DOCUMENTS)): Promise<number> {
  let sum = 0;
  for (let w = 0; w < windows; w++) {
    const cache = model.createCache();
    for (let i = 0; i < CONFIG.contextLength; i++) {
      const logits = Array.from(await model.nextTokenLogits([stream[w * 8 + i]!], cache));
      const max = Math.max(...logits);
      const logSum = max + Math.log(logits.reduce((total, logit) => total + Math.exp(logit - max), 0));
      sum += logSum - logits[stream[w * 8 + i + 1]!]!;
    }
    model.disposeCache(cache);
  }
  return sum / (windows * CONFIG.contextLength);
}

describe('heldOutLoss', () => {
  it('measures every full window of the packed documents, as decoding them token by token does', async () => {
    // 68 tokens (64 characters and 4 separators): 8 full windows with a next token after each.
    expect(packed(DOCUMENTS).length).toBe(68);
    const loss = heldOutLoss(model, tokenizer, END_OF_TEXT, DOCUMENTS);
    expect(loss).toMatchObject({ documents: 4, windows: 8, allWindows: 8, tokens: 64 });
    expect(loss.natsPerToken).toBeCloseTo(await decodedLoss(8), 4);
    // Every token of the stream at the measured loss, in bits, over the documents' 65 UTF-8 bytes (é is two).
    expect(loss.bitsPerByte).toBeCloseTo((loss.natsPerToken * 68) / (65 * Math.LN2), 10);
  });

  it('measures the first windows only when asked, in equal batches', async () => {
    const loss = heldOutLoss(model, tokenizer, END_OF_TEXT, DOCUMENTS, 3);
    expect(loss).toMatchObject({ windows: 3, allWindows: 8, tokens: 24 });
    expect(loss.natsPerToken).toBeCloseTo(await decodedLoss(3), 4);
  });

  it('measures many windows in batches of equal size', async () => {
    // 204 tokens: 25 windows, which no batch of 16 down to 6 divides; five batches of five do.
    const documents = [...DOCUMENTS, ...DOCUMENTS, ...DOCUMENTS];
    const loss = heldOutLoss(model, tokenizer, END_OF_TEXT, documents);
    expect(loss).toMatchObject({ windows: 25, allWindows: 25, tokens: 200 });
    expect(loss.natsPerToken).toBeCloseTo(await decodedLoss(25, packed(documents)), 4);
  });

  it('rejects documents too short for one window', () => {
    expect(() => heldOutLoss(model, tokenizer, END_OF_TEXT, ['abc'])).toThrow('1 documents fill 0 windows of 8 tokens');
  });
});
