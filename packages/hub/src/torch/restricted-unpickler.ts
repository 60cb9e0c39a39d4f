/** A Python global the pickle names (`module.name`), allowed by the caller before anything refers to it. */
export class PickleGlobal {
  constructor(
    readonly module: string,
    readonly name: string,
  ) {}

  toString(): string {
    return `${this.module}.${this.name}`;
  }
}

/** What a pickle may build: plain data, dicts as Maps, tuples and lists as arrays, and what `call` returns. */
export type PickleValue = unknown;

export interface UnpicklerHooks {
  /** The globals the pickle may name, as `module.name`; any other is refused before it is used. */
  readonly allowedGlobals: ReadonlySet<string>;
  /** `REDUCE`/`NEWOBJ`: what calling an allowed global with `args` gives. */
  readonly call: (callable: PickleGlobal, args: readonly PickleValue[]) => PickleValue;
  /** `BINPERSID`: the object a persistent id stands for (PyTorch's storages). */
  readonly persistentLoad: (id: PickleValue) => PickleValue;
}

const MARK = Symbol('mark');
const MAX_STACK = 1_000_000;

/**
 * A pickle interpreter (protocols 2 to 5) that executes no code: it knows the opcodes that build
 * data, and a global is only ever a {@link PickleGlobal} handed to `hooks.call` — one not in
 * `hooks.allowedGlobals` stops the load with an error naming it. Throws a one-line `Error`.
 */
export function unpickle(bytes: Uint8Array, hooks: UnpicklerHooks): PickleValue {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = new TextDecoder('utf-8', { fatal: true });
  const stack: PickleValue[] = [];
  const memo = new Map<number, PickleValue>();
  let at = 0;
  const need = (count: number): number => {
    if (at + count > bytes.byteLength) throw new Error(`pickle ends inside an opcode at byte ${at}: truncated?`);
    const start = at;
    at += count;
    return start;
  };
  const u8 = (): number => view.getUint8(need(1));
  const u16 = (): number => view.getUint16(need(2), true);
  const u32 = (): number => view.getUint32(need(4), true);
  const u64 = (): number => {
    const value = view.getBigUint64(need(8), true);
    if (value > BigInt(bytes.byteLength)) throw new Error(`length ${value} runs past the end of the pickle`);
    return Number(value);
  };
  const raw = (length: number): Uint8Array => bytes.subarray(need(length), at);
  const line = (): string => {
    const end = bytes.indexOf(0x0a, at);
    if (end < 0) throw new Error('pickle ends inside a GLOBAL name');
    const value = text.decode(bytes.subarray(at, end));
    at = end + 1;
    return value;
  };
  const push = (value: PickleValue): void => {
    if (stack.length >= MAX_STACK) throw new Error('pickle stack grows past a million entries');
    stack.push(value);
  };
  const pop = (): PickleValue => {
    if (stack.length === 0 || stack.at(-1) === MARK) throw new Error(`pickle pops an empty stack at byte ${at}`);
    return stack.pop();
  };
  const popMark = (): PickleValue[] => {
    const mark = stack.lastIndexOf(MARK);
    if (mark < 0) throw new Error(`pickle has no MARK to pop to at byte ${at}`);
    return stack.splice(mark).slice(1);
  };
  const global = (module: string, name: string): PickleGlobal => {
    const found = new PickleGlobal(module, name);
    if (!hooks.allowedGlobals.has(found.toString())) {
      throw new Error(
        `names the global ${found.toString()}, which is not allowed (only ${[...hooks.allowedGlobals].join(', ')})`,
      );
    }
    return found;
  };
  const target = (value: PickleValue, what: string): Map<PickleValue, PickleValue> | PickleValue[] => {
    if (value instanceof Map || Array.isArray(value)) return value as Map<PickleValue, PickleValue> | PickleValue[];
    throw new Error(`${what} on something that is not a dict or list`);
  };
  const setItems = (dict: PickleValue, items: readonly PickleValue[]): void => {
    const map = target(dict, 'SETITEMS');
    if (!(map instanceof Map) || items.length % 2 !== 0) throw new Error('SETITEMS needs a dict and key/value pairs');
    for (let i = 0; i < items.length; i += 2) map.set(items[i], items[i + 1]);
  };
  const append = (list: PickleValue, items: readonly PickleValue[]): void => {
    const array = target(list, 'APPENDS');
    if (!Array.isArray(array)) throw new Error('APPENDS needs a list');
    array.push(...items);
  };
  const call = (callable: PickleValue, args: PickleValue): PickleValue => {
    if (!(callable instanceof PickleGlobal) || !Array.isArray(args))
      throw new Error('REDUCE needs a global and an argument tuple');
    return hooks.call(callable, args);
  };

  for (;;) {
    const opcode = u8();
    switch (opcode) {
      case 0x80:
        u8();
        break; // PROTO
      case 0x95:
        need(8);
        break; // FRAME: a length hint only
      case 0x2e:
        return pop(); // STOP
      case 0x28:
        push(MARK);
        break;
      case 0x30:
        pop();
        break; // POP
      case 0x31:
        popMark();
        break; // POP_MARK
      case 0x32:
        push(stack.at(-1));
        break; // DUP
      case 0x4e:
        push(null);
        break; // NONE
      case 0x88:
        push(true);
        break;
      case 0x89:
        push(false);
        break;
      case 0x4a:
        push(view.getInt32(need(4), true));
        break; // BININT
      case 0x4b:
        push(u8());
        break; // BININT1
      case 0x4d:
        push(u16());
        break; // BININT2
      case 0x8a:
        push(littleEndianInteger(raw(u8())));
        break; // LONG1
      case 0x47:
        push(view.getFloat64(need(8), false));
        break; // BINFLOAT (big-endian)
      case 0x8c:
        push(text.decode(raw(u8())));
        break; // SHORT_BINUNICODE
      case 0x58:
        push(text.decode(raw(u32())));
        break; // BINUNICODE
      case 0x8d:
        push(text.decode(raw(u64())));
        break; // BINUNICODE8
      case 0x55:
        push(new TextDecoder('latin1').decode(raw(u8())));
        break; // SHORT_BINSTRING
      case 0x54:
        push(new TextDecoder('latin1').decode(raw(u32())));
        break; // BINSTRING
      case 0x43:
        push(Uint8Array.from(raw(u8())));
        break; // SHORT_BINBYTES
      case 0x42:
        push(Uint8Array.from(raw(u32())));
        break; // BINBYTES
      case 0x29:
        push([]);
        break; // EMPTY_TUPLE
      case 0x74:
        push(popMark());
        break; // TUPLE
      case 0x85:
        push([pop()]);
        break; // TUPLE1
      case 0x86: {
        const b = pop();
        push([pop(), b]);
        break;
      } // TUPLE2
      case 0x87: {
        const c = pop();
        const b = pop();
        push([pop(), b, c]);
        break;
      } // TUPLE3
      case 0x5d:
        push([]);
        break; // EMPTY_LIST
      case 0x6c:
        push(popMark());
        break; // LIST
      case 0x61: {
        const item = pop();
        append(stack.at(-1), [item]);
        break;
      } // APPEND
      case 0x65: {
        const items = popMark();
        append(stack.at(-1), items);
        break;
      } // APPENDS
      case 0x7d:
        push(new Map());
        break; // EMPTY_DICT
      case 0x64: {
        const map = new Map();
        setItems(map, popMark());
        push(map);
        break;
      } // DICT
      case 0x73: {
        const value = pop();
        const key = pop();
        setItems(stack.at(-1), [key, value]);
        break;
      } // SETITEM
      case 0x75: {
        const items = popMark();
        setItems(stack.at(-1), items);
        break;
      } // SETITEMS
      case 0x71:
        memo.set(u8(), stack.at(-1));
        break; // BINPUT
      case 0x72:
        memo.set(u32(), stack.at(-1));
        break; // LONG_BINPUT
      case 0x94:
        memo.set(memo.size, stack.at(-1));
        break; // MEMOIZE
      case 0x68:
        push(recall(memo, u8()));
        break; // BINGET
      case 0x6a:
        push(recall(memo, u32()));
        break; // LONG_BINGET
      case 0x63: {
        const module = line();
        push(global(module, line()));
        break;
      } // GLOBAL
      case 0x93: {
        // STACK_GLOBAL
        const name = pop();
        const module = pop();
        if (typeof module !== 'string' || typeof name !== 'string') throw new Error('STACK_GLOBAL needs two strings');
        push(global(module, name));
        break;
      }
      case 0x52: {
        const args = pop();
        push(call(pop(), args));
        break;
      } // REDUCE
      case 0x81: {
        const args = pop();
        push(call(pop(), args));
        break;
      } // NEWOBJ
      case 0x62:
        pop();
        break; // BUILD: the state of an OrderedDict or tensor (its _metadata) is not needed
      case 0x51:
        push(hooks.persistentLoad(pop()));
        break; // BINPERSID
      default:
        throw new Error(
          `opcode 0x${opcode.toString(16).padStart(2, '0')} at byte ${at - 1} is not one a PyTorch checkpoint needs`,
        );
    }
  }
}

function recall(memo: ReadonlyMap<number, PickleValue>, key: number): PickleValue {
  if (!memo.has(key)) throw new Error(`pickle refers to memo entry ${key}, which was never stored`);
  return memo.get(key);
}

/** A two's-complement little-endian integer (LONG1), which must fit a safe integer. */
function littleEndianInteger(bytes: Uint8Array): number {
  let value = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) value = (value << 8n) | BigInt(bytes[i] ?? 0);
  if (bytes.length > 0 && ((bytes[bytes.length - 1] ?? 0) & 0x80) !== 0) value -= 1n << BigInt(8 * bytes.length);
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER))
    throw new Error(`integer ${value} is too large`);
  return Number(value);
}
