import type { FamilyGroupSummary, FamilySummary } from '@fewshot/data';
import { type TargetCheck, checkCondition, checkTarget, notMeasured } from '../../framework/targets.js';
import type { HeldOutLoss } from './held-out-loss.js';
import type { InContextGain } from './in-context-gain.js';

/**
 * Issue 19's bars: on the held-out families, K = 16 at least 40 points above zero-shot; on the
 * seen ones, the four original bundled tasks' gain no worse than the +43 points of the model
 * before it; on the held-out Brown documents, no worse than that model's 5.20 nats/token, or its
 * 2.15 bits per byte where the tokenizer differs. Today's figures compare at the precision the
 * issue gives them (points to a tenth, losses to a hundredth).
 */
export const ISSUE_19_TARGETS = {
  heldOutGainPoints: 40,
  seenGainPoints: 43,
  brownNatsPerToken: 5.2,
  brownBitsPerByte: 2.15,
} as const;

/** What the eval suite measured for issue 19. */
export interface Issue19Measurements {
  /** `evaluateFamilies`' summary, with K = 0, 1 and 16 among its K. */
  readonly families: FamilySummary;
  readonly heldOutItems: number;
  /** Issue 6's measurement: the bundled synthetic tasks' gain (the four original families). */
  readonly bundled: InContextGain;
  readonly bundledItems: number;
  /** Absent when the model has no end-of-text token to separate the documents with. */
  readonly brown: HeldOutLoss | undefined;
  /** Whether the model has the tokenizer the 5.20 nats/token were measured with. */
  readonly referenceTokenizer: boolean;
}

const ISSUE = 19;
const points = (fraction: number): string => (100 * fraction).toFixed(1);
const signedPoints = (fraction: number): string => `${fraction >= 0 ? '+' : '−'}${points(Math.abs(fraction))}`;
const roundTo = (value: number, decimals: number): number => Number(value.toFixed(decimals));

/** The #19 rows of the targets table. */
export function issue19Targets(measured: Issue19Measurements): TargetCheck[] {
  const heldOut = measured.families['held-out'];
  return [
    heldOutGainTarget(heldOut, measured.heldOutItems),
    oneShotBetweenTarget(heldOut?.all),
    seenGainTarget(measured.bundled, measured.bundledItems),
    brownTarget(measured.brown, measured.referenceTokenizer),
  ];
}

/** The held-out families' gain, with the lookup and rule families' gains reported beside it. */
function heldOutGainTarget(heldOut: FamilySummary['held-out'], items: number): TargetCheck {
  const description =
    `held-out families: mean exact match at K=16 ≥ ${ISSUE_19_TARGETS.heldOutGainPoints} points above zero-shot ` +
    '(each family weighing the same; lookup and rule families reported apart)';
  const row = heldOut?.all;
  if (row === undefined) return notMeasured(ISSUE, description, 'no held-out family was evaluated');
  const { exactMatch: em, gain } = row;
  const apart = (['lookup', 'rule'] as const)
    .flatMap((type) => {
      const typed = heldOut?.[type];
      return typed === undefined ? [] : [`${type} ${signedPoints(typed.gain)} (${typed.families} families)`];
    })
    .join(', ');
  return checkTarget({
    issue: ISSUE,
    description,
    value: 100 * gain,
    comparison: 'at least',
    threshold: ISSUE_19_TARGETS.heldOutGainPoints,
    measured:
      `${signedPoints(gain)} points (K=0 ${points(em[0] ?? Number.NaN)}%, K=1 ${points(em[1] ?? Number.NaN)}%, ` +
      `K=16 ${points(em[16] ?? Number.NaN)}%; ${row.families} families × ${items} items; ${apart})`,
  });
}

function oneShotBetweenTarget(row: FamilyGroupSummary | undefined): TargetCheck {
  const description = 'held-out families: one-shot exact match strictly between zero-shot and K=16';
  if (row === undefined) return notMeasured(ISSUE, description, 'no held-out family was evaluated');
  const [zero, one, few] = [row.exactMatch[0], row.exactMatch[1], row.exactMatch[16]].map((v) => v ?? Number.NaN) as [
    number,
    number,
    number,
  ];
  const between = Math.min(zero, few) < one && one < Math.max(zero, few);
  return checkCondition(
    ISSUE,
    description,
    between,
    `zero ${points(zero)}%, one ${points(one)}%, K=16 ${points(few)}%`,
  );
}

function seenGainTarget(bundled: InContextGain, items: number): TargetCheck {
  const description =
    'seen families (the four original bundled synthetic tasks, #6’s measurement): K=16 gain no worse than ' +
    `the +${ISSUE_19_TARGETS.seenGainPoints} points of the model issue 19 started from`;
  if (bundled.fewShots !== 16)
    return notMeasured(ISSUE, description, `the bundled tasks ran up to K=${bundled.fewShots}, not 16 (quick mode)`);
  return checkTarget({
    issue: ISSUE,
    description,
    value: roundTo(100 * bundled.gain, 1),
    comparison: 'at least',
    threshold: ISSUE_19_TARGETS.seenGainPoints,
    measured:
      `${signedPoints(bundled.gain)} points (zero-shot ${points(bundled.zero)}%, K=16 ${points(bundled.few)}%; ` +
      `${items} items per task)`,
  });
}

function brownTarget(brown: HeldOutLoss | undefined, referenceTokenizer: boolean): TargetCheck {
  const { brownNatsPerToken, brownBitsPerByte } = ISSUE_19_TARGETS;
  const description =
    'language modelling on the held-out Brown documents no worse than the model issue 19 started from: ≤ ' +
    `${brownNatsPerToken.toFixed(2)} nats/token with the same tokenizer, else ≤ ${brownBitsPerByte} bits per byte`;
  if (brown === undefined) return notMeasured(ISSUE, description, 'the model has no end-of-text token');
  const figures =
    `${brown.natsPerToken.toFixed(4)} nats/token, ${brown.bitsPerByte.toFixed(4)} bits per byte ` +
    `over ${brown.tokens.toLocaleString('en-US')} tokens of ${brown.documents} documents`;
  if (brown.windows < brown.allWindows) {
    return notMeasured(ISSUE, description, `${figures}: the first ${brown.windows} of ${brown.allWindows} windows`);
  }
  return checkTarget({
    issue: ISSUE,
    description,
    value: referenceTokenizer ? roundTo(brown.natsPerToken, 2) : roundTo(brown.bitsPerByte, 2),
    comparison: 'at most',
    threshold: referenceTokenizer ? brownNatsPerToken : brownBitsPerByte,
    measured: `${figures} (${referenceTokenizer ? 'same tokenizer: nats/token' : 'another tokenizer: bits per byte'})`,
  });
}
