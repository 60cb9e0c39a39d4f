import type { LanguageModel } from '@fewshot/sampling';

interface Cache {
  ids: number[];
  promptLength: number | undefined;
  answerIds: number[];
}

interface Tokenizer {
  encode(text: string): number[];
  decode(ids: readonly number[]): string;
}

/**
 * A perfect in-context learner for lookup episodes, to test the harness against answers known in
 * advance: after a prompt ending in `Input: X\nOutput:` it answers ` Y` when an earlier
 * demonstration reads `Input: X\nOutput: Y`, else ` ?`, and then keeps writing the next line
 * (`\nInput:`), so only a stop at the newline ends the answer where it should.
 */
export class LookupModel implements LanguageModel<Cache> {
  readonly prompts: string[] = [];

  constructor(
    private readonly tokenizer: Tokenizer,
    readonly vocabSize: number,
    readonly contextLength: number,
  ) {}

  createCache(): Cache {
    return { ids: [], promptLength: undefined, answerIds: [] };
  }

  nextTokenLogits(ids: readonly number[], cache: Cache): Float32Array {
    cache.ids.push(...ids);
    if (cache.ids.length > this.contextLength) throw new Error(`context overflow: ${cache.ids.length}`);
    if (cache.promptLength === undefined) {
      const prompt = this.tokenizer.decode(cache.ids);
      this.prompts.push(prompt);
      cache.promptLength = cache.ids.length;
      cache.answerIds = this.tokenizer.encode(`${answerFor(prompt)}\nInput:`);
    }
    const next = cache.answerIds[cache.ids.length - cache.promptLength] ?? 0;
    const logits = new Float32Array(this.vocabSize);
    logits[next] = 10;
    return logits;
  }
}

function answerFor(prompt: string): string {
  const query = /Input: ([^\n]*)\nOutput:$/.exec(prompt)?.[1];
  if (query === undefined) return ' ?';
  const lines = prompt.split('\n');
  for (let i = 0; i + 1 < lines.length - 2; i++) {
    if (lines[i] === `Input: ${query}` && lines[i + 1]!.startsWith('Output: ')) return ` ${lines[i + 1]!.slice('Output: '.length)}`;
  }
  return ' ?';
}
