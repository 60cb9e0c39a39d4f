import { ProtobufWriter } from './protobuf-writer.js';

/**
 * The parts of ONNX's `onnx.proto` (IR version 8) this package writes, with the schema's field
 * numbers: a model holds one graph, whose nodes name their inputs and outputs, whose weights are
 * initializers with raw little-endian data, and whose `If` nodes hold subgraphs as attributes.
 */

/** `TensorProto.DataType` values this package uses. */
export const DataType = { FLOAT: 1, INT32: 6, INT64: 7, BOOL: 9 } as const;
export type DataType = (typeof DataType)[keyof typeof DataType];

/** One dimension of a declared shape: a size, or a symbolic name (`batch_size`). */
export type Dimension = number | string;

export interface ValueInfo {
  readonly name: string;
  readonly elemType: DataType;
  /** Omitted: rank and sizes unknown (allowed for subgraph outputs). */
  readonly shape?: readonly Dimension[];
}

export interface Tensor {
  readonly name: string;
  readonly dataType: DataType;
  readonly dims: readonly number[];
  /** Little-endian element bytes. */
  readonly rawData: Uint8Array;
}

export type AttributeValue =
  | { readonly kind: 'int'; readonly value: number }
  | { readonly kind: 'float'; readonly value: number }
  | { readonly kind: 'ints'; readonly value: readonly number[] }
  | { readonly kind: 'tensor'; readonly value: Tensor }
  | { readonly kind: 'graph'; readonly value: Graph };

export interface Node {
  readonly opType: string;
  readonly name: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly attributes?: Readonly<Record<string, AttributeValue>>;
}

export interface Graph {
  readonly name: string;
  readonly nodes: readonly Node[];
  readonly initializers: readonly Tensor[];
  readonly inputs: readonly ValueInfo[];
  readonly outputs: readonly ValueInfo[];
}

export interface Model {
  readonly irVersion: number;
  readonly opsetVersion: number;
  readonly producerName: string;
  readonly producerVersion: string;
  readonly graph: Graph;
  /** `metadata_props` key/value pairs. */
  readonly metadata?: Readonly<Record<string, string>>;
}

/** `AttributeProto.AttributeType`. */
const ATTRIBUTE_TYPE = { float: 1, int: 2, tensor: 4, graph: 5, ints: 7 } as const;

function writeValueInfo(writer: ProtobufWriter, info: ValueInfo): void {
  writer.string(1, info.name);
  // TypeProto.tensor_type (1) → TypeProto.Tensor { elem_type (1), shape (2) }
  writer.message(2, (type) =>
    type.message(1, (tensor) => {
      tensor.varint(1, info.elemType);
      const { shape } = info;
      if (shape === undefined) return;
      tensor.message(2, (shapeProto) => {
        for (const dim of shape) {
          // TensorShapeProto.dim (1) → Dimension { dim_value (1) | dim_param (2) }
          shapeProto.message(1, (dimension) =>
            typeof dim === 'number' ? dimension.varint(1, dim) : dimension.string(2, dim),
          );
        }
      });
    }),
  );
}

function writeTensor(writer: ProtobufWriter, tensor: Tensor): void {
  if (tensor.dims.length > 0) writer.packedVarints(1, tensor.dims);
  writer.varint(2, tensor.dataType);
  writer.string(8, tensor.name);
  writer.bytes(9, tensor.rawData);
}

function writeAttribute(writer: ProtobufWriter, name: string, attribute: AttributeValue): void {
  writer.string(1, name);
  writer.varint(20, ATTRIBUTE_TYPE[attribute.kind]);
  switch (attribute.kind) {
    case 'float':
      writer.float(2, attribute.value);
      break;
    case 'int':
      writer.varint(3, attribute.value);
      break;
    case 'tensor':
      writer.message(5, (tensor) => {
        writeTensor(tensor, attribute.value);
      });
      break;
    case 'graph':
      writer.message(6, (graph) => {
        writeGraph(graph, attribute.value);
      });
      break;
    case 'ints':
      writer.packedVarints(8, attribute.value);
      break;
  }
}

function writeNode(writer: ProtobufWriter, node: Node): void {
  for (const input of node.inputs) writer.string(1, input);
  for (const output of node.outputs) writer.string(2, output);
  writer.string(3, node.name);
  writer.string(4, node.opType);
  for (const [name, attribute] of Object.entries(node.attributes ?? {})) {
    writer.message(5, (message) => {
      writeAttribute(message, name, attribute);
    });
  }
}

function writeGraph(writer: ProtobufWriter, graph: Graph): void {
  for (const node of graph.nodes)
    writer.message(1, (message) => {
      writeNode(message, node);
    });
  writer.string(2, graph.name);
  for (const tensor of graph.initializers)
    writer.message(5, (message) => {
      writeTensor(message, tensor);
    });
  for (const input of graph.inputs)
    writer.message(11, (message) => {
      writeValueInfo(message, input);
    });
  for (const output of graph.outputs)
    writer.message(12, (message) => {
      writeValueInfo(message, output);
    });
}

/** Encodes a `ModelProto`; the pieces concatenated are the `.onnx` file. */
export function encodeModel(model: Model): ProtobufWriter {
  const writer = new ProtobufWriter();
  writer.varint(1, model.irVersion);
  writer.string(2, model.producerName);
  writer.string(3, model.producerVersion);
  writer.message(7, (graph) => {
    writeGraph(graph, model.graph);
  });
  // OperatorSetIdProto { domain (1) = "" (the default ONNX domain), version (2) }
  writer.message(8, (opset) => opset.string(1, '').varint(2, model.opsetVersion));
  for (const [key, value] of Object.entries(model.metadata ?? {})) {
    // StringStringEntryProto { key (1), value (2) }
    writer.message(14, (entry) => entry.string(1, key).string(2, value));
  }
  return writer;
}
