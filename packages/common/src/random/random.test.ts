import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { OptionError } from '../options/option-error.js';
import { type RandomState, createRandom, restoreRandom } from './random.js';

const REFERENCE_C = fileURLToPath(new URL('./__fixtures__/sfc32-reference.c', import.meta.url));
const VECTORS = JSON.parse(
  readFileSync(new URL('./__fixtures__/sfc32-reference-vectors.json', import.meta.url), 'utf8'),
) as {
  cases: { args: string[]; state: number[]; outputs: number[] }[];
};

/**
 * The reference C program (PractRand's sfc32, SplitMix32, FNV-1a) compiled with the system C
 * compiler; `undefined` where there is none, and the committed vectors it printed stand in.
 */
const directory = mkdtempSync(join(tmpdir(), 'fewshot-sfc32-'));
afterAll(() => {
  rmSync(directory, { recursive: true, force: true });
});
function compileReference(): ((args: readonly string[]) => number[]) | undefined {
  const binary = join(directory, 'sfc32-reference');
  try {
    execFileSync('cc', ['-O2', '-std=c99', '-o', binary, REFERENCE_C], { stdio: 'pipe' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  return (args) => execFileSync(binary, args, { encoding: 'utf8' }).trim().split('\n').map(Number);
}
const reference = compileReference();

/** What the reference prints for `args`: its state words, then `count` outputs. */
function referenceRun(args: readonly string[]): { state: number[]; outputs: number[] } {
  const committed = VECTORS.cases.find((c) => c.args.join('\0') === args.join('\0'));
  if (reference === undefined) {
    if (committed === undefined) throw new Error(`no committed vector for ${args.join(' ')} and no C compiler`);
    return committed;
  }
  const printed = reference(args);
  return { state: printed.slice(0, 4), outputs: printed.slice(4) };
}

describe('createRandom', () => {
  it('is sfc32 seeded by SplitMix32, output for output the reference C program', () => {
    for (const { args } of VECTORS.cases.filter((c) => c.args[0] === 'seed')) {
      const [, seed = '', purpose = '', count = ''] = args;
      const expected = referenceRun(args);
      const random = createRandom(Number(seed), purpose);
      expect(random.state(), `seed ${seed} "${purpose}"`).toEqual(expected.state);
      expect(Array.from({ length: Number(count) }, () => random.uint32())).toEqual(expected.outputs);
    }
  });

  // Where there is no C compiler the committed vectors are the reference, and this holds trivially.
  it('has committed vectors that the reference C program prints', () => {
    for (const { args, state, outputs } of VECTORS.cases) expect(referenceRun(args)).toEqual({ state, outputs });
  });

  it('gives next() as the 32-bit output over 2^32, and int(n) as its floor times n', () => {
    const a = createRandom(7, 'floats');
    const b = createRandom(7, 'floats');
    for (let i = 0; i < 100; i++) expect(a.next()).toBe(b.uint32() / 2 ** 32);
    for (let i = 0; i < 100; i++) expect(a.int(10)).toBe(Math.floor((b.uint32() / 2 ** 32) * 10));
  });

  it('gives different streams for different seeds and purposes', () => {
    const draw = (seed: number, purpose?: string): number[] => {
      const random = createRandom(seed, purpose);
      return Array.from({ length: 8 }, () => random.uint32());
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
    expect(draw(42, 'a')).not.toEqual(draw(42, 'b'));
    expect(draw(2 ** 40)).not.toEqual(draw(0));
  });

  it('draws ints, picks and samples uniformly enough', () => {
    const random = createRandom(1, 'uniformity');
    const counts = [0, 0, 0, 0, 0];
    const draws = 50_000;
    for (let i = 0; i < draws; i++) counts[random.int(5)]! += 1;
    // Within 4 standard deviations of the binomial count.
    for (const count of counts) expect(Math.abs(count - draws / 5)).toBeLessThan(4 * Math.sqrt(draws * 0.2 * 0.8));
    const sample = random.sample([1, 2, 3, 4, 5, 6], 4);
    expect(new Set(sample).size).toBe(4);
    expect(random.shuffle([1, 2, 3, 4, 5]).sort()).toEqual([1, 2, 3, 4, 5]);
    expect([1, 2, 3]).toContain(random.pick([1, 2, 3]));
  });

  it('refuses bad arguments with an OptionError naming the field', () => {
    expect(() => createRandom(1.5)).toThrow(new OptionError('seed', 1.5, 'expected a safe integer'));
    expect(() => createRandom(2 ** 53)).toThrow('seed = 9007199254740992 is invalid: expected a safe integer');
    expect(() => createRandom(1).int(0)).toThrow('n = 0 is invalid: expected an integer >= 1');
    expect(() => createRandom(1).sample([1, 2], 3)).toThrow('count = 3 is invalid: expected an integer in 0..2');
    expect(() => createRandom(1).pick([])).toThrow('items = [] is invalid: expected a non-empty list to pick from');
  });
});

describe('restoreRandom', () => {
  it('runs the reference C program from an explicit state', () => {
    for (const { args } of VECTORS.cases.filter((c) => c.args[0] === 'state')) {
      const expected = referenceRun(args);
      const random = restoreRandom(expected.state as unknown as RandomState);
      expect(Array.from({ length: expected.outputs.length }, () => random.uint32())).toEqual(expected.outputs);
    }
  });

  it('continues a stream from its saved state, through JSON as a checkpoint stores it', () => {
    const random = createRandom(2024, 'dropout');
    for (let i = 0; i < 1000; i++) random.next();
    const saved = JSON.parse(JSON.stringify(random.state())) as RandomState;
    const resumed = restoreRandom(saved);
    const rest = Array.from({ length: 100 }, () => random.uint32());
    expect(Array.from({ length: 100 }, () => resumed.uint32())).toEqual(rest);
    expect(saved.every((word) => word >= 0 && word < 2 ** 32)).toBe(true);
  });

  it('refuses a state that is not four unsigned 32-bit words', () => {
    const allowed = 'expected four unsigned 32-bit integers [a, b, c, counter]';
    expect(() => restoreRandom([1, 2, 3] as unknown as RandomState)).toThrow(`state = [1,2,3] is invalid: ${allowed}`);
    expect(() => restoreRandom([1, 2, 3, -1])).toThrow(allowed);
    expect(() => restoreRandom([1, 2, 3, 2 ** 32])).toThrow(allowed);
  });
});
