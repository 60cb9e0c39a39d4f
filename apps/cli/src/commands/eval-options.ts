import { UsageError } from '../io.js';

/** What `--kind` accepts: the harness's task kinds and `bpb` (bits per byte over a plain text file). */
export const EVAL_KINDS = ['lambada', 'multiple-choice', 'qa', 'episode', 'code', 'bpb'] as const;
export type EvalKind = (typeof EVAL_KINDS)[number];

/** `--shots 0,1,8`: the K of each run, distinct non-negative integers, in the order given. */
export function parseShots(list: string): number[] {
  const shots = list.split(',').map((part, i) => {
    const k = Number(part.trim());
    if (part.trim() === '' || !Number.isInteger(k) || k < 0) {
      throw new UsageError(
        `--shots ${list}: item ${i} ("${part}") is not a number of demonstrations (a non-negative integer)`,
      );
    }
    return k;
  });
  const repeated = shots.find((k, i) => shots.indexOf(k) !== i);
  if (repeated !== undefined) throw new UsageError(`--shots ${list}: K = ${repeated} is listed twice`);
  return shots;
}

/** An integer flag with a lower bound (`--limit` ≥ 1; `--seed` any safe integer ≥ 0). */
export function parseIntegerFlag(flag: string, value: string, min: number): number {
  const number = Number(value);
  if (value.trim() === '' || !Number.isSafeInteger(number) || number < min) {
    throw new UsageError(`${flag} ${value}: expected an integer >= ${min}`);
  }
  return number;
}

export function parseKind(value: string | undefined): EvalKind | undefined {
  if (value !== undefined && !(EVAL_KINDS as readonly string[]).includes(value)) {
    throw new UsageError(`--kind ${value}: expected one of ${EVAL_KINDS.join(', ')}`);
  }
  return value as EvalKind | undefined;
}
