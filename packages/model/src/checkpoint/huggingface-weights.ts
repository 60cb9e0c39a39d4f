import type { HuggingFaceModelType, ModelConfig } from '@fewshot/config';
import { BLOCK_WEIGHT_NAMES } from '../layers/transformer-block.js';
import { CheckpointError } from './checkpoint-error.js';
import { FLOAT_DTYPES } from './safetensors-dtype.js';
import { type StoredTensor, type TensorData, elementCount, transpose2d } from './tensor-data.js';

/**
 * How a Hugging Face checkpoint stores one of our weights. Ours are GPT-2's names and layout
 * (projections `[in, out]`, like its Conv1D); GPT-Neo's Linear layers are `[out, in]` and its
 * query/key/value projections are three matrices where GPT-2 has one.
 */
interface WeightMapping {
  /** Our name (see `GptModel.namedWeights`). */
  readonly ours: string;
  /** Our shape. */
  readonly shape: readonly number[];
  /** The checkpoint's names, without the optional `transformer.` prefix. */
  readonly theirs: readonly string[];
  /**
   * `same`; `transposed` (`[out, in]`); `stacked`: ours `[d, 3d]` is q, k, v each `[d, d]` transposed, side by side.
   */
  readonly layout: 'same' | 'transposed' | 'stacked';
}

/**
 * Attention-mask buffers published checkpoints carry (GPT-2's `h.N.attn.bias`/`masked_bias`,
 * GPT-Neo's `h.N.attn.attention.bias`/`masked_bias`, of any dtype): not weights, never read.
 */
const MASK_BUFFER = /^h\.\d+\.attn\.(attention\.)?(bias|masked_bias)$/;
const LM_HEAD = 'lm_head.weight';

function weightMappings(config: ModelConfig, modelType: HuggingFaceModelType): WeightMapping[] {
  const { dModel: d, dFf, vocabSize } = config;
  const shapes: Record<(typeof BLOCK_WEIGHT_NAMES)[number], number[]> = {
    'ln_1.weight': [d],
    'ln_1.bias': [d],
    'attn.c_attn.weight': [d, 3 * d],
    'attn.c_attn.bias': [3 * d],
    'attn.c_proj.weight': [d, d],
    'attn.c_proj.bias': [d],
    'ln_2.weight': [d],
    'ln_2.bias': [d],
    'mlp.c_fc.weight': [d, dFf],
    'mlp.c_fc.bias': [dFf],
    'mlp.c_proj.weight': [dFf, d],
    'mlp.c_proj.bias': [d],
  };
  const mappings: WeightMapping[] = [
    { ours: 'wte.weight', shape: [vocabSize, d], theirs: ['wte.weight'], layout: 'same' },
    { ours: 'wpe.weight', shape: [config.contextLength, d], theirs: ['wpe.weight'], layout: 'same' },
  ];
  config.attention.forEach((_, layer) => {
    const h = `h.${layer}`;
    for (const name of BLOCK_WEIGHT_NAMES) {
      if (name === 'attn.c_attn.bias' && !config.qkvBias) continue;
      const mapping = { ours: `${h}.${name}`, shape: shapes[name] };
      if (modelType === 'gpt2' || name.startsWith('ln_')) {
        mappings.push({ ...mapping, theirs: [`${h}.${name}`], layout: 'same' });
      } else if (name === 'attn.c_attn.weight') {
        const theirs = ['q', 'k', 'v'].map((part) => `${h}.attn.attention.${part}_proj.weight`);
        mappings.push({ ...mapping, theirs, layout: 'stacked' });
      } else {
        const theirName = name.startsWith('attn.c_proj')
          ? `${h}.attn.attention.out_proj.${name.split('.').at(-1) ?? ''}`
          : `${h}.${name}`;
        mappings.push({ ...mapping, theirs: [theirName], layout: name.endsWith('.weight') ? 'transposed' : 'same' });
      }
    }
  });
  if (config.layerNormPosition === 'pre') {
    mappings.push({ ours: 'ln_f.weight', shape: [d], theirs: ['ln_f.weight'], layout: 'same' });
    mappings.push({ ours: 'ln_f.bias', shape: [d], theirs: ['ln_f.bias'], layout: 'same' });
  }
  if (!config.tieEmbeddings) {
    mappings.push({ ours: LM_HEAD, shape: [d, vocabSize], theirs: [LM_HEAD], layout: 'transposed' });
  }
  return mappings;
}

/** The shape the checkpoint stores each of `mapping.theirs` in. */
function theirShape(mapping: WeightMapping): readonly number[] {
  const [rows = 0, cols = 0] = mapping.shape;
  switch (mapping.layout) {
    case 'same':
      return mapping.shape;
    case 'transposed':
      return [cols, rows];
    case 'stacked':
      return [rows, rows];
  }
}

/**
 * Our weights from a Hugging Face checkpoint's tensors (`gpt2` or `gpt_neo` names and layouts;
 * the `transformer.` prefix optional; mask buffers skipped; `lm_head.weight` used when the config
 * unties it, and when it ties it accepted only if equal to `wte.weight`). Every tensor is checked
 * first: missing and unexpected names are all listed; a wrong shape, a dtype that is not a float
 * and a value that is not finite are named with the tensor. `fileOf` names a tensor's file.
 */
export function fromHuggingFaceTensors(
  tensors: ReadonlyMap<string, TensorData>,
  config: ModelConfig,
  modelType: HuggingFaceModelType,
  fileOf: (name: string) => string,
): Map<string, TensorData> {
  const byName = new Map<string, { tensor: TensorData; stored: string }>();
  for (const [stored, tensor] of tensors) {
    const name = stored.startsWith('transformer.') ? stored.slice('transformer.'.length) : stored;
    if (byName.has(name))
      throw new CheckpointError(fileOf(stored), stored, `is stored both with and without the "transformer." prefix`);
    byName.set(name, { tensor, stored });
  }
  const mappings = weightMappings(config, modelType);
  const wanted = new Set(mappings.flatMap((mapping) => mapping.theirs));
  const missing = [...wanted].filter((name) => !byName.has(name));
  const unexpected = [...byName.entries()]
    .filter(([name]) => !wanted.has(name) && !MASK_BUFFER.test(name) && !(name === LM_HEAD && config.tieEmbeddings))
    .map(([, { stored }]) => stored);
  if (missing.length > 0 || unexpected.length > 0) {
    const files = [...new Set([...tensors.keys()].map(fileOf))].join(', ') || 'checkpoint';
    const parts = [
      missing.length > 0 ? `missing tensors: ${missing.join(', ')}` : '',
      unexpected.length > 0 ? `unexpected tensors: ${unexpected.join(', ')}` : '',
    ];
    throw new CheckpointError(
      files,
      undefined,
      `does not fit a ${modelType} model of this config; ${parts.filter(Boolean).join('; ')}`,
    );
  }
  const weights = new Map<string, TensorData>();
  for (const mapping of mappings) {
    const sources = mapping.theirs.map((name) => {
      const found = byName.get(name);
      if (found === undefined) throw new Error(`unreachable: ${name} was checked to be present`);
      const expected = theirShape(mapping);
      if (JSON.stringify(found.tensor.shape) !== JSON.stringify(expected)) {
        throw new CheckpointError(
          fileOf(found.stored),
          found.stored,
          `has shape ${JSON.stringify(found.tensor.shape)}, expected ${JSON.stringify(expected)}`,
        );
      }
      checkWeightValues(found.tensor, (fault) => new CheckpointError(fileOf(found.stored), found.stored, fault));
      return found.tensor;
    });
    weights.set(mapping.ours, toOurLayout(mapping, sources));
  }
  const lmHead = byName.get(LM_HEAD);
  const embedding = byName.get('wte.weight');
  const untiedHead = lmHead !== undefined && embedding !== undefined && !sameValues(lmHead.tensor, embedding.tensor);
  if (config.tieEmbeddings && untiedHead) {
    throw new CheckpointError(
      fileOf(lmHead.stored),
      lmHead.stored,
      `differs from ${embedding.stored} but config.json ties them (tie_word_embeddings is true or unset); ` +
        'set it to false to use this head',
    );
  }
  return weights;
}

/** Refuses a weight stored as integers or booleans, or holding NaN or ±Infinity (it would poison every score). */
function checkWeightValues(tensor: TensorData, error: (fault: string) => CheckpointError): void {
  const { dtype } = tensor as Partial<StoredTensor>;
  if (dtype !== undefined && !FLOAT_DTYPES.includes(dtype)) {
    throw error(`has dtype ${dtype}; a weight must be one of ${FLOAT_DTYPES.join(', ')}`);
  }
  const { data, shape } = tensor;
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) {
      const stride = (axis: number): number => shape.slice(axis + 1).reduce((a, b) => a * b, 1);
      const index = shape.map((size, axis) => Math.floor(i / stride(axis)) % size);
      throw error(`holds ${String(data[i])} at [${index.join(', ')}]; weights must be finite`);
    }
  }
}

function sameValues(a: TensorData, b: TensorData): boolean {
  if (JSON.stringify(a.shape) !== JSON.stringify(b.shape)) return false;
  for (let i = 0; i < a.data.length; i++) if (a.data[i] !== b.data[i]) return false;
  return true;
}

/**
 * Our weights → the tensors of a Hugging Face checkpoint, under `transformer.`-prefixed names as transformers saves
 * them.
 */
export function toHuggingFaceTensors(
  weights: ReadonlyMap<string, TensorData>,
  config: ModelConfig,
  modelType: HuggingFaceModelType,
): Map<string, TensorData> {
  const tensors = new Map<string, TensorData>();
  for (const mapping of weightMappings(config, modelType)) {
    const ours = weights.get(mapping.ours);
    if (ours === undefined) throw new Error(`weights: "${mapping.ours}" is missing`);
    toTheirLayout(mapping, ours).forEach((tensor, i) => {
      const name = mapping.theirs[i] ?? '';
      tensors.set(name === LM_HEAD ? name : `transformer.${name}`, tensor);
    });
  }
  return tensors;
}

function toOurLayout(mapping: WeightMapping, sources: readonly TensorData[]): TensorData {
  const [first] = sources;
  if (first === undefined) throw new Error(`unreachable: ${mapping.ours} has no source`);
  switch (mapping.layout) {
    case 'same':
      return first;
    case 'transposed':
      return transpose2d(first);
    case 'stacked': {
      const [d = 0] = mapping.shape;
      const out = new Float32Array(elementCount(mapping.shape));
      sources.forEach((source, part) => {
        for (let o = 0; o < d; o++)
          for (let i = 0; i < d; i++) out[i * 3 * d + part * d + o] = source.data[o * d + i] ?? 0;
      });
      return { shape: mapping.shape, data: out };
    }
  }
}

function toTheirLayout(mapping: WeightMapping, ours: TensorData): TensorData[] {
  switch (mapping.layout) {
    case 'same':
      return [ours];
    case 'transposed':
      return [transpose2d(ours)];
    case 'stacked': {
      const [d = 0] = mapping.shape;
      return [0, 1, 2].map((part) => {
        const data = new Float32Array(d * d);
        for (let o = 0; o < d; o++)
          for (let i = 0; i < d; i++) data[o * d + i] = ours.data[i * 3 * d + part * d + o] ?? 0;
        return { shape: [d, d], data };
      });
    }
  }
}
