import type { CodeProblem } from './code-problem.js';

/**
 * What running a completion against its problem's tests gave: `passed` (the program ended
 * normally), `failed` (an assertion of the tests did not hold), `timed out`, `error` (any other
 * exception, a syntax error, a memory or sandbox limit hit) or `not run` (no interpreter for the
 * language on this machine: counted neither as passed nor as failed).
 */
export const EXECUTION_OUTCOMES = ['passed', 'failed', 'timed out', 'error', 'not run'] as const;
export type ExecutionOutcome = (typeof EXECUTION_OUTCOMES)[number];

export interface ExecutionResult {
  readonly outcome: ExecutionOutcome;
  /** Why it did not pass (the exception, the limit, the missing interpreter); empty when passed. */
  readonly detail: string;
  readonly durationMs: number;
}

/**
 * Runs `prompt + completion + test + check(entry_point)` somewhere safe. The Node entry point of
 * this package (`@fewshot/prompting/node`) has a sandboxed one, `createSandboxExecutor`; it must
 * resolve (never reject) for a completion that fails, hangs or misbehaves.
 */
export interface CodeExecutor {
  execute(problem: CodeProblem, completion: string): Promise<ExecutionResult>;
}
