import { type ModelConfig, attends } from '@fewshot/config';

/** A checkpoint tensor as Hugging Face stores it. */
export interface RawTensor {
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

/**
 * A float64 forward pass written from the Hugging Face modelling code's definitions, reading
 * weights by their checkpoint names: GPT-2 (Conv1D `[in, out]`, optional `transformer.` prefix)
 * or GPT-Neo (Linear `[out, in]`, separate q/k/v without bias). Plain loops, no TensorFlow.js,
 * so it is an expectation independent of the code under test. Returns log-softmax rows;
 * `onAttention`, when given, sees every attention probability as it is computed.
 */
export function referenceLogProbs(
  tensors: ReadonlyMap<string, RawTensor>,
  config: ModelConfig,
  modelType: 'gpt2' | 'gpt_neo',
  ids: readonly number[],
  onAttention?: (layer: number, head: number, query: number, key: number, probability: number) => void,
): Float64Array[] {
  const get = (name: string): RawTensor => {
    const tensor = tensors.get(name) ?? tensors.get(`transformer.${name}`);
    if (tensor === undefined) throw new Error(`reference: missing ${name}`);
    return tensor;
  };
  const d = config.dModel;
  const heads = config.nHead;
  const hs = d / heads;
  // y = x·W + b with W stored [in, out] (Conv1D) or [out, in] (Linear).
  const project = (
    x: Float64Array,
    weight: string,
    bias: string | undefined,
    layout: 'in-out' | 'out-in',
  ): Float64Array => {
    const w = get(weight);
    const [a = 0, b = 0] = w.shape;
    const [inSize, outSize] = layout === 'in-out' ? [a, b] : [b, a];
    const y = new Float64Array(outSize);
    for (let o = 0; o < outSize; o++) {
      let sum = bias === undefined ? 0 : (get(bias).data[o] ?? 0);
      for (let i = 0; i < inSize; i++) {
        sum += (x[i] ?? 0) * (w.data[layout === 'in-out' ? i * outSize + o : o * inSize + i] ?? 0);
      }
      y[o] = sum;
    }
    return y;
  };
  const norm = (x: Float64Array, prefix: string): Float64Array => {
    const mean = x.reduce((s, v) => s + v, 0) / x.length;
    const variance = x.reduce((s, v) => s + (v - mean) ** 2, 0) / x.length;
    const g = get(`${prefix}.weight`).data;
    const b = get(`${prefix}.bias`).data;
    return x.map((v, i) => ((v - mean) / Math.sqrt(variance + config.layerNormEpsilon)) * (g[i] ?? 0) + (b[i] ?? 0));
  };
  const gelu = (x: number): number => 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3)));

  let hidden = ids.map((id, t) => {
    const row = new Float64Array(d);
    for (let i = 0; i < d; i++)
      row[i] = (get('wte.weight').data[id * d + i] ?? 0) + (get('wpe.weight').data[t * d + i] ?? 0);
    return row;
  });
  config.attention.forEach((pattern, layer) => {
    const h = `h.${layer}`;
    const normed = hidden.map((x) => norm(x, `${h}.ln_1`));
    let q: Float64Array[], k: Float64Array[], v: Float64Array[];
    if (modelType === 'gpt2') {
      const qkv = normed.map((x) => project(x, `${h}.attn.c_attn.weight`, `${h}.attn.c_attn.bias`, 'in-out'));
      [q, k, v] = [0, 1, 2].map((part) => qkv.map((row) => row.slice(part * d, (part + 1) * d))) as [
        Float64Array[],
        Float64Array[],
        Float64Array[],
      ];
    } else {
      [q, k, v] = ['q', 'k', 'v'].map((name) =>
        normed.map((x) => project(x, `${h}.attn.attention.${name}_proj.weight`, undefined, 'out-in')),
      ) as [Float64Array[], Float64Array[], Float64Array[]];
    }
    const scale = config.scaleAttentionScores ? 1 / Math.sqrt(hs) : 1;
    const attended = ids.map((_, i) => {
      const out = new Float64Array(d);
      for (let head = 0; head < heads; head++) {
        const scores: [number, number][] = [];
        for (let j = 0; j <= i; j++) {
          if (!attends(pattern, i, j)) continue;
          let dot = 0;
          for (let c = head * hs; c < (head + 1) * hs; c++) dot += (q[i]?.[c] ?? 0) * (k[j]?.[c] ?? 0);
          scores.push([j, dot * scale]);
        }
        const max = Math.max(...scores.map(([, s]) => s));
        const total = scores.reduce((sum, [, s]) => sum + Math.exp(s - max), 0);
        for (const [j, s] of scores) {
          const p = Math.exp(s - max) / total;
          onAttention?.(layer, head, i, j, p);
          for (let c = head * hs; c < (head + 1) * hs; c++) out[c] = (out[c] ?? 0) + p * (v[j]?.[c] ?? 0);
        }
      }
      return modelType === 'gpt2'
        ? project(out, `${h}.attn.c_proj.weight`, `${h}.attn.c_proj.bias`, 'in-out')
        : project(out, `${h}.attn.attention.out_proj.weight`, `${h}.attn.attention.out_proj.bias`, 'out-in');
    });
    hidden = hidden.map((x, t) => x.map((value, c) => value + (attended[t]?.[c] ?? 0)));
    const layout = modelType === 'gpt2' ? 'in-out' : 'out-in';
    hidden = hidden.map((x) => {
      const inner = project(norm(x, `${h}.ln_2`), `${h}.mlp.c_fc.weight`, `${h}.mlp.c_fc.bias`, layout).map(gelu);
      const mlp = project(inner, `${h}.mlp.c_proj.weight`, `${h}.mlp.c_proj.bias`, layout);
      return x.map((value, c) => value + (mlp[c] ?? 0));
    });
  });
  return hidden.map((x) => {
    const final = norm(x, 'ln_f');
    const logits = config.tieEmbeddings
      ? project(final, 'wte.weight', undefined, 'out-in')
      : project(final, 'lm_head.weight', undefined, 'out-in');
    const max = Math.max(...logits);
    const logTotal = Math.log(logits.reduce((sum, value) => sum + Math.exp(value - max), 0)) + max;
    return logits.map((value) => value - logTotal);
  });
}
