import type { EpisodeTaskItem } from '../../synthetic/episodes.js';
import type { FamilyEvaluationModel } from '../evaluate-families.js';

/** One token per UTF-8 byte: ids 0–255. */
export const byteTokenizer = {
  encode: (text: string): number[] => Array.from(new TextEncoder().encode(text)),
  decode: (ids: readonly number[]): string => new TextDecoder().decode(Uint8Array.from(ids)),
};

interface OracleCache {
  readonly ids: number[];
  /** The answer's bytes once the prompt is known, then the bytes still to write. */
  answer: number[] | undefined;
}

/**
 * A perfect copier over bytes, whose exact match is known from the items alone: after a prompt
 * ending in `Input: X\nOutput:` it writes ` Y` when an earlier line pair reads `Input: X` /
 * `Output: Y` (the first such pair), else ` ?`, then goes on with the next line (`\nInput:`), so
 * only a stop at the newline ends the answer in the right place.
 */
export class OracleModel implements FamilyEvaluationModel {
  readonly vocabSize = 256;
  /** Prompts as the model received them, in order. */
  readonly prompts: string[] = [];

  constructor(readonly contextLength: number) {}

  createCache(): OracleCache {
    return { ids: [], answer: undefined };
  }

  nextTokenLogits(ids: readonly number[], cache: OracleCache): Float32Array {
    cache.ids.push(...ids);
    if (cache.ids.length > this.contextLength) throw new Error(`context overflow: ${cache.ids.length} tokens`);
    if (cache.answer === undefined) {
      const prompt = byteTokenizer.decode(cache.ids);
      this.prompts.push(prompt);
      cache.answer = byteTokenizer.encode(`${answerFor(prompt)}\nInput:`);
    }
    const logits = new Float32Array(this.vocabSize);
    logits[cache.answer.shift() ?? 0] = 10;
    return logits;
  }
}

function answerFor(prompt: string): string {
  const lines = prompt.split('\n');
  const query = lines.at(-2);
  for (let i = 0; i + 1 < lines.length - 2; i++) {
    if (lines[i] === query && lines[i + 1]!.startsWith('Output: ')) return ` ${lines[i + 1]!.slice('Output: '.length)}`;
  }
  return ' ?';
}

/**
 * The oracle's exact match on `items` at K, from the items alone: it answers right when the first
 * of the K demonstrations that shows the query's input pairs it with the query's output.
 */
export function oracleExactMatch(items: readonly EpisodeTaskItem[], k: number): number {
  const right = items.filter(
    (item) => item.examples.slice(0, k).find(({ input }) => input === item.input)?.output === item.output,
  );
  return right.length / items.length;
}
