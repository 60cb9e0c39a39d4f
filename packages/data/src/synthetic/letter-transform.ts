import type { TaskFamily } from './demonstration.js';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz';

/** Shifts every lowercase letter `shift` places along the alphabet, wrapping from z to a. */
export function caesar(shift: number): (word: string) => string {
  return (word) => word.replace(/[a-z]/g, (letter) => ALPHABET[(ALPHABET.indexOf(letter) + shift) % 26]!);
}

/** Per-episode letter rules; the Caesar shift's amount is part of the draw. */
export const LETTER_RULES: Readonly<Record<string, (word: string) => string>> = {
  uppercase: (word) => word.toUpperCase(),
  reverse: (word) => Array.from(word).reverse().join(''),
  'first-letter': (word) => word.slice(0, 1),
  'last-letter': (word) => word.slice(-1),
  repeat: (word) => `${word} ${word}`,
  'spell-out': (word) => Array.from(word).join(' '),
  'caesar-1': caesar(1),
  'caesar-2': caesar(2),
  'caesar-3': caesar(3),
};

/** One letter rule drawn per episode, applied to distinct lowercase words of 3 to 6 letters. */
export const letterTransform: TaskFamily = (random, words, count) => {
  const rule = LETTER_RULES[random.pick(Object.keys(LETTER_RULES))]!;
  const inputs = random.sample(
    words.filter((word) => word.length >= 3 && word.length <= 6),
    count,
  );
  return inputs.map((input) => ({ input, output: rule(input) }));
};
