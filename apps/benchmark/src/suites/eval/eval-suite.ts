import { readFileSync } from 'node:fs';
import { BUNDLED_TASKS, evaluateFamilies, familyVocabulary } from '@fewshot/data';
import { type PretrainedModel, describeModelSource, loadPretrained } from '@fewshot/hub';
import { type BackendName, selectBackend } from '@fewshot/model/node';
import { type TaskResult, evaluateTask, formatResultsTable, parseTaskJsonl } from '@fewshot/prompting';
import { createSandboxExecutor } from '@fewshot/prompting/node';
import { getBackend } from '@tensorflow/tfjs-core';
import type { Suite, SuiteOptions, SuiteResult } from '../../framework/suite.js';
import { type TargetCheck, checkCondition, checkTarget } from '../../framework/targets.js';
import { describeShape } from '../default-model.js';
import { familyResultRows, familySummaryRows } from './family-tables.js';
import { issue19Targets } from './family-targets.js';
import { heldOutLoss } from './held-out-loss.js';
import { inContextGain } from './in-context-gain.js';
import { recipeBrownSplit } from './recipe-brown-split.js';
import { hasReferenceTokenizer } from './reference-tokenizer.js';

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

/** Issue 19's family table: K of each run, and items per family (the recipe's own table uses 12 and 40). */
const FAMILY_SHOTS = [0, 1, 4, 16];
const familyItemsFor = (quick: boolean) => (quick ? { seen: 1, heldOut: 2 } : { seen: 6, heldOut: 24 });
/** Quick mode measures the Brown loss on the first windows only (not comparable with the target). */
const brownWindowsFor = (quick: boolean): number => (quick ? 16 : Number.POSITIVE_INFINITY);

/** Every bundled task on a loaded model, in the order of `BUNDLED_TASKS`. */
export async function evaluateBundledTasks(
  { model, tokenizer, eosTokenId: endOfText }: PretrainedModel,
  options: { readonly shots: readonly number[]; readonly limit: number },
  log: (line: string) => void,
): Promise<TaskResult[]> {
  const results: TaskResult[] = [];
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
  return results;
}

export const evalSuite: Suite = {
  name: 'eval',
  description:
    'zero-, one- and few-shot table of the bundled tasks (@fewshot/data) and of every task family, seen ' +
    'and held-out, on the default model, and its loss on the held-out Brown documents',
  async run({ quick, log, limit: requested, modelDirectory }: SuiteOptions): Promise<SuiteResult> {
    const shots = shotsFor(quick);
    const limit = requested ?? (quick ? 3 : 100);
    const tasks = Object.values(BUNDLED_TASKS);
    const backend = await selectBackend('wasm');
    // The model as every tool resolves `modelDirectory`: a directory, a Hub repo, or the bundled fewshot-mini.
    const pretrained = await loadPretrained(modelDirectory, { backend: getBackend() as BackendName });
    const { model, tokenizer, eosTokenId } = pretrained;
    try {
      const seconds = stopwatch();
      const results = await evaluateBundledTasks(pretrained, { shots, limit }, log);
      const bundledSeconds = seconds();

      const items = familyItemsFor(quick);
      const split = recipeBrownSplit();
      const familySeconds = stopwatch();
      const families = await evaluateFamilies(model, tokenizer, {
        vocabulary: familyVocabulary(split.train.map((document) => document.text)),
        seenItems: items.seen,
        heldOutItems: items.heldOut,
        shots: FAMILY_SHOTS,
        ...(eosTokenId === undefined ? {} : { endOfTextTokenId: eosTokenId }),
        onFamily: ({ family, group, exactMatch }) => {
          log(`${group} ${family}: ${FAMILY_SHOTS.map((k) => `K=${k} ${percent(exactMatch[k] ?? 0)}%`).join(', ')}`);
        },
      });
      const familyTime = familySeconds();

      const brownSeconds = stopwatch();
      const documents = split.validation.map((document) => document.text);
      const brown =
        eosTokenId === undefined
          ? undefined
          : heldOutLoss(model, tokenizer, eosTokenId, documents, brownWindowsFor(quick));
      const brownTime = brownSeconds();
      if (brown !== undefined) {
        log(`held-out Brown: ${brown.natsPerToken.toFixed(4)} nats/token, ${brown.bitsPerByte.toFixed(4)} bits/byte`);
      }
      const referenceTokenizer = hasReferenceTokenizer(pretrained.source.directory);

      const episodes = results.filter((result) => result.kind === 'episode');
      const gain = inContextGain(episodes, 'exact_match');
      const bundledItems = episodes[0]?.runs[0]?.items ?? 0;
      const targets: TargetCheck[] = [
        checkTarget({
          issue: 6,
          description: GAIN_DESCRIPTION,
          value: gain.gain,
          comparison: 'at least',
          threshold: GAIN_TARGET,
          measured:
            `${percent(gain.gain)} points (zero-shot ${percent(gain.zero)}%, K=${gain.fewShots} ` +
            `${percent(gain.few)}%; ${bundledItems} items per task)`,
        }),
        checkCondition(
          6,
          ORDER_DESCRIPTION,
          gain.oneBetween,
          `zero ${percent(gain.zero)}%, one ${percent(gain.one)}%, K=${gain.fewShots} ${percent(gain.few)}%`,
        ),
        ...issue19Targets({
          families: families.summary,
          heldOutItems: items.heldOut,
          bundled: gain,
          bundledItems,
          brown,
          referenceTokenizer,
        }),
      ];
      const heldOutResults = families.results.filter((result) => result.group === 'held-out');
      return {
        suite: 'eval',
        inputs: {
          model: `${model.config.name}: ${describeShape(model.config)}, from ${describeModelSource(pretrained.source)}`,
          backend: `${backend.tfjsBackend} (${backend.reason})`,
          tasks: tasks.map((task) => `${task.name} (${task.kind})`).join(', '),
          shots: shots.join(', '),
          items:
            `first ${limit} of each task${quick ? ' (quick mode; --limit sets it)' : ''}, ` +
            `seed ${SEED} (as \`fewshot eval\`)`,
          time: `${bundledSeconds.toFixed(1)} s`,
          families:
            `evaluateFamilies of @fewshot/data, ${items.seen} items per seen family and ${items.heldOut} per ` +
            `held-out family${quick ? ' (quick mode)' : ''}: the first of the 12 and 40 that ` +
            `packages/mini/recipe/evaluate-families.mjs evaluates; K = ${FAMILY_SHOTS.join(', ')}`,
          'families time': `${familyTime.toFixed(1)} s`,
          'held-out Brown':
            `the ${documents.length} documents fewshot-mini's data recipe holds out, in valid.txt's order, packed ` +
            `and measured in windows of ${model.config.contextLength} as packages/mini/recipe/evaluate-model.mjs does` +
            (brown === undefined ? '' : ` (${brown.windows} of ${brown.allWindows} windows)`),
          'held-out Brown time': `${brownTime.toFixed(1)} s`,
        },
        tables: [
          {
            title: 'Zero-, one- and few-shot results (percent for accuracy and exact match)',
            rows: markdownRows(formatResultsTable(results)),
          },
          {
            title:
              'In-context learning per task family (issue 19): mean exact match in percent, each family ' +
              'weighing the same; the gain in points',
            rows: familySummaryRows(families.summary, FAMILY_SHOTS),
          },
          { title: 'Held-out families (exact match in percent)', rows: familyResultRows(heldOutResults, FAMILY_SHOTS) },
          {
            title: 'Language modelling on the held-out Brown documents',
            rows: [
              ['documents', 'windows', 'tokens', 'nats/token', 'bits per byte', 'tokenizer'],
              brown === undefined
                ? [String(documents.length), '—', '—', '—', '—', 'no end-of-text token']
                : [
                    String(brown.documents),
                    `${brown.windows} of ${brown.allWindows}`,
                    String(brown.tokens),
                    brown.natsPerToken.toFixed(4),
                    brown.bitsPerByte.toFixed(4),
                    referenceTokenizer ? "fewshot-mini's (nats/token compare)" : 'another (bits per byte compare)',
                  ],
            ],
          },
        ],
        targets,
        data: { results, gain, families: { items, shots: FAMILY_SHOTS, ...families }, brown, referenceTokenizer },
      };
    } finally {
      model.dispose();
    }
  },
};

const percent = (fraction: number): string => (fraction * 100).toFixed(1);

/** Seconds since the call, when the returned function is called. */
function stopwatch(): () => number {
  const started = performance.now();
  return () => (performance.now() - started) / 1000;
}

/** Rows of a Markdown table (header first, the `---` line left out), as the report's tables hold them. */
function markdownRows(markdown: string): string[][] {
  return markdown
    .trim()
    .split('\n')
    .filter((line, i) => i !== 1)
    .map((line) => line.replace(/^\|\s*|\s*\|$/g, '').split(/\s*\|\s*/));
}
