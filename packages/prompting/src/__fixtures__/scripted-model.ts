import type { LanguageModel } from '@fewshot/sampling';

interface Cache {
  ids: number[];
  promptLength: number | undefined;
  scriptIds: number[];
}

export interface ScriptTokenizer {
  encode(text: string): number[];
  decode(ids: readonly number[]): string;
}

/**
 * A language model whose continuation of each prompt is written in advance, to test prompts and
 * stopping against known answers: the first call on a cache is the prompt, and from then on the
 * argmax is the next token of `script(prompt)` (logit 10, every other token 0).
 */
export class ScriptedModel implements LanguageModel<Cache> {
  readonly prompts: string[] = [];

  constructor(
    private readonly tokenizer: ScriptTokenizer,
    readonly vocabSize: number,
    readonly contextLength: number,
    private readonly script: (prompt: string) => string,
  ) {}

  createCache(): Cache {
    return { ids: [], promptLength: undefined, scriptIds: [] };
  }

  nextTokenLogits(ids: readonly number[], cache: Cache): Float32Array {
    cache.ids.push(...ids);
    if (cache.ids.length > this.contextLength) throw new Error(`context overflow: ${cache.ids.length}`);
    if (cache.promptLength === undefined) {
      const prompt = this.tokenizer.decode(cache.ids);
      this.prompts.push(prompt);
      cache.promptLength = cache.ids.length;
      cache.scriptIds = this.tokenizer.encode(this.script(prompt));
    }
    const next = cache.scriptIds[cache.ids.length - cache.promptLength] ?? 0;
    const logits = new Float32Array(this.vocabSize);
    logits[next] = 10;
    return logits;
  }
}
