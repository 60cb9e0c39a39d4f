/**
 * A minimal WebAssembly binary encoder: enough to assemble one module of exported functions over
 * one exported memory (the kernels of this folder), with no imports, tables or globals. Bytes are
 * plain number arrays; {@link encodeModule} returns the module's bytes.
 */

/** Value types as the binary format writes them. */
export const I32 = 0x7f;
export const F32 = 0x7d;
export const V128 = 0x7b;
export type ValueType = typeof I32 | typeof F32 | typeof V128;

/** Unsigned LEB128. */
export function unsignedLeb(value: number): number[] {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) {
    throw new RangeError(`unsignedLeb(${value}): expected an integer in [0, 2^32)`);
  }
  const bytes: number[] = [];
  let rest = value;
  do {
    const low = rest % 128;
    rest = Math.floor(rest / 128);
    bytes.push(rest === 0 ? low : low | 0x80);
  } while (rest !== 0);
  return bytes;
}

/** Signed LEB128 of a 32-bit integer. */
export function signedLeb(value: number): number[] {
  if (!Number.isInteger(value) || value < -(2 ** 31) || value >= 2 ** 31) {
    throw new RangeError(`signedLeb(${value}): expected a 32-bit signed integer`);
  }
  const bytes: number[] = [];
  let rest = value;
  for (;;) {
    const low = rest & 0x7f;
    rest >>= 7;
    const done = (rest === 0 && (low & 0x40) === 0) || (rest === -1 && (low & 0x40) !== 0);
    bytes.push(done ? low : low | 0x80);
    if (done) return bytes;
  }
}

/** A length-prefixed vector of already encoded items. */
function vector(items: readonly (readonly number[])[]): number[] {
  return [...unsignedLeb(items.length), ...items.flat()];
}

function section(id: number, content: readonly number[]): number[] {
  return [id, ...unsignedLeb(content.length), ...content];
}

function utf8(name: string): number[] {
  const bytes = [...new TextEncoder().encode(name)];
  return [...unsignedLeb(bytes.length), ...bytes];
}

export interface FunctionDefinition {
  /** Export name. */
  readonly name: string;
  readonly params: readonly ValueType[];
  readonly results: readonly ValueType[];
  /** Locals after the parameters, in index order. */
  readonly locals: readonly ValueType[];
  /** The instructions, without the final `end`. */
  readonly body: readonly number[];
}

export interface ModuleDefinition {
  readonly functions: readonly FunctionDefinition[];
  readonly memory: ModuleMemory;
}

export type ModuleMemory =
  /** A memory of its own, exported as `memory`, of `pages` 64 KiB pages at first (it can grow to 4 GiB). */
  | { readonly kind: 'own'; readonly pages: number }
  /**
   * The memory `env.memory` imported, at least one page — e.g. the WASM backend's, so kernels work on tensors in
   * place; a shared one (the threaded backend's) must say so and give a maximum (wasm32's 65536 pages).
   */
  | { readonly kind: 'imported'; readonly shared: boolean };

/** Run-length groups of equal local types, as the code section declares them. */
function localGroups(locals: readonly ValueType[]): number[][] {
  const groups: number[][] = [];
  let start = 0;
  for (let i = 1; i <= locals.length; i++) {
    if (i === locals.length || locals[i] !== locals[start]) {
      groups.push([...unsignedLeb(i - start), locals[start] ?? I32]);
      start = i;
    }
  }
  return groups;
}

/** The bytes of a module exporting `definition`'s functions (type i = function i), with its memory. */
export function encodeModule(definition: ModuleDefinition): Uint8Array {
  const { functions, memory } = definition;
  const types = functions.map((f) => [0x60, ...vector(f.params.map((t) => [t])), ...vector(f.results.map((t) => [t]))]);
  const functionExports = functions.map((f, i) => [...utf8(f.name), 0x00, ...unsignedLeb(i)]);
  const bodies = functions.map((f) => {
    const code = [...vector(localGroups(f.locals)), ...f.body, 0x0b];
    return [...unsignedLeb(code.length), ...code];
  });
  // Memory limits: flag 0 = a minimum only (it can grow to wasm32's 4 GiB); flag 3 = shared, minimum and maximum.
  const memorySections =
    memory.kind === 'own'
      ? {
          memory: section(5, vector([[0x00, ...unsignedLeb(memory.pages)]])),
          imports: [],
          exports: [[...utf8('memory'), 0x02, 0x00]],
        }
      : {
          memory: [],
          imports: section(
            2,
            vector([
              [
                ...utf8('env'),
                ...utf8('memory'),
                0x02,
                ...(memory.shared ? [0x03, ...unsignedLeb(1), ...unsignedLeb(65536)] : [0x00, ...unsignedLeb(1)]),
              ],
            ]),
          ),
          exports: [],
        };
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vector(types)),
    ...memorySections.imports,
    ...section(3, vector(functions.map((_, i) => unsignedLeb(i)))),
    ...memorySections.memory,
    ...section(7, vector([...memorySections.exports, ...functionExports])),
    ...section(10, vector(bodies)),
  ]);
}
