export { BpeTokenizer, type BpeDefinition, type EncodingWithOffsets } from './bpe-tokenizer.js';
export { type ByteLevelBpeFiles, createByteLevelBpe } from './byte-level-bpe.js';
export { bytesToByteLevel, byteLevelToBytes } from './byte-level-alphabet.js';
export { formatMergesTxt, formatVocabJson } from './format-files.js';
export {
  type LoadOptions,
  fromTokenizerJson,
  fromVocabAndMerges,
  parseMergesTxt,
  parseVocabJson,
} from './huggingface.js';
export { PairTable } from './pair-table.js';
export { preTokenize } from './pre-tokenize.js';
export { ENCODING_NAMES, type EncodingName, getEncoding } from './r50k-base.js';
export { type AllowedSpecial, type DisallowedSpecial } from './special-tokens.js';
export { StreamDecoder } from './stream-decoder.js';
export { type TokenBytes, packTokenBytes } from './token-bytes.js';
export { TokenizerError } from './tokenizer-error.js';
export { type TrainBpeOptions, trainBpe } from './train-bpe.js';
