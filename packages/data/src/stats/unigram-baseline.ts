import { bitsPerByteFromNats } from '@fewshot/common';
import { DataError } from '../data-error.js';
import { requireInteger } from '../validate.js';

/** Token ids as an array or a typed array. */
type TokenIds = ArrayLike<number> & Iterable<number>;

export interface UnigramBaseline {
  /** Mean negative log-likelihood of the evaluated tokens, in nats per token. */
  readonly natsPerToken: number;
  /** The same total in bits, divided by the evaluated text's UTF-8 bytes. */
  readonly bitsPerByte: number;
}

/**
 * Cross-entropy of `evaluated` under the unigram distribution of `training` with add-one
 * (Laplace) smoothing over the whole vocabulary: the loss of a model that ignores context
 * entirely, which any language model trained on `training` must beat.
 */
export function unigramBaseline(
  training: TokenIds,
  evaluated: TokenIds,
  vocabSize: number,
  evaluatedBytes: number,
): UnigramBaseline {
  requireInteger('vocabSize', vocabSize, 1);
  if (evaluated.length === 0) throw new DataError('evaluated.length', 0, 'expected at least one token to evaluate');
  if (!(evaluatedBytes > 0)) throw new DataError('evaluatedBytes', evaluatedBytes, 'expected a positive byte count');
  const counts = new Float64Array(vocabSize);
  const count = (ids: TokenIds, name: string, add: boolean): void => {
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      if (!Number.isInteger(id) || id < 0 || id >= vocabSize)
        throw new DataError(`${name}[${i}]`, id, `expected a token id in 0..${vocabSize - 1}`);
      if (add) counts[id]! += 1;
    }
  };
  count(training, 'training', true);
  count(evaluated, 'evaluated', false);
  const logTotal = Math.log(training.length + vocabSize);
  let nats = 0;
  for (const id of evaluated) nats += logTotal - Math.log(counts[id]! + 1);
  return { natsPerToken: nats / evaluated.length, bitsPerByte: bitsPerByteFromNats(nats, evaluatedBytes) };
}
