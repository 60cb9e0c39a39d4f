import { optionCheckers } from './options/option-checkers.js';

const { requireInteger, requireNumber } = optionCheckers();

/**
 * Bits per byte of a text: the total negative log-likelihood of its tokens in nats, over its
 * UTF-8 bytes, in bits (÷ ln 2). Unlike a per-token loss it does not depend on the tokenizer, so
 * models with different vocabularies (and a unigram baseline) compare on one scale.
 */
export function bitsPerByteFromNats(totalNats: number, bytes: number): number {
  requireNumber('totalNats', totalNats, { min: 0 });
  requireInteger('bytes', bytes, 1);
  return totalNats / bytes / Math.LN2;
}
