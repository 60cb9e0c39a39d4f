import { formatMergesTxt, formatVocabJson, trainBpe } from '@fewshot/tokenizer';
import { type TorchTensor, writeTorchCheckpoint } from './torch-writer.js';

/** How a tiny checkpoint is stored: every way the Hub's GPT-2 and GPT-Neo repos come. */
export interface CheckpointVariant {
  readonly format: 'safetensors' | 'sharded' | 'pytorch';
  readonly dtype: 'F32' | 'F16' | 'BF16';
  /** Names under `transformer.` (as `…LMHeadModel` saves them) or bare. */
  readonly prefix: boolean;
  /** Attention-mask buffers beside the weights. */
  readonly buffers: 'none' | 'BOOL' | 'U8';
  /** No `lm_head.weight`, one equal to the embedding (tied), or its own with `tie_word_embeddings: false`. */
  readonly lmHead: 'none' | 'tied' | 'untied';
}

export const PLAIN: CheckpointVariant = {
  format: 'safetensors',
  dtype: 'F32',
  prefix: true,
  buffers: 'none',
  lmHead: 'none',
};

export const TINY = { vocab: 300, positions: 32, d: 16, layers: 2, heads: 2, window: 4 } as const;
/** `<|endoftext|>`: the last id of the tiny tokenizer. */
export const TINY_EOS = TINY.vocab - 1;

type Family = 'gpt2' | 'gpt_neo';
interface Tensor {
  readonly shape: readonly number[];
  readonly values: Float32Array;
}

/**
 * The files of a tiny model repo (`config.json`, a byte-level BPE `vocab.json`/`merges.txt` of
 * 300 tokens, and weights as `variant` says), with weights that are multiples of 1/64 so F16
 * and BF16 hold them exactly: every variant of a family is the same model.
 */
export function tinyRepoFiles(
  family: Family,
  variant: CheckpointVariant = PLAIN,
  generationConfig?: Record<string, unknown>,
): Record<string, Uint8Array> {
  const encode = (text: string): Uint8Array => new TextEncoder().encode(text);
  const tokenizer = trainBpe(TOKENIZER_CORPUS, { vocabSize: TINY.vocab });
  const files: Record<string, Uint8Array> = {
    'config.json': encode(
      JSON.stringify({ ...tinyConfig(family), ...(variant.lmHead === 'untied' ? { tie_word_embeddings: false } : {}) }),
    ),
    'vocab.json': encode(formatVocabJson(tokenizer)),
    'merges.txt': encode(formatMergesTxt(tokenizer)),
    'README.md': encode(`# tiny ${family}\n`),
  };
  if (generationConfig !== undefined) files['generation_config.json'] = encode(JSON.stringify(generationConfig));
  const tensors = tinyTensors(family, variant);
  if (variant.format === 'pytorch') {
    const torch = new Map<string, TorchTensor>();
    for (const [name, tensor] of tensors) {
      const tied = name === 'lm_head.weight' && variant.lmHead === 'tied';
      torch.set(name, { ...encodeTensor(tensor, name), ...(tied ? { sameStorageAs: [...tensors.keys()][0] } : {}) });
    }
    files['pytorch_model.bin'] = writeTorchCheckpoint(torch);
  } else if (variant.format === 'sharded') {
    const names = [...tensors.keys()];
    const half = Math.ceil(names.length / 2);
    const shards = [names.slice(0, half), names.slice(half)];
    const weightMap: Record<string, string> = {};
    shards.forEach((shard, i) => {
      const file = `model-0000${i + 1}-of-00002.safetensors`;
      for (const name of shard) weightMap[name] = file;
      files[file] = safetensorsFile(shard.map((name) => [name, encodeTensor(tensors.get(name) ?? EMPTY, name)]));
    });
    files['model.safetensors.index.json'] = encode(
      JSON.stringify({ metadata: { total_size: 0 }, weight_map: weightMap }),
    );
  } else {
    files['model.safetensors'] = safetensorsFile(
      [...tensors].map(([name, tensor]) => [name, encodeTensor(tensor, name)]),
    );
  }
  return files;

  function encodeTensor(tensor: Tensor, name: string): TorchTensor {
    if (/\.(attention\.)?bias$/.test(name) && tensor.shape.length === 4) {
      return {
        dtype: variant.buffers === 'U8' ? 'U8' : 'BOOL',
        shape: tensor.shape,
        bytes: Uint8Array.from(tensor.values),
      };
    }
    if (tensor.shape.length === 0)
      return { dtype: 'F32', shape: tensor.shape, bytes: new Uint8Array(tensor.values.buffer.slice(0)) };
    return { dtype: variant.dtype, shape: tensor.shape, bytes: encodeFloats(tensor.values, variant.dtype) };
  }
}

const EMPTY: Tensor = { shape: [0], values: new Float32Array() };

const TOKENIZER_CORPUS = 'the cat sat on the mat. the dog sat on the log. a cat and a dog. '.repeat(20);

function tinyConfig(family: Family): Record<string, unknown> {
  const { vocab, positions, d, layers, heads, window } = TINY;
  if (family === 'gpt2') {
    return {
      architectures: ['GPT2LMHeadModel'],
      model_type: 'gpt2',
      vocab_size: vocab,
      n_positions: positions,
      n_ctx: positions,
      n_embd: d,
      n_layer: layers,
      n_head: heads,
      activation_function: 'gelu_new',
      layer_norm_epsilon: 1e-5,
      bos_token_id: TINY_EOS,
      eos_token_id: TINY_EOS,
    };
  }
  return {
    architectures: ['GPTNeoForCausalLM'],
    model_type: 'gpt_neo',
    vocab_size: vocab,
    max_position_embeddings: positions,
    hidden_size: d,
    num_layers: layers,
    num_heads: heads,
    window_size: window,
    attention_types: [[['global', 'local'], layers / 2]],
    activation_function: 'gelu_new',
    layer_norm_epsilon: 1e-5,
    bos_token_id: TINY_EOS,
    eos_token_id: TINY_EOS,
  };
}

/** The tensors under their stored names, in the order transformers saves them. */
function tinyTensors(family: Family, variant: CheckpointVariant): Map<string, Tensor> {
  const { vocab, positions, d, layers } = TINY;
  let state = family === 'gpt2' ? 11 : 23;
  // Multiples of 1/64 in [-0.5, 0.5]: exact in F16 and BF16.
  const random = (): number => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return (Math.floor((state / 2 ** 31) * 65) - 32) / 64;
  };
  const tensor = (shape: number[], offset = 0): Tensor => ({
    shape,
    values: Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => offset + random()),
  });
  const prefix = variant.prefix ? 'transformer.' : '';
  const entries: [string, Tensor][] = [
    [`${prefix}wte.weight`, tensor([vocab, d])],
    [`${prefix}wpe.weight`, tensor([positions, d])],
  ];
  const mask: Tensor = {
    shape: [1, 1, positions, positions],
    values: Float32Array.from({ length: positions ** 2 }, (_, i) =>
      i % positions <= Math.floor(i / positions) ? 1 : 0,
    ),
  };
  for (let layer = 0; layer < layers; layer++) {
    const h = `${prefix}h.${layer}`;
    entries.push([`${h}.ln_1.weight`, tensor([d], 1)], [`${h}.ln_1.bias`, tensor([d])]);
    if (family === 'gpt2') {
      if (variant.buffers !== 'none')
        entries.push([`${h}.attn.bias`, mask], [`${h}.attn.masked_bias`, { shape: [], values: Float32Array.of(-1e4) }]);
      entries.push([`${h}.attn.c_attn.weight`, tensor([d, 3 * d])], [`${h}.attn.c_attn.bias`, tensor([3 * d])]);
      entries.push([`${h}.attn.c_proj.weight`, tensor([d, d])], [`${h}.attn.c_proj.bias`, tensor([d])]);
    } else {
      if (variant.buffers !== 'none')
        entries.push(
          [`${h}.attn.attention.bias`, mask],
          [`${h}.attn.attention.masked_bias`, { shape: [], values: Float32Array.of(-1e9) }],
        );
      for (const part of ['k', 'v', 'q']) entries.push([`${h}.attn.attention.${part}_proj.weight`, tensor([d, d])]);
      entries.push(
        [`${h}.attn.attention.out_proj.weight`, tensor([d, d])],
        [`${h}.attn.attention.out_proj.bias`, tensor([d])],
      );
    }
    entries.push([`${h}.ln_2.weight`, tensor([d], 1)], [`${h}.ln_2.bias`, tensor([d])]);
    const [fc, proj] =
      family === 'gpt2'
        ? [
            [d, 4 * d],
            [4 * d, d],
          ]
        : [
            [4 * d, d],
            [d, 4 * d],
          ];
    entries.push([`${h}.mlp.c_fc.weight`, tensor(fc)], [`${h}.mlp.c_fc.bias`, tensor([4 * d])]);
    entries.push([`${h}.mlp.c_proj.weight`, tensor(proj)], [`${h}.mlp.c_proj.bias`, tensor([d])]);
  }
  entries.push([`${prefix}ln_f.weight`, tensor([d], 1)], [`${prefix}ln_f.bias`, tensor([d])]);
  const wte = entries[0]?.[1] ?? EMPTY;
  if (variant.lmHead === 'tied') entries.push(['lm_head.weight', wte]);
  if (variant.lmHead === 'untied') entries.push(['lm_head.weight', tensor([vocab, d])]);
  return new Map(entries);
}

function encodeFloats(values: Float32Array, dtype: 'F32' | 'F16' | 'BF16'): Uint8Array {
  if (dtype === 'F32') return new Uint8Array(Float32Array.from(values).buffer);
  const bits = new Uint32Array(Float32Array.from(values).buffer);
  if (dtype === 'BF16') return new Uint8Array(Uint16Array.from(bits, (value) => value >>> 16).buffer);
  // binary16 of a value exact in it (|v| ≥ 2^-14 or 0): sign, exponent rebiased 127 → 15, top 10 mantissa bits.
  return new Uint8Array(
    Uint16Array.from(bits, (value) => {
      const exponent = (value >>> 23) & 0xff;
      return exponent === 0
        ? (value >>> 16) & 0x8000
        : ((value >>> 16) & 0x8000) | ((exponent - 112) << 10) | ((value >>> 13) & 0x3ff);
    }).buffer,
  );
}

/** A safetensors file from raw tensors, tensors in the order given. */
function safetensorsFile(entries: readonly [string, TorchTensor][]): Uint8Array {
  const header: Record<string, unknown> = { __metadata__: { format: 'pt' } };
  let offset = 0;
  for (const [name, tensor] of entries) {
    header[name] = {
      dtype: tensor.dtype,
      shape: tensor.shape,
      data_offsets: [offset, offset + tensor.bytes.byteLength],
    };
    offset += tensor.bytes.byteLength;
  }
  const json = new TextEncoder().encode(
    JSON.stringify(header).padEnd(Math.ceil(JSON.stringify(header).length / 8) * 8, ' '),
  );
  const out = new Uint8Array(8 + json.byteLength + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.byteLength), true);
  out.set(json, 8);
  let at = 8 + json.byteLength;
  for (const [, tensor] of entries) {
    out.set(tensor.bytes, at);
    at += tensor.bytes.byteLength;
  }
  return out;
}
