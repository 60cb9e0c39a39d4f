import { readFileSync } from 'node:fs';
import { BUNDLED_TASKS } from '@fewshot/data';
import { describeModelSource, loadPretrained } from '@fewshot/hub';
import type { ModelConfig } from '@fewshot/config';
import { type BackendName, selectBackend } from '@fewshot/model/node';
import { type TaskResult, evaluateTask, formatResultsTable, parseTaskJsonl } from '@fewshot/prompting';
import { createSandboxExecutor } from '@fewshot/prompting/node';
import { getBackend } from '@tensorflow/tfjs-core';
import type { Suite, SuiteOptions, SuiteResult } from '../../framework/suite.js';
import { type TargetCheck, checkCondition, checkTarget } from '../../framework/targets.js';
import { describeShape } from '../default-model.js';
import { inContextGain } from './in-context-gain.js';

/** Issue 6: few-shot accuracy on held-out synthetic episodes at least 40 points above zero-shot. */
const GAIN_TARGET = 0.4;
const GAIN_DESCRIPTION =
  'synthetic episodes (mean over the bundled families): few-shot ' +
  `exact match ≥ ${GAIN_TARGET * 100} points above zero-shot`;
const ORDER_DESCRIPTION = 'synthetic episodes: one-shot exact match between zero-shot and few-shot';

/** The paper's settings at toy scale: zero-, one- and few-shot (K = 8 and 16; quick mode K = 8). */
const shotsFor = (quick: boolean): number[] => (quick ? [0, 1, 8] : [0, 1, 8, 16]);

/** `fewshot eval`'s default seed, so the table matches the CLI's for the same limit. */
const SEED = 1234;

/**
 * Every bundled task on the model `nameOrPath` names (as every tool resolves it: a directory, a
 * Hub repo, or nothing for the bundled fewshot-mini), on the active backend.
 */
export async function evaluateBundledTasks(
  nameOrPath: string | undefined,
  options: { readonly shots: readonly number[]; readonly limit: number },
  log: (line: string) => void,
): Promise<{ config: ModelConfig; results: TaskResult[]; source: string }> {
  const {
    model,
    tokenizer,
    eosTokenId: endOfText,
    source,
  } = await loadPretrained(nameOrPath, { backend: getBackend() as BackendName });
  const results: TaskResult[] = [];
  try {
    for (const bundled of Object.values(BUNDLED_TASKS)) {
      const task = parseTaskJsonl(bundled.name, readFileSync(bundled.file, 'utf8'), bundled.file, bundled.kind);
      log(`${bundled.name}: ${Math.min(options.limit, task.items.length)} items × K = ${options.shots.join(', ')}`);
      const result = await evaluateTask(model, tokenizer, task, {
        ...options,
        seed: SEED,
        executor: createSandboxExecutor(),
        ...(endOfText === undefined ? {} : { endOfTextTokenId: endOfText }),
      });
      log(
        `${bundled.name}: ${result.runs
          .map(
            (run) =>
              `K=${run.shots} ${Object.entries(run.metrics)
                .map(([metric, value]) => `${metric} ${value.toFixed(3)}`)
                .join(' ')}`,
          )
          .join('; ')}`,
      );
      results.push(result);
    }
    return { config: model.config, results, source: describeModelSource(source) };
  } finally {
    model.dispose();
  }
}

export const evalSuite: Suite = {
  name: 'eval',
  description:
    'zero-, one- and few-shot table of the bundled tasks (@fewshot/data) ' +
    'on the default model, through evaluateTask of @fewshot/prompting',
  async run({ quick, log, limit: requested, modelDirectory }: SuiteOptions): Promise<SuiteResult> {
    const shots = shotsFor(quick);
    const limit = requested ?? (quick ? 3 : 100);
    const tasks = Object.values(BUNDLED_TASKS);
    const backend = await selectBackend('wasm');
    const started = performance.now();
    const { config, results, source } = await evaluateBundledTasks(modelDirectory, { shots, limit }, log);
    const seconds = (performance.now() - started) / 1000;
    const episodes = results.filter((result) => result.kind === 'episode');
    const gain = inContextGain(episodes, 'exact_match');
    const targets: TargetCheck[] = [
      checkTarget({
        issue: 6,
        description: GAIN_DESCRIPTION,
        value: gain.gain,
        comparison: 'at least',
        threshold: GAIN_TARGET,
        measured:
          `${percent(gain.gain)} points (zero-shot ${percent(gain.zero)}%, K=${gain.fewShots} ` +
          `${percent(gain.few)}%; ${episodes[0]?.runs[0]?.items ?? 0} items per task)`,
      }),
      checkCondition(
        6,
        ORDER_DESCRIPTION,
        gain.oneBetween,
        `zero ${percent(gain.zero)}%, one ${percent(gain.one)}%, K=${gain.fewShots} ${percent(gain.few)}%`,
      ),
    ];
    return {
      suite: 'eval',
      inputs: {
        model: `${config.name}: ${describeShape(config)}, from ${source}`,
        backend: `${backend.tfjsBackend} (${backend.reason})`,
        tasks: tasks.map((task) => `${task.name} (${task.kind})`).join(', '),
        shots: shots.join(', '),
        items:
          `first ${limit} of each task${quick ? ' (quick mode; --limit sets it)' : ''}, ` +
          `seed ${SEED} (as \`fewshot eval\`)`,
        time: `${seconds.toFixed(1)} s`,
      },
      tables: [
        {
          title: 'Zero-, one- and few-shot results (percent for accuracy and exact match)',
          rows: markdownRows(formatResultsTable(results)),
        },
      ],
      targets,
      data: { results, gain },
    };
  },
};

const percent = (fraction: number): string => (fraction * 100).toFixed(1);

/** Rows of a Markdown table (header first, the `---` line left out), as the report's tables hold them. */
function markdownRows(markdown: string): string[][] {
  return markdown
    .trim()
    .split('\n')
    .filter((line, i) => i !== 1)
    .map((line) => line.replace(/^\|\s*|\s*\|$/g, '').split(/\s*\|\s*/));
}
