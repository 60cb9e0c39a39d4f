import type { FamilyType } from '../task-families/family.js';

/** `seen`: a family of the training text (`TRAINING_FAMILIES`); `held-out`: one no training text has. */
export type FamilyGroup = 'seen' | 'held-out';

/** One family's in-context learning: exact match at every K on its own items. */
export interface FamilyResult {
  readonly family: string;
  readonly group: FamilyGroup;
  readonly type: FamilyType;
  readonly description: string;
  readonly items: number;
  /**
   * Prompt lengths with every demonstration (the largest K) in the model's tokens, and the share
   * of prompts that fit the context with room for the answer; the others drop their farthest
   * demonstrations, so the largest K may show fewer.
   */
  readonly promptTokens: { readonly mean: number; readonly max: number; readonly fitShare: number };
  /** Exact match by K, a fraction in [0, 1]. */
  readonly exactMatch: Readonly<Record<number, number>>;
}
