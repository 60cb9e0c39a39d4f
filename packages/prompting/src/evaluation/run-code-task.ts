import { type LanguageModel, type TokenSequenceDecoder, generate } from '@fewshot/sampling';
import { buildFewShotPrompt } from '../build-prompt.js';
import type { CodeExecutor } from '../code/code-executor.js';
import { CODE_STOP_SEQUENCES, type CodeProblem } from '../code/code-problem.js';
import { evaluateCodeSamples } from '../code/evaluate-code-samples.js';
import type { TokenCounter } from '../example.js';
import type { PromptTemplate } from '../prompt-template.js';
import { PromptingError } from '../prompting-error.js';

export interface CodeRunOptions {
  readonly executor: CodeExecutor | undefined;
  /** Samples per problem (n). */
  readonly samples: number;
  readonly temperature: number;
  readonly maxNewTokens: number;
  readonly seed: number;
  readonly endOfTextTokenId: number | undefined;
  readonly signal: AbortSignal | undefined;
}

/** A demonstration is a solved problem: its prompt followed by its canonical solution, then a blank line. */
function solvedProblemTemplate(problem: CodeProblem): PromptTemplate {
  return {
    name: 'code-problem',
    formatExample: (example) => `${example.input}${example.output.trimEnd()}`,
    formatQuery: (query) => query.input,
    separator: '\n\n',
    stop: CODE_STOP_SEQUENCES[problem.language],
  };
}

/**
 * HumanEval as Codex was evaluated: n completions of each prompt at a temperature, cut at the
 * language's stop sequences, each executed against the tests; pass@k (unbiased) averaged over
 * problems for k = 1, 10, 100 up to n. K-shot prompts put K other solved problems of the same
 * language (prompt + canonical solution, drawn with the seed) before the problem, as many as fit
 * beside the completion's `maxNewTokens` (lower it to make room for them). Samples that were not
 * run (no interpreter) leave their problem out of the averages.
 */
export async function runCodeProblems<Cache>(
  model: LanguageModel<Cache>,
  tokenizer: TokenCounter & TokenSequenceDecoder,
  problems: readonly CodeProblem[],
  pool: readonly CodeProblem[],
  shots: number,
  options: CodeRunOptions,
  tick: () => void,
): Promise<{ items: number; metrics: Record<string, number> }> {
  const { executor } = options;
  if (executor === undefined)
    throw new PromptingError(
      'executor',
      undefined,
      'a code task needs a CodeExecutor (createSandboxExecutor of @fewshot/prompting/node)',
    );
  const ks = [1, 10, 100].filter((k) => k <= options.samples);
  const sums = new Map<number, number>(ks.map((k) => [k, 0]));
  let scored = 0;
  for (const [index, problem] of problems.entries()) {
    const template = solvedProblemTemplate(problem);
    const solved = pool
      .filter(
        (other) =>
          other.taskId !== problem.taskId &&
          other.language === problem.language &&
          other.canonicalSolution !== undefined,
      )
      .map((other) => ({ input: other.prompt, output: other.canonicalSolution ?? '' }));
    // Demonstrations fill what the problem and its completion leave of the context; a problem
    // longer than the context goes alone, its oldest tokens dropped by the generation.
    const room = model.contextLength - tokenizer.encode(problem.prompt).length - 1;
    const { prompt } = buildFewShotPrompt({
      examples: solved,
      query: problem.prompt,
      shots: room < 0 ? 0 : Math.min(shots, solved.length),
      selection: 'random',
      seed: options.seed + index,
      template,
      ...(room < 0
        ? {}
        : { tokenizer, maxTokens: model.contextLength, reserveTokens: Math.min(options.maxNewTokens, room) }),
    });
    const result = await generate({
      model,
      decoder: tokenizer,
      prompt: tokenizer.encode(prompt),
      n: options.samples,
      temperature: options.temperature,
      seed: options.seed + index,
      maxNewTokens: options.maxNewTokens,
      stop: template.stop,
      truncation: 'left',
      ...(options.endOfTextTokenId === undefined ? {} : { eosTokenId: options.endOfTextTokenId }),
      ...signal(options),
    });
    const samples = result.completions.map((completion) => ({ taskId: problem.taskId, completion: completion.text }));
    const [task] = (await evaluateCodeSamples([problem], samples, executor, { ks, ...signal(options) })).tasks;
    if (task?.n === options.samples) {
      for (const k of ks) sums.set(k, sums.get(k)! + task.passAtK[`pass@${k}`]!);
      scored++;
    }
    tick();
  }
  // Nothing ran (no interpreter for the language): no figure rather than a zero.
  return {
    items: scored,
    metrics: scored === 0 ? {} : Object.fromEntries(ks.map((k) => [`pass@${k}`, sums.get(k)! / scored])),
  };
}

function signal(options: CodeRunOptions): { signal?: AbortSignal } {
  return options.signal === undefined ? {} : { signal: options.signal };
}
