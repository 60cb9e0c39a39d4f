import { DataError } from '../data-error.js';
import type { Demonstration } from '../synthetic/demonstration.js';
import { type InContextFamily, checkDemonstrationCount } from './family.js';
import { KEY_ORDERS, type KeyOrder, keyOrder } from './key-order.js';
import { type ValueKind, distinctValues } from './value-kinds.js';
import { requireInteger } from '../validate.js';

export interface LookupOptions {
  readonly keys: ValueKind;
  readonly values: ValueKind;
  /** Distinct keys per episode, drawn uniformly from this range (default 1–10), at most count − 1. */
  readonly minKeys?: number;
  readonly maxKeys?: number;
  /** Key orders to draw from per episode (default all of `KEY_ORDERS`). */
  readonly orders?: readonly KeyOrder[];
}

/**
 * A lookup family: random keys of one kind paired with random values of another, both drawn
 * per episode (values distinct and never a key), shown in a key order drawn per episode
 * (`KEY_ORDERS`); the query repeats a key shown before.
 */
export function lookupFamily(name: string, options: LookupOptions): InContextFamily {
  const { keys, values, minKeys = 1, maxKeys = 10, orders = KEY_ORDERS } = options;
  requireInteger('minKeys', minKeys, 1);
  if (!Number.isInteger(maxKeys) || maxKeys < minKeys) {
    throw new DataError('maxKeys', maxKeys, `expected an integer >= minKeys (${minKeys})`);
  }
  if (orders.length === 0 || orders.some((order) => !KEY_ORDERS.includes(order))) {
    throw new DataError('orders', orders, `expected some of ${KEY_ORDERS.join(', ')}`);
  }
  return {
    name,
    type: 'lookup',
    description: `${keys} → ${values}, ${minKeys === maxKeys ? minKeys : `${minKeys}–${maxKeys}`} keys`,
    generate: (random, vocabulary, count): Demonstration[] => {
      checkDemonstrationCount(count);
      const keyCount = Math.min(count - 1, minKeys + random.int(maxKeys - minKeys + 1));
      const drawnKeys = distinctValues(random, vocabulary, keys, keyCount);
      const drawnValues = distinctValues(random, vocabulary, values, keyCount, new Set(drawnKeys));
      const order = keyOrder(random, keyCount, count, random.pick(orders));
      return order.map((key) => ({ input: drawnKeys[key]!, output: drawnValues[key]! }));
    },
  };
}
