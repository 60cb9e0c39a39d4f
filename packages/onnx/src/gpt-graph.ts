import { type ModelConfig, describeAttentionPattern } from '@fewshot/config';
import type { TensorData } from '@fewshot/model';
import { GraphBuilder, Initializers, attr } from './graph-builder.js';
import { DataType, type Graph, type Model, type ValueInfo } from './onnx-proto.js';
import { OnnxExportError } from './onnx-export-error.js';

/** ONNX IR version 8 with opset 17 (ONNX 1.12): LayerNormalization is a standard op from opset 17. */
export const IR_VERSION = 8;
export const OPSET_VERSION = 17;

/** Score of a masked (query, key) pair before the softmax: float32's lowest, as Hugging Face masks. */
const MASKED_SCORE = -3.4028234663852886e38;

export interface GptGraphOptions {
  /**
   * `true`: Optimum's `decoder_model_merged` — an `If` on the `use_cache_branch` input runs the
   * branch that reads `past_key_values.*` or the one that ignores them. `false`: one graph that
   * always reads them (an empty past on the first call), as Optimum's `model.onnx`.
   */
  readonly merged: boolean;
  readonly producerVersion: string;
}

/** Names of the graph's inputs and outputs, as Optimum's GPT-2 export names them. */
export const pastName = (layer: number, part: 'key' | 'value'): string => `past_key_values.${layer}.${part}`;
export const presentName = (layer: number, part: 'key' | 'value'): string => `present.${layer}.${part}`;

/**
 * Patterns a graph can express: dense, and local (GPT-Neo's, a band of the last `window`
 * positions by position id); strided and fixed layers have no ONNX form here.
 */
export function checkExportable(config: ModelConfig): void {
  config.attention.forEach((pattern, i) => {
    if (pattern.type === 'strided' || pattern.type === 'fixed') {
      throw new OnnxExportError(
        `attention[${i}] = ${describeAttentionPattern(pattern)} cannot be exported to ONNX: ` +
          'only dense and local layers can',
      );
    }
  });
}

/**
 * The decoder of `config` with `weights` (the names of `GptModel.namedWeights`) as an ONNX model
 * in Optimum's GPT-2 layout: inputs `input_ids`, `attention_mask` (`[batch, past + sequence]`),
 * `position_ids`, `past_key_values.{i}.key|value` `[batch, heads, past, headSize]` (and
 * `use_cache_branch` when merged); outputs `logits` and `present.{i}.key|value`.
 */
export function buildGptGraph(
  config: ModelConfig,
  weights: ReadonlyMap<string, TensorData>,
  options: GptGraphOptions,
): Model {
  checkExportable(config);
  const initializers = new Initializers();
  const weight = (name: string): string => {
    const tensor = weights.get(name);
    if (tensor === undefined) throw new Error(`weights: "${name}" is missing`);
    return initializers.float(name, tensor.shape, tensor.data);
  };
  const read = (name: string): string | undefined => (weights.has(name) ? weight(name) : undefined);
  const shared = { config, weight, read, initializers };
  const outputs = graphOutputs(config);
  let graph: Graph;
  if (options.merged) {
    // Each branch computes every output; their names are branch-local, the If node's are the graph's.
    const branch = (name: string, usePast: boolean): Graph => {
      const builder = new GraphBuilder(name, initializers);
      const produced = decoderBody(builder, shared, usePast).map((output) => ({
        name: output,
        elemType: DataType.FLOAT,
      }));
      return { name, nodes: builder.nodes, initializers: [], inputs: [], outputs: produced };
    };
    const thenBranch = branch('with_past', true);
    const elseBranch = branch('without_past', false);
    const main = new GraphBuilder('main', initializers);
    main.opOutputs(
      'If',
      ['use_cache_branch'],
      outputs.length,
      {
        then_branch: { kind: 'graph', value: thenBranch },
        else_branch: { kind: 'graph', value: elseBranch },
      },
      outputs.map((output) => output.name),
    );
    graph = {
      name: 'decoder_model_merged',
      nodes: main.nodes,
      initializers: [],
      inputs: graphInputs(config, true),
      outputs,
    };
  } else {
    const main = new GraphBuilder('main', initializers);
    const produced = decoderBody(main, shared, true);
    produced.forEach((name, i) => main.op('Identity', [name], undefined, outputs[i]!.name));
    graph = { name: 'decoder_model', nodes: main.nodes, initializers: [], inputs: graphInputs(config, false), outputs };
  }
  const used = new Set(initializers.tensors.map((tensor) => tensor.name));
  const unused = [...weights.keys()].filter((name) => !used.has(name));
  if (unused.length > 0) throw new Error(`weights: ${JSON.stringify(unused)} are not part of a ${config.name} graph`);
  return {
    irVersion: IR_VERSION,
    opsetVersion: OPSET_VERSION,
    producerName: '@fewshot/onnx',
    producerVersion: options.producerVersion,
    graph: { ...graph, initializers: initializers.tensors },
  };
}

function graphInputs(config: ModelConfig, merged: boolean): ValueInfo[] {
  const { nHead, dModel } = config;
  const past = ['batch_size', nHead, 'past_sequence_length', dModel / nHead];
  return [
    { name: 'input_ids', elemType: DataType.INT64, shape: ['batch_size', 'sequence_length'] },
    {
      name: 'attention_mask',
      elemType: DataType.INT64,
      shape: ['batch_size', 'past_sequence_length + sequence_length'],
    },
    { name: 'position_ids', elemType: DataType.INT64, shape: ['batch_size', 'sequence_length'] },
    ...config.attention.flatMap((_, i) => [
      { name: pastName(i, 'key'), elemType: DataType.FLOAT, shape: past },
      { name: pastName(i, 'value'), elemType: DataType.FLOAT, shape: past },
    ]),
    ...(merged ? [{ name: 'use_cache_branch', elemType: DataType.BOOL, shape: [1] }] : []),
  ];
}

function graphOutputs(config: ModelConfig): ValueInfo[] {
  const { nHead, dModel, vocabSize } = config;
  const present = ['batch_size', nHead, 'past_sequence_length + sequence_length', dModel / nHead];
  return [
    { name: 'logits', elemType: DataType.FLOAT, shape: ['batch_size', 'sequence_length', vocabSize] },
    ...config.attention.flatMap((_, i) => [
      { name: presentName(i, 'key'), elemType: DataType.FLOAT, shape: present },
      { name: presentName(i, 'value'), elemType: DataType.FLOAT, shape: present },
    ]),
  ];
}

interface Shared {
  readonly config: ModelConfig;
  readonly weight: (name: string) => string;
  readonly read: (name: string) => string | undefined;
  readonly initializers: Initializers;
}

/**
 * The decoder's nodes; returns the names of `logits` then each layer's present key and value.
 * With `usePast`, each layer's keys and values follow its `past_key_values` inputs and
 * `attention_mask` spans past and new positions; without, the past inputs are not read and
 * `attention_mask` spans the new positions only (what Optimum's no-cache branch expects).
 */
function decoderBody(g: GraphBuilder, shared: Shared, usePast: boolean): string[] {
  const { config, weight, read, initializers: c } = shared;
  const { nHead, dModel, layerNormEpsilon: epsilon } = config;
  const headSize = dModel / nHead;
  const i64 = (...values: number[]): string => c.int64(values);

  // Sequence lengths: T new positions, K = past + T keys, P = K − T.
  const idsShape = g.op('Shape', ['input_ids']);
  const time = g.op('Gather', [idsShape, c.int64([1], true)], { axis: attr.int(0) });
  const keys = g.op('Gather', [g.op('Shape', ['attention_mask']), c.int64([1], true)], { axis: attr.int(0) });
  const past = g.op('Sub', [keys, time]);

  // keep[b, 0, t, j]: key j is earlier than or at query t (which sits at index P + t) and not padding.
  const one = c.int64([1], true);
  const keyIndex = g.op('Range', [c.int64([0], true), keys, one]);
  const queryIndex = g.op('Range', [past, keys, one]);
  const causal = g.op('LessOrEqual', [g.op('Unsqueeze', [keyIndex, i64(0)]), g.op('Unsqueeze', [queryIndex, i64(1)])]);
  const maskBool = g.op('Cast', ['attention_mask'], { to: attr.int(DataType.BOOL) });
  const keep = g.op('And', [g.op('Unsqueeze', [causal, i64(0, 1)]), g.op('Unsqueeze', [maskBool, i64(1, 2)])]);
  // Local layers band by position, counting unpadded slots only: key positions are the running
  // count of the mask, and a query's is that of its own slot (the last T).
  const bands = new Map<number, string>();
  let positions: { key: string; query: string } | undefined;
  const localKeep = (window: number): string => {
    const known = bands.get(window);
    if (known !== undefined) return known;
    if (positions === undefined) {
      const key = g.op('Sub', [g.op('CumSum', ['attention_mask', c.int64([1], true)]), one]);
      const query = g.op('Slice', [key, g.op('Unsqueeze', [past, i64(0)]), g.op('Unsqueeze', [keys, i64(0)]), i64(1)]);
      positions = { key, query };
    }
    const distance = g.op('Sub', [
      g.op('Unsqueeze', [positions.query, i64(1, 3)]),
      g.op('Unsqueeze', [positions.key, i64(1, 2)]),
    ]);
    const band = g.op('And', [keep, g.op('Less', [distance, c.int64([window], true)])]);
    bands.set(window, band);
    return band;
  };

  let x = g.op('Gather', [weight('wte.weight'), 'input_ids'], { axis: attr.int(0) });
  x = g.op('Add', [x, g.op('Gather', [weight('wpe.weight'), 'position_ids'], { axis: attr.int(0) })]);

  const layerNorm = (input: string, prefix: string): string =>
    g.op('LayerNormalization', [input, weight(`${prefix}.weight`), weight(`${prefix}.bias`)], {
      axis: attr.int(-1),
      epsilon: attr.float(epsilon),
    });
  const affine = (input: string, prefix: string): string => {
    const product = g.op('MatMul', [input, weight(`${prefix}.weight`)]);
    const bias = read(`${prefix}.bias`);
    return bias === undefined ? product : g.op('Add', [product, bias]);
  };
  const splitHeads = (input: string): string =>
    g.op('Transpose', [g.op('Reshape', [input, i64(0, 0, nHead, headSize)])], { perm: attr.ints([0, 2, 1, 3]) });

  const presents: string[] = [];
  config.attention.forEach((pattern, layer) => {
    const h = `h.${layer}`;
    const attentionInput = config.layerNormPosition === 'pre' ? layerNorm(x, `${h}.ln_1`) : x;
    const qkv = affine(attentionInput, `${h}.attn.c_attn`);
    const [qPart, kPart, vPart] = g.opOutputs('Split', [qkv, i64(dModel, dModel, dModel)], 3, {
      axis: attr.int(2),
    }) as [string, string, string];
    let q = splitHeads(qPart);
    let k = splitHeads(kPart);
    let v = splitHeads(vPart);
    if (usePast) {
      k = g.op('Concat', [pastName(layer, 'key'), k], { axis: attr.int(2) });
      v = g.op('Concat', [pastName(layer, 'value'), v], { axis: attr.int(2) });
    }
    presents.push(k, v);
    if (config.scaleAttentionScores) q = g.op('Mul', [q, c.floatScalar(1 / Math.sqrt(headSize))]);
    const scores = g.op('MatMul', [q, g.op('Transpose', [k], { perm: attr.ints([0, 1, 3, 2]) })]);
    const allowed = pattern.type === 'local' ? localKeep(pattern.window) : keep;
    const masked = g.op('Where', [allowed, scores, c.floatScalar(MASKED_SCORE)]);
    const probabilities = g.op('Softmax', [masked], { axis: attr.int(-1) });
    const heads = g.op('MatMul', [probabilities, v]);
    const merged = g.op('Reshape', [g.op('Transpose', [heads], { perm: attr.ints([0, 2, 1, 3]) }), i64(0, 0, dModel)]);
    x = g.op('Add', [x, affine(merged, `${h}.attn.c_proj`)]);
    if (config.layerNormPosition === 'post') x = layerNorm(x, `${h}.ln_1`);

    const mlpInput = config.layerNormPosition === 'pre' ? layerNorm(x, `${h}.ln_2`) : x;
    const hidden = activation(g, shared, affine(mlpInput, `${h}.mlp.c_fc`));
    x = g.op('Add', [x, affine(hidden, `${h}.mlp.c_proj`)]);
    if (config.layerNormPosition === 'post') x = layerNorm(x, `${h}.ln_2`);
  });

  if (config.layerNormPosition === 'pre') x = layerNorm(x, 'ln_f');
  const head = read('lm_head.weight') ?? g.op('Transpose', [weight('wte.weight')], { perm: attr.ints([1, 0]) });
  const logits = g.op('MatMul', [x, head]);
  return [logits, ...presents];
}

/** The feed-forward activation, as `activate` of @fewshot/model computes it. */
function activation(g: GraphBuilder, { config, initializers: c }: Shared, x: string): string {
  switch (config.activation) {
    case 'relu':
      return g.op('Relu', [x]);
    case 'gelu': {
      const erf = g.op('Erf', [g.op('Mul', [x, c.floatScalar(Math.SQRT1_2)])]);
      return g.op('Mul', [g.op('Mul', [x, c.floatScalar(0.5)]), g.op('Add', [erf, c.floatScalar(1)])]);
    }
    case 'gelu_new': {
      // x·(1 + tanh(√(2/π)(x + 0.044715x³)))/2
      const cube = g.op('Mul', [g.op('Mul', [x, x]), x]);
      const inner = g.op('Mul', [
        g.op('Add', [x, g.op('Mul', [cube, c.floatScalar(0.044715)])]),
        c.floatScalar(Math.sqrt(2 / Math.PI)),
      ]);
      const gate = g.op('Add', [g.op('Tanh', [inner]), c.floatScalar(1)]);
      return g.op('Mul', [g.op('Mul', [x, c.floatScalar(0.5)]), gate]);
    }
  }
}
