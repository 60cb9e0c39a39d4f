import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TensorData } from '../checkpoint/tensor-data.js';
import { writeSafetensors } from '../checkpoint/safetensors-writer.js';
import { randomValues, seededRandom } from './random.js';

export interface TinySizes {
  readonly vocab: number;
  readonly positions: number;
  readonly d: number;
  readonly layers: number;
  readonly heads: number;
}

/**
 * Random tensors under the names and shapes of a Hugging Face checkpoint, listed from the
 * modelling code (`GPT2Model`: Conv1D `[in, out]`; `GPTNeoModel`: Linear `[out, in]`, q/k/v
 * without bias), independent of our weight mapping.
 */
export function huggingFaceTensors(
  modelType: 'gpt2' | 'gpt_neo',
  sizes: TinySizes,
  seed: number,
): Map<string, TensorData> {
  const { vocab, positions, d, layers } = sizes;
  const random = seededRandom(seed);
  const shapes: [string, number[]][] = [
    ['wte.weight', [vocab, d]],
    ['wpe.weight', [positions, d]],
  ];
  for (let i = 0; i < layers; i++) {
    const h = `h.${i}`;
    shapes.push([`${h}.ln_1.weight`, [d]], [`${h}.ln_1.bias`, [d]], [`${h}.ln_2.weight`, [d]], [`${h}.ln_2.bias`, [d]]);
    if (modelType === 'gpt2') {
      shapes.push(
        [`${h}.attn.c_attn.weight`, [d, 3 * d]],
        [`${h}.attn.c_attn.bias`, [3 * d]],
        [`${h}.attn.c_proj.weight`, [d, d]],
        [`${h}.attn.c_proj.bias`, [d]],
        [`${h}.mlp.c_fc.weight`, [d, 4 * d]],
        [`${h}.mlp.c_fc.bias`, [4 * d]],
        [`${h}.mlp.c_proj.weight`, [4 * d, d]],
        [`${h}.mlp.c_proj.bias`, [d]],
      );
    } else {
      shapes.push(
        [`${h}.attn.attention.q_proj.weight`, [d, d]],
        [`${h}.attn.attention.k_proj.weight`, [d, d]],
        [`${h}.attn.attention.v_proj.weight`, [d, d]],
        [`${h}.attn.attention.out_proj.weight`, [d, d]],
        [`${h}.attn.attention.out_proj.bias`, [d]],
        [`${h}.mlp.c_fc.weight`, [4 * d, d]],
        [`${h}.mlp.c_fc.bias`, [4 * d]],
        [`${h}.mlp.c_proj.weight`, [d, 4 * d]],
        [`${h}.mlp.c_proj.bias`, [d]],
      );
    }
  }
  shapes.push(['ln_f.weight', [d]], ['ln_f.bias', [d]]);
  return new Map(
    shapes.map(([name, shape]) => {
      const count = shape.reduce((a, b) => a * b, 1);
      // LayerNorm gains around 1, everything else around 0, large enough for peaked distributions.
      const values = randomValues(
        random,
        count,
        name.endsWith('ln_1.weight') || name.endsWith('ln_2.weight') || name === 'ln_f.weight' ? 0.2 : 0.3,
      );
      if (/ln_[12f]\.weight$/.test(name)) values.forEach((value, i) => (values[i] = 1 + value));
      return [name, { shape, data: values }];
    }),
  );
}

/** A config.json as transformers writes it for these sizes. */
export function huggingFaceConfig(
  modelType: 'gpt2' | 'gpt_neo',
  sizes: TinySizes,
  window: number,
): Record<string, unknown> {
  if (modelType === 'gpt2') {
    return {
      architectures: ['GPT2LMHeadModel'],
      model_type: 'gpt2',
      vocab_size: sizes.vocab,
      n_positions: sizes.positions,
      n_embd: sizes.d,
      n_layer: sizes.layers,
      n_head: sizes.heads,
      activation_function: 'gelu_new',
      layer_norm_epsilon: 1e-5,
      bos_token_id: 0,
      eos_token_id: 0,
    };
  }
  return {
    architectures: ['GPTNeoForCausalLM'],
    model_type: 'gpt_neo',
    vocab_size: sizes.vocab,
    max_position_embeddings: sizes.positions,
    hidden_size: sizes.d,
    num_layers: sizes.layers,
    num_heads: sizes.heads,
    window_size: window,
    attention_types: [[['global', 'local'], sizes.layers / 2]],
    activation_function: 'gelu_new',
    layer_norm_epsilon: 1e-5,
  };
}

/** Writes `config.json` and `model.safetensors` (names given as stored) to a new temporary directory. */
export async function writeCheckpointDirectory(
  config: Record<string, unknown>,
  tensors: ReadonlyMap<string, TensorData>,
): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), 'fewshot-model-'));
  await writeFile(join(directory, 'config.json'), JSON.stringify(config));
  await writeFile(join(directory, 'model.safetensors'), writeSafetensors(tensors, 'model.safetensors'));
  return directory;
}

/** `tensors` with every name prefixed, as transformers saves a `…LMHeadModel`. */
export function withPrefix(tensors: ReadonlyMap<string, TensorData>, prefix: string): Map<string, TensorData> {
  return new Map([...tensors].map(([name, tensor]) => [`${prefix}${name}`, tensor]));
}
