import { describe, expect, it } from 'vitest';
import { decodingModuleBytes } from './decoding-module.js';
import { signedLeb, unsignedLeb } from './wasm-encoding.js';

const wasm = (globalThis as unknown as { WebAssembly: { validate: (bytes: Uint8Array) => boolean } }).WebAssembly;

describe('WebAssembly encoding', () => {
  it('writes LEB128 as the DWARF and WebAssembly specifications do', () => {
    // The specifications' examples: 624485 → e5 8e 26, −123456 → c0 bb 78.
    expect(unsignedLeb(624485)).toEqual([0xe5, 0x8e, 0x26]);
    expect(signedLeb(-123456)).toEqual([0xc0, 0xbb, 0x78]);
    expect(unsignedLeb(0)).toEqual([0]);
    expect(unsignedLeb(127)).toEqual([0x7f]);
    expect(unsignedLeb(128)).toEqual([0x80, 0x01]);
    expect(signedLeb(64)).toEqual([0xc0, 0x00]);
    expect(signedLeb(-64)).toEqual([0x40]);
    expect(signedLeb(-1)).toEqual([0x7f]);
    expect(unsignedLeb(2 ** 32 - 1)).toEqual([0xff, 0xff, 0xff, 0xff, 0x0f]);
    expect(() => unsignedLeb(-1)).toThrow(/expected an integer in \[0, 2\^32\)/);
    expect(() => signedLeb(2 ** 31)).toThrow(/expected a 32-bit signed integer/);
  });

  it('assembles a module the engine validates', () => {
    expect(wasm.validate(decodingModuleBytes())).toBe(true);
  });
});
