import { type AttributeValue, DataType, type Node, type Tensor } from './onnx-proto.js';

/** Initializers of a model, shared by its main graph and the subgraphs that read them from the outer scope. */
export class Initializers {
  readonly tensors: Tensor[] = [];
  private readonly byKey = new Map<string, string>();

  /** A float32 weight, stored once under `name` however many graphs read it. */
  float(name: string, dims: readonly number[], data: Float32Array): string {
    if (this.byKey.has(`weight:${name}`)) return name;
    this.byKey.set(`weight:${name}`, name);
    const expected = dims.reduce((product, size) => product * size, 1);
    if (data.length !== expected)
      throw new RangeError(`weight "${name}": ${data.length} values for shape ${JSON.stringify(dims)}`);
    this.tensors.push({ name, dataType: DataType.FLOAT, dims, rawData: littleEndianBytes(data) });
    return name;
  }

  /** An int64 constant (a 1-D list, or a scalar with `scalar`), deduplicated by value. */
  int64(values: readonly number[], scalar = false): string {
    return this.constant(
      `int64${scalar ? 's' : ''}:${values.join(',')}`,
      DataType.INT64,
      scalar ? [] : [values.length],
      () => {
        const data = new BigInt64Array(values.map((value) => BigInt(value)));
        return littleEndianBytes(data);
      },
    );
  }

  /** A float32 scalar constant, deduplicated by value. */
  floatScalar(value: number): string {
    return this.constant(`float:${value}`, DataType.FLOAT, [], () => littleEndianBytes(Float32Array.of(value)));
  }

  private constant(key: string, dataType: DataType, dims: number[], bytes: () => Uint8Array): string {
    const known = this.byKey.get(key);
    if (known !== undefined) return known;
    const name = `const_${this.tensors.length}`;
    this.byKey.set(key, name);
    this.tensors.push({ name, dataType, dims, rawData: bytes() });
    return name;
  }
}

/**
 * Nodes of one graph (the main graph or an `If` branch), each named under the graph's prefix so
 * names stay unique model-wide.
 */
export class GraphBuilder {
  readonly nodes: Node[] = [];
  private counter = 0;

  constructor(
    readonly prefix: string,
    readonly initializers: Initializers,
  ) {}

  /** Adds a node with one output and returns that output's name (`output` names it, else a fresh name). */
  op(
    opType: string,
    inputs: readonly string[],
    attributes?: Readonly<Record<string, AttributeValue>>,
    output?: string,
  ): string {
    const [name] = this.opOutputs(opType, inputs, 1, attributes, output === undefined ? undefined : [output]);
    return name!;
  }

  /** Adds a node with `count` outputs. */
  opOutputs(
    opType: string,
    inputs: readonly string[],
    count: number,
    attributes?: Readonly<Record<string, AttributeValue>>,
    outputs?: readonly string[],
  ): string[] {
    const name = `${this.prefix}/${opType}_${this.counter++}`;
    const names = outputs === undefined ? Array.from({ length: count }, (_, i) => `${name}:${i}`) : [...outputs];
    this.nodes.push({ opType, name, inputs, outputs: names, ...(attributes === undefined ? {} : { attributes }) });
    return names;
  }
}

/** The bytes of a typed array in little-endian order (a copy only on a big-endian host). */
function littleEndianBytes(data: Float32Array | BigInt64Array): Uint8Array {
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (new Uint8Array(Uint16Array.of(1).buffer)[0] === 1) return bytes;
  const swapped = new Uint8Array(bytes.length);
  const width = data.BYTES_PER_ELEMENT;
  for (let i = 0; i < bytes.length; i += width) {
    for (let j = 0; j < width; j++) swapped[i + j] = bytes[i + width - 1 - j]!;
  }
  return swapped;
}

/** Shorthands for attribute values. */
export const attr = {
  int: (value: number): AttributeValue => ({ kind: 'int', value }),
  float: (value: number): AttributeValue => ({ kind: 'float', value }),
  ints: (value: readonly number[]): AttributeValue => ({ kind: 'ints', value }),
};
