import { arithmeticOffset } from './arithmetic-offset.js';
import { classification } from './classification.js';
import type { TaskFamily } from './demonstration.js';
import { letterTransform } from './letter-transform.js';
import { wordMapping } from './word-mapping.js';

/** The synthetic in-context task families, by name. */
export const TASK_FAMILIES = {
  'word-mapping': wordMapping,
  'letter-transform': letterTransform,
  'arithmetic-offset': arithmeticOffset,
  classification,
} as const satisfies Record<string, TaskFamily>;

export type TaskFamilyName = keyof typeof TASK_FAMILIES;

export const TASK_FAMILY_NAMES = Object.keys(TASK_FAMILIES) as TaskFamilyName[];
