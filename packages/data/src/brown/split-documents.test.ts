import { describe, expect, it } from 'vitest';
import { splitDocuments } from './split-documents.js';

const documents = Array.from({ length: 500 }, (_, i) => `document ${i}`);

describe('splitDocuments', () => {
  it('holds out 5% of whole documents, disjoint from training, both in input order', () => {
    const { train, validation } = splitDocuments(documents, { seed: 0 });
    expect(validation).toHaveLength(25);
    expect(train).toHaveLength(475);
    expect(new Set([...train, ...validation]).size).toBe(500);
    const order = (list: string[]) => list.map((text) => Number(text.split(' ')[1]));
    expect(order(train)).toEqual([...order(train)].sort((a, b) => a - b));
    expect(order(validation)).toEqual([...order(validation)].sort((a, b) => a - b));
  });

  it('depends only on the seed', () => {
    expect(splitDocuments(documents, { seed: 7 })).toEqual(splitDocuments(documents, { seed: 7 }));
    expect(splitDocuments(documents, { seed: 7 }).validation).not.toEqual(
      splitDocuments(documents, { seed: 8 }).validation,
    );
  });

  it('holds out at least one document and keeps at least one for training', () => {
    expect(splitDocuments(['a', 'b'], { validationFraction: 0.01 }).validation).toHaveLength(1);
    expect(splitDocuments(['a', 'b'], { validationFraction: 0.99 }).train).toHaveLength(1);
  });

  it('rejects bad options naming them', () => {
    expect(() => splitDocuments(documents, { validationFraction: 1 })).toThrow(/validationFraction = 1 is invalid/);
    expect(() => splitDocuments(['only'])).toThrow(/documents.length = 1/);
  });
});
