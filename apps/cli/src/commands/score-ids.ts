import { UsageError } from '../io.js';

/** Parses `1,2,3` into token ids; `option` names the flag in the error. */
export function parseIdList(option: string, list: string): number[] {
  return list.split(',').map((part, i) => {
    const id = Number(part.trim());
    if (part.trim() === '' || !Number.isInteger(id) || id < 0) {
      throw new UsageError(`${option} ${list}: item ${i} ("${part}") is not a token id (a non-negative integer)`);
    }
    return id;
  });
}
