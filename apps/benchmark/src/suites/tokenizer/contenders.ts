/** A tokenizer under test, behind the smallest common interface. */
export interface TokenizerContender {
  readonly name: string;
  readonly version: string;
  encode(text: string): ArrayLike<number>;
  decode(ids: number[]): string;
  dispose(): void;
}

/** How to load one contender; loading is what the suite times as initialisation. */
export interface ContenderLoader {
  readonly name: string;
  readonly packageName: string;
  load(): Promise<Omit<TokenizerContender, 'name' | 'version'>>;
}

const noop = (): void => undefined;

export const CONTENDERS: readonly ContenderLoader[] = [
  {
    name: '@fewshot/tokenizer',
    packageName: '@fewshot/tokenizer',
    async load() {
      const { getEncoding } = await import('@fewshot/tokenizer');
      const encoding = getEncoding('r50k_base');
      return { encode: (text) => encoding.encode(text), decode: (ids) => encoding.decode(ids), dispose: noop };
    },
  },
  {
    name: 'js-tiktoken',
    packageName: 'js-tiktoken',
    async load() {
      const { getEncoding } = await import('js-tiktoken');
      const encoding = getEncoding('r50k_base');
      return { encode: (text) => encoding.encode(text), decode: (ids) => encoding.decode(ids), dispose: noop };
    },
  },
  {
    name: 'gpt-tokenizer',
    packageName: 'gpt-tokenizer',
    async load() {
      const { encode, decode } = await import('gpt-tokenizer/encoding/r50k_base');
      return { encode: (text) => encode(text), decode: (ids) => decode(ids), dispose: noop };
    },
  },
  {
    name: 'tiktoken (WASM)',
    packageName: 'tiktoken',
    async load() {
      const { get_encoding } = await import('tiktoken');
      const encoding = get_encoding('r50k_base');
      const decoder = new TextDecoder();
      return {
        encode: (text) => encoding.encode(text),
        decode: (ids) => decoder.decode(encoding.decode(Uint32Array.from(ids))),
        dispose: () => {
          encoding.free();
        },
      };
    },
  },
];
