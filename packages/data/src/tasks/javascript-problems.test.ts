import { readFileSync } from 'node:fs';
import { type CodeProblem, evaluateCodeSamples, parseTaskJsonl } from '@fewshot/prompting';
import { createSandboxExecutor } from '@fewshot/prompting/node';
import { describe, expect, it } from 'vitest';
import { resolveBundledTask } from './bundled-tasks.js';

const task = parseTaskJsonl('humaneval-js', readFileSync(resolveBundledTask('humaneval-js').file, 'utf8'));
const problems = task.items as readonly CodeProblem[];
const executor = createSandboxExecutor({ timeoutMs: 20_000 });

describe('humaneval-js, the bundled JavaScript code problems', () => {
  it('reads as a HumanEval code task with distinct ids, every problem in JavaScript', () => {
    expect(task.kind).toBe('code');
    expect(problems).toHaveLength(12);
    expect(new Set(problems.map((problem) => problem.taskId)).size).toBe(problems.length);
    for (const problem of problems) expect(problem.language).toBe('javascript');
  });

  it('has canonical solutions that all pass their tests in the sandbox', async () => {
    const samples = problems.map((problem) => ({
      taskId: problem.taskId,
      completion: problem.canonicalSolution ?? '',
    }));
    const result = await evaluateCodeSamples(problems, samples, executor, { ks: [1] });
    expect(
      result.samples
        .filter((sample) => sample.outcome !== 'passed')
        .map((sample) => `${sample.taskId}: ${sample.detail}`),
    ).toEqual([]);
    expect(result.passAtK).toEqual({ 'pass@1': 1 });
  }, 120_000);

  it('has tests that reject a body returning nothing', async () => {
    const samples = problems.map((problem) => ({ taskId: problem.taskId, completion: '  return undefined;\n}\n' }));
    const result = await evaluateCodeSamples(problems, samples, executor, { ks: [1] });
    expect(result.counts.failed).toBe(problems.length);
    expect(result.passAtK).toEqual({ 'pass@1': 0 });
  }, 120_000);
});
