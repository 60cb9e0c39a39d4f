import { GenerationOptionError, resolveGenerationConfig } from '@fewshot/sampling';
import { describe, expect, it } from 'vitest';
import { flagError, generationOptionsFromFlags } from './generate-options.js';

describe('generationOptionsFromFlags', () => {
  it('maps every flag to its sampling option', () => {
    const options = generationOptionsFromFlags({
      'max-new-tokens': '40',
      'min-new-tokens': '2',
      temperature: '0.7',
      'top-k': '40',
      'top-p': '0.9',
      'min-p': '0.05',
      'typical-p': '0.95',
      'repetition-penalty': '1.2',
      'presence-penalty': '0.5',
      'frequency-penalty': '-0.5',
      'no-repeat-ngram': '3',
      seed: '7',
      n: '2',
      'best-of': '3',
      logprobs: '5',
      beams: '1',
      'length-penalty': '0.6',
      'length-normalization': 'gnmt',
      truncate: 'left',
      'time-limit-ms': '5000',
      stop: ['Q:', 'END'],
      'logit-bias': ['50256:-100', '13: 2.5'],
    });
    expect(options).toEqual({
      maxNewTokens: 40,
      minNewTokens: 2,
      temperature: 0.7,
      topK: 40,
      topP: 0.9,
      minP: 0.05,
      typicalP: 0.95,
      repetitionPenalty: 1.2,
      presencePenalty: 0.5,
      frequencyPenalty: -0.5,
      noRepeatNgramSize: 3,
      seed: 7,
      n: 2,
      bestOf: 3,
      logprobs: 5,
      numBeams: 1,
      lengthPenalty: 0.6,
      lengthNormalization: 'gnmt',
      truncation: 'left',
      timeLimitMs: 5000,
      stop: ['Q:', 'END'],
      logitBias: new Map([
        [50256, -100],
        [13, 2.5],
      ]),
    });
    // The sampling package accepts the result as it is.
    expect(resolveGenerationConfig(options, 50257).bestOf).toBe(3);
  });

  it('gives only what was asked; --greedy is temperature 0', () => {
    expect(generationOptionsFromFlags({})).toEqual({});
    expect(generationOptionsFromFlags({ greedy: true })).toEqual({ temperature: 0 });
    expect(() => generationOptionsFromFlags({ greedy: true, temperature: '1' })).toThrow(
      'give --greedy or --temperature, not both',
    );
  });

  it('unescapes \\n, \\t and \\\\ in --stop, and leaves other backslashes alone', () => {
    expect(generationOptionsFromFlags({ stop: ['\\n', 'a\\tb', '\\\\n', '\\d'] }).stop).toEqual([
      '\n',
      'a\tb',
      '\\n',
      '\\d',
    ]);
  });

  it('rejects text that is not a number, and malformed --logit-bias entries', () => {
    expect(() => generationOptionsFromFlags({ 'top-k': '' })).toThrow('--top-k "" is invalid: expected a number');
    expect(() => generationOptionsFromFlags({ seed: 'abc' })).toThrow('--seed "abc" is invalid: expected a number');
    expect(() => generationOptionsFromFlags({ 'logit-bias': ['-1:5'] })).toThrow(
      '--logit-bias "-1:5" is invalid: expected TOKEN_ID:BIAS',
    );
    expect(() => generationOptionsFromFlags({ 'logit-bias': ['1:x'] })).toThrow('--logit-bias "1:x" is invalid');
  });
});

describe('flagError', () => {
  it("restates the sampling package's errors under the flag the user typed", () => {
    const cases: [GenerationOptionError, string][] = [
      [
        new GenerationOptionError('topP', 0, 'expected a number in (0, 1]'),
        '--top-p 0 is invalid: expected a number in (0, 1]',
      ],
      [
        new GenerationOptionError('numBeams', 0, 'expected an integer in 1..64'),
        '--beams 0 is invalid: expected an integer in 1..64',
      ],
      [
        new GenerationOptionError('stop[1]', '', 'expected a non-empty string'),
        '--stop "" is invalid: expected a non-empty string',
      ],
      [
        new GenerationOptionError('truncation', 'right', 'expected one of "error", "left"'),
        '--truncate "right" is invalid: expected one of "error", "left"',
      ],
      [
        new GenerationOptionError('logitBias key', 9, 'expected an integer in 0..4'),
        '--logit-bias 9 is invalid: expected an integer in 0..4',
      ],
      [
        new GenerationOptionError('prompt[2]', 7, 'expected an integer in 0..4'),
        '--ids 7 is invalid: expected an integer in 0..4',
      ],
    ];
    for (const [error, message] of cases) expect(flagError(error, '--ids').message).toBe(message);
  });
});
