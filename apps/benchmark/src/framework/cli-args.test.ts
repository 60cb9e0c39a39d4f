import { describe, expect, it } from 'vitest';
import { BenchArgsError, parseBenchArgs } from './cli-args.js';

const SUITES = ['tokenizer', 'model', 'sampling'];
const parse = (...argv: string[]): ReturnType<typeof parseBenchArgs> => parseBenchArgs(argv, SUITES);

describe('parseBenchArgs', () => {
  it('runs every suite, full size, into bench-results by default', () => {
    expect(parse()).toEqual({
      help: false,
      quick: false,
      suites: SUITES,
      out: 'bench-results',
      limit: undefined,
      model: undefined,
    });
  });

  it('takes suites positionally, with --suite (repeated or comma-separated), in registry order', () => {
    expect(parse('sampling', 'tokenizer').suites).toEqual(['tokenizer', 'sampling']);
    expect(parse('--suite', 'model').suites).toEqual(['model']);
    expect(parse('--suite', 'sampling,model').suites).toEqual(['model', 'sampling']);
    expect(parse('--suite=sampling', '--suite', 'tokenizer').suites).toEqual(['tokenizer', 'sampling']);
    expect(parse('model', 'all').suites).toEqual(SUITES);
  });

  it('skips the bare -- that pnpm and turbo forward, wherever it is', () => {
    expect(parse('--', '--suite', 'model', '--quick')).toMatchObject({ suites: ['model'], quick: true });
    expect(parse('--quick', '--', 'sampling')).toMatchObject({ suites: ['sampling'], quick: true });
    expect(parse('--', '--', '--help').help).toBe(true);
  });

  it('reads --quick, --out, --limit, --model and -h', () => {
    expect(parse('--quick', '--out', '/tmp/r', '--limit', '20', '--model', 'runs/step-100')).toMatchObject({
      quick: true,
      out: '/tmp/r',
      limit: 20,
      model: 'runs/step-100',
    });
    expect(parse('-h').help).toBe(true);
  });

  it('names the bad value and what is allowed', () => {
    expect(() => parse('modle')).toThrow(
      new BenchArgsError('suite "modle" is unknown: expected one of tokenizer, model, sampling (or all)'),
    );
    expect(() => parse('--suite', 'x,model,y')).toThrow('suite "x", "y" is unknown');
    expect(() => parse('--limit', '0')).toThrow('--limit "0" is invalid: expected a whole number ≥ 1');
    expect(() => parse('--limit', '2.5')).toThrow(BenchArgsError);
    expect(() => parse('--out', '')).toThrow('--out "" is invalid');
    expect(() => parse('--model', ' ')).toThrow('--model " " is invalid: expected a checkpoint directory');
  });

  it('reports unknown options and missing values as BenchArgsError', () => {
    expect(() => parse('--fast')).toThrow(BenchArgsError);
    expect(() => parse('--fast')).toThrow(/--fast/);
    expect(() => parse('--suite')).toThrow(BenchArgsError);
  });
});
