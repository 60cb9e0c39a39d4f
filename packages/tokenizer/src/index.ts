export { BpeTokenizer, type BpeDefinition, type EncodingWithOffsets } from './bpe-tokenizer.js';
export { ENCODING_NAMES, type EncodingName, getEncoding } from './r50k-base.js';
export { type AllowedSpecial, type DisallowedSpecial } from './special-tokens.js';
export { StreamDecoder } from './stream-decoder.js';
export { TokenizerError } from './tokenizer-error.js';
export { PairTable } from './pair-table.js';
export { preTokenize } from './pre-tokenize.js';
