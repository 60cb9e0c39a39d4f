import { DataError } from '../data-error.js';
import { createRandom } from '@fewshot/common';
import { requireNumber } from '../validate.js';

export interface DocumentSplit<T> {
  readonly train: T[];
  readonly validation: T[];
}

export interface SplitOptions {
  /** Share of documents held out, rounded to a whole number of documents (at least one). Default 0.05. */
  readonly validationFraction?: number;
  readonly seed?: number;
}

/**
 * Splits whole documents into train and validation, so no validation text leaks into training
 * through a shared document. Which documents are held out depends only on the seed and the
 * number of documents; both splits keep the input order.
 */
export function splitDocuments<T>(documents: readonly T[], options: SplitOptions = {}): DocumentSplit<T> {
  const { validationFraction = 0.05, seed = 0 } = options;
  requireNumber('validationFraction', validationFraction, { min: 0, max: 1, minOpen: true, maxOpen: true });
  if (documents.length < 2)
    throw new DataError('documents.length', documents.length, 'expected at least 2 documents to split');
  const count = Math.min(documents.length - 1, Math.max(1, Math.round(documents.length * validationFraction)));
  const held = new Set(createRandom(seed, 'document split').sample([...documents.keys()], count));
  return {
    train: documents.filter((_, index) => !held.has(index)),
    validation: documents.filter((_, index) => held.has(index)),
  };
}
