import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { packageDirectory } from '../../framework/environment.js';

/**
 * A mixed benchmark corpus built only from text already installed with our dependencies, so
 * it is the same on every machine and nothing is downloaded: English prose from package
 * READMEs, code from TypeScript's compiler and DOM typings, and multilingual prose from
 * TypeScript's localized diagnostic messages (Japanese, Korean, Chinese, Russian, German, ...).
 */
export interface Corpus {
  readonly text: string;
  /** UTF-8 size in bytes. */
  readonly bytes: number;
  /** Share of each source kind, in characters. */
  readonly composition: Readonly<Record<SourceKind, number>>;
}

type SourceKind = 'prose' | 'code' | 'multilingual';

function sources(): Record<SourceKind, string> {
  const typescript = packageDirectory('typescript');
  const prose = ['typescript', 'gpt-tokenizer', 'js-tiktoken', 'tiktoken', 'vitest', 'eslint']
    .flatMap((name) => {
      const dir = packageDirectory(name);
      return readdirSync(dir)
        .filter((file) => file.toLowerCase().endsWith('.md'))
        .sort()
        .map((file) => readFileSync(join(dir, file), 'utf8'));
    })
    .join('\n\n');
  const code = ['lib/typescript.js', 'lib/lib.dom.d.ts']
    .map((file) => readFileSync(join(typescript, file), 'utf8'))
    .join('\n');
  const locales = readdirSync(join(typescript, 'lib'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  const multilingual = locales
    .map((locale) => {
      const messages = JSON.parse(
        readFileSync(join(typescript, 'lib', locale, 'diagnosticMessages.generated.json'), 'utf8'),
      ) as Record<string, string>;
      return Object.values(messages).join('\n');
    })
    .join('\n\n');
  // Tokenizer READMEs quote special tokens such as <|endoftext|>; encoding them as ordinary
  // text is not what this benchmark compares, so break that syntax up.
  const plain = (text: string): string => text.replaceAll('<|', '< |');
  return { prose: plain(prose), code: plain(code), multilingual: plain(multilingual) };
}

/** Chunks of about `size` characters, cut at line ends. */
function* chunks(text: string, size: number): Generator<string> {
  for (let start = 0; start < text.length; ) {
    const newline = text.indexOf('\n', start + size);
    const end = newline === -1 ? text.length : newline + 1;
    yield text.slice(start, end);
    start = end;
  }
}

/**
 * Interleaves 4 KB chunks of the three kinds (4 prose : 3 code : 3 multilingual) until the
 * corpus reaches `targetBytes`; a source that runs out starts again from its beginning.
 */
export function buildCorpus(targetBytes: number): Corpus {
  const texts = sources();
  const weights: [SourceKind, number][] = [
    ['prose', 4],
    ['code', 3],
    ['multilingual', 3],
  ];
  const iterators = new Map<SourceKind, Generator<string>>();
  const next = (kind: SourceKind): string => {
    let chunk = iterators.get(kind)?.next();
    if (chunk?.done !== false) {
      iterators.set(kind, chunks(texts[kind], 4096));
      chunk = iterators.get(kind)!.next();
    }
    return chunk.done === true ? '' : chunk.value;
  };
  const parts: string[] = [];
  const composition: Record<SourceKind, number> = { prose: 0, code: 0, multilingual: 0 };
  const encoder = new TextEncoder();
  let bytes = 0;
  while (bytes < targetBytes) {
    for (const [kind, weight] of weights) {
      for (let i = 0; i < weight; i++) {
        const chunk = next(kind);
        parts.push(chunk);
        composition[kind] += chunk.length;
        bytes += encoder.encode(chunk).length;
      }
    }
  }
  const text = parts.join('');
  return { text, bytes, composition };
}
