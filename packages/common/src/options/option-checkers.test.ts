import { describe, expect, it } from 'vitest';
import { optionCheckers } from './option-checkers.js';
import { OptionError, describeValue, optionErrorMessage } from './option-error.js';

class PackageError extends OptionError {
  override readonly name = 'PackageError';
}

describe('OptionError', () => {
  it('names the field, the value and what is allowed, and keeps them', () => {
    const error = new OptionError('topP', 0, 'expected a number in (0, 1]');
    expect(error.message).toBe('topP = 0 is invalid: expected a number in (0, 1]');
    expect([error.name, error.field, error.value, error.allowed]).toEqual([
      'OptionError',
      'topP',
      0,
      'expected a number in (0, 1]',
    ]);
    expect(error).toBeInstanceOf(Error);
    expect(optionErrorMessage('stop[1]', '', 'expected a non-empty string')).toBe(
      'stop[1] = "" is invalid: expected a non-empty string',
    );
  });

  it('renders any value in a short printable form', () => {
    expect([undefined, Number.NaN, -Infinity, 12n, 'a"b', [1, 2], { a: 1 }, () => 1].map(describeValue)).toEqual([
      'undefined',
      'NaN',
      '-Infinity',
      '12n',
      '"a\\"b"',
      '[1,2]',
      '{"a":1}',
      'function',
    ]);
    expect(describeValue('x'.repeat(100))).toBe(`"${'x'.repeat(76)}...`);
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(describeValue(circular)).toBe('a circular object');
  });
});

describe('optionCheckers', () => {
  const check = optionCheckers(PackageError);

  it('returns valid values as they are', () => {
    expect(check.requireInteger('n', 3, 1)).toBe(3);
    expect(check.requireNumber('p', 0.5, { min: 0, max: 1, minOpen: true })).toBe(0.5);
    expect(check.requirePositive('lr', 1e-4)).toBe(1e-4);
    expect(check.requireOneOf('kind', 'b', ['a', 'b'])).toBe('b');
    expect(check.requireBoolean('flag', false)).toBe(false);
    expect(check.requireNonEmptyString('name', 'x')).toBe('x');
    expect(check.requireRecord('config', { a: 1 })).toEqual({ a: 1 });
  });

  it('throws the package error class with messages that say what is allowed', () => {
    const cases: [() => unknown, string][] = [
      [() => check.requireInteger('n', 0, 1), 'n = 0 is invalid: expected an integer >= 1'],
      [() => check.requireInteger('k', 2.5, 0, 4), 'k = 2.5 is invalid: expected an integer in 0..4'],
      [() => check.requireInteger('k', '3', 0, 4), 'k = "3" is invalid: expected an integer in 0..4'],
      [() => check.requireNumber('x', Number.NaN), 'x = NaN is invalid: expected a finite number'],
      [() => check.requireNumber('t', -1, { min: 0 }), 't = -1 is invalid: expected a finite number >= 0'],
      [() => check.requireNumber('t', 3, { max: 2, maxOpen: true }), 't = 3 is invalid: expected a finite number < 2'],
      [
        () => check.requireNumber('topP', 0, { min: 0, max: 1, minOpen: true }),
        'topP = 0 is invalid: expected a number in (0, 1]',
      ],
      [
        () => check.requireNumber('p', 1, { min: 0, max: 1, maxOpen: true }),
        'p = 1 is invalid: expected a number in [0, 1)',
      ],
      [() => check.requirePositive('lr', 0), 'lr = 0 is invalid: expected a finite number > 0'],
      [() => check.requirePositive('lr', Infinity), 'lr = Infinity is invalid: expected a finite number > 0'],
      [() => check.requireOneOf('kind', 'c', ['a', 'b']), 'kind = "c" is invalid: expected one of "a", "b"'],
      [() => check.requireBoolean('flag', 1), 'flag = 1 is invalid: expected true or false'],
      [() => check.requireNonEmptyString('name', ''), 'name = "" is invalid: expected a non-empty string'],
      [() => check.requireRecord('config', [1]), 'config = [1] is invalid: expected a JSON object'],
      [() => check.requireRecord('config', null), 'config = null is invalid: expected a JSON object'],
    ];
    for (const [run, message] of cases) {
      expect(run).toThrow(message);
      expect(run).toThrow(PackageError);
    }
  });

  it('throws OptionError itself when made without a class', () => {
    expect(() => optionCheckers().requireInteger('n', -1, 0)).toThrow(
      new OptionError('n', -1, 'expected an integer >= 0'),
    );
  });
});
