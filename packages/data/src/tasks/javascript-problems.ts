/** A code problem in HumanEval's JSONL layout, with the `language` field that picks the runner. */
export interface JavaScriptProblem {
  readonly task_id: string;
  readonly language: 'javascript';
  readonly prompt: string;
  readonly canonical_solution: string;
  readonly test: string;
  readonly entry_point: string;
}

interface ProblemSource {
  /** The function's name, its entry point. */
  readonly name: string;
  readonly params: string;
  /** The JSDoc lines: what to do and a worked example. */
  readonly doc: readonly string[];
  readonly body: readonly string[];
  /** Assertions on `candidate`, the function under test. */
  readonly checks: readonly string[];
}

/** The JSDoc comment and the function's first line, HumanEval-style; the tests define `check(candidate)`. */
function toProblem(source: ProblemSource, index: number): JavaScriptProblem {
  const doc = source.doc.map((line) => ` * ${line}`).join('\n');
  const checks = source.checks.map((line) => `  assert.${line};`).join('\n');
  return {
    task_id: `JsEval/${index}`,
    language: 'javascript',
    prompt: `/**\n${doc}\n */\nfunction ${source.name}(${source.params}) {\n`,
    canonical_solution: `${source.body.map((line) => `  ${line}`).join('\n')}\n}\n`,
    test: `const assert = require('node:assert');\n\nfunction check(candidate) {\n${checks}\n}`,
    entry_point: source.name,
  };
}

const SOURCES: readonly ProblemSource[] = [
  {
    name: 'add',
    params: 'a, b',
    doc: ['Return the sum of a and b.', '>>> add(2, 3)', '5'],
    body: ['return a + b;'],
    checks: ['strictEqual(candidate(2, 3), 5)', 'strictEqual(candidate(-1, 1), 0)', 'strictEqual(candidate(0, 0), 0)'],
  },
  {
    name: 'isEven',
    params: 'n',
    doc: ['Return true when n is even.', '>>> isEven(4)', 'true'],
    body: ['return n % 2 === 0;'],
    checks: ['strictEqual(candidate(4), true)', 'strictEqual(candidate(7), false)', 'strictEqual(candidate(-2), true)'],
  },
  {
    name: 'maxOf',
    params: 'numbers',
    doc: ['Return the largest number of a non-empty array.', '>>> maxOf([1, 5, 3])', '5'],
    body: ['return Math.max(...numbers);'],
    checks: [
      'strictEqual(candidate([1, 5, 3]), 5)',
      'strictEqual(candidate([-4, -2, -9]), -2)',
      'strictEqual(candidate([7]), 7)',
    ],
  },
  {
    name: 'reverseString',
    params: 's',
    doc: ['Return the string s reversed.', '>>> reverseString("abc")', '"cba"'],
    body: ["return s.split('').reverse().join('');"],
    checks: [
      "strictEqual(candidate('abc'), 'cba')",
      "strictEqual(candidate(''), '')",
      "strictEqual(candidate('ab c'), 'c ba')",
    ],
  },
  {
    name: 'countVowels',
    params: 's',
    doc: ['Count the vowels (a, e, i, o, u, either case) in s.', '>>> countVowels("Hello")', '2'],
    body: ['return (s.match(/[aeiou]/gi) ?? []).length;'],
    checks: [
      "strictEqual(candidate('Hello'), 2)",
      "strictEqual(candidate('xyz'), 0)",
      "strictEqual(candidate('AEIOU'), 5)",
    ],
  },
  {
    name: 'factorial',
    params: 'n',
    doc: ['Return n! for an integer n >= 0.', '>>> factorial(5)', '120'],
    body: ['let result = 1;', 'for (let i = 2; i <= n; i++) result *= i;', 'return result;'],
    checks: ['strictEqual(candidate(5), 120)', 'strictEqual(candidate(0), 1)', 'strictEqual(candidate(10), 3628800)'],
  },
  {
    name: 'isPalindrome',
    params: 's',
    doc: ['Return true when s reads the same backwards.', '>>> isPalindrome("level")', 'true'],
    body: ["return s === s.split('').reverse().join('');"],
    checks: [
      "strictEqual(candidate('level'), true)",
      "strictEqual(candidate('levels'), false)",
      "strictEqual(candidate(''), true)",
    ],
  },
  {
    name: 'sumArray',
    params: 'numbers',
    doc: ['Return the sum of the numbers in an array (0 when empty).', '>>> sumArray([1, 2, 3])', '6'],
    body: ['return numbers.reduce((sum, n) => sum + n, 0);'],
    checks: [
      'strictEqual(candidate([1, 2, 3]), 6)',
      'strictEqual(candidate([]), 0)',
      'strictEqual(candidate([-5, 5, 10]), 10)',
    ],
  },
  {
    name: 'fizzBuzz',
    params: 'n',
    doc: [
      'Return "Fizz" for multiples of 3, "Buzz" for multiples of 5,',
      '"FizzBuzz" for both, else n as a string.',
      '>>> fizzBuzz(15)',
      '"FizzBuzz"',
    ],
    body: [
      "if (n % 15 === 0) return 'FizzBuzz';",
      "if (n % 3 === 0) return 'Fizz';",
      "if (n % 5 === 0) return 'Buzz';",
      'return String(n);',
    ],
    checks: [
      "strictEqual(candidate(15), 'FizzBuzz')",
      "strictEqual(candidate(9), 'Fizz')",
      "strictEqual(candidate(10), 'Buzz')",
      "strictEqual(candidate(7), '7')",
    ],
  },
  {
    name: 'capitalize',
    params: 's',
    doc: ['Return s with its first letter in upper case.', '>>> capitalize("hello")', '"Hello"'],
    body: ['return s.charAt(0).toUpperCase() + s.slice(1);'],
    checks: [
      "strictEqual(candidate('hello'), 'Hello')",
      "strictEqual(candidate(''), '')",
      "strictEqual(candidate('a b'), 'A b')",
    ],
  },
  {
    name: 'unique',
    params: 'values',
    doc: [
      'Return the distinct values of an array in order of first appearance.',
      '>>> unique([1, 2, 1, 3])',
      '[1, 2, 3]',
    ],
    body: ['return [...new Set(values)];'],
    checks: [
      'deepStrictEqual(candidate([1, 2, 1, 3]), [1, 2, 3])',
      'deepStrictEqual(candidate([]), [])',
      "deepStrictEqual(candidate(['b', 'a', 'b']), ['b', 'a'])",
    ],
  },
  {
    name: 'gcd',
    params: 'a, b',
    doc: ['Return the greatest common divisor of two positive integers.', '>>> gcd(12, 18)', '6'],
    body: ['while (b !== 0) [a, b] = [b, a % b];', 'return a;'],
    checks: [
      'strictEqual(candidate(12, 18), 6)',
      'strictEqual(candidate(7, 13), 1)',
      'strictEqual(candidate(10, 5), 5)',
    ],
  },
];

/**
 * Small JavaScript problems written for this project (HumanEval's own are Python), short enough
 * that a prompt, a demonstration and a solution fit a 256-token context. Every canonical
 * solution passes its tests, and a test runs them in the sandbox to keep it so.
 */
export const JAVASCRIPT_PROBLEMS: readonly JavaScriptProblem[] = SOURCES.map(toProblem);
