import type { ModelConfig } from '@fewshot/config';
import * as tf from '@tensorflow/tfjs-core';
import { type MeasureOptions, measureInterleaved } from '../../framework/measure.js';
import type { Summary } from '../../framework/stats.js';

/** One matrix product `[m × k] · [k × n]`, and how many of it one forward pass runs. */
export interface MatMulShape {
  readonly label: string;
  readonly m: number;
  readonly k: number;
  readonly n: number;
  readonly count: number;
}

/** FLOPs of one product (a multiply and an add per term). */
export const matMulFlops = ({ m, k, n }: MatMulShape): number => 2 * m * k * n;

/**
 * The projections of a forward pass over `tokens` positions of `config`, as plain 2-D
 * products: per layer the fused q/k/v, the attention output, the two MLP matrices; then the
 * LM head. Attention's own products (scores and weighted values) are left out: they are what
 * sparse patterns change, and are measured by the attention suite.
 */
export function modelMatMulShapes(config: ModelConfig, tokens: number): MatMulShape[] {
  const { dModel: d, dFf, nLayer, vocabSize } = config;
  return [
    { label: 'q/k/v', m: tokens, k: d, n: 3 * d, count: nLayer },
    { label: 'attention out', m: tokens, k: d, n: d, count: nLayer },
    { label: 'MLP up', m: tokens, k: d, n: dFf, count: nLayer },
    { label: 'MLP down', m: tokens, k: dFf, n: d, count: nLayer },
    { label: 'LM head', m: tokens, k: d, n: vocabSize, count: 1 },
  ];
}

/** Milliseconds per product on the active backend (WASM and CPU run kernels synchronously). */
export function timeMatMul(shape: MatMulShape, options: MeasureOptions): Summary {
  const a = tf.randomNormal([shape.m, shape.k]);
  const b = tf.randomNormal([shape.k, shape.n]);
  const timings = measureInterleaved(
    [
      {
        name: shape.label,
        run: () => {
          tf.matMul(a, b).dispose();
        },
      },
    ],
    options,
  );
  a.dispose();
  b.dispose();
  return timings.get(shape.label)!;
}

/** GFLOP/s of the model's matMuls at `tokens` positions, weighting each shape by how often a forward pass runs it. */
export function matMulCeiling(
  config: ModelConfig,
  tokens: number,
  options: MeasureOptions,
): { gflops: number; rows: { shape: MatMulShape; ms: number }[] } {
  const rows = modelMatMulShapes(config, tokens).map((shape) => ({ shape, ms: timeMatMul(shape, options).median }));
  const flops = rows.reduce((sum, { shape }) => sum + shape.count * matMulFlops(shape), 0);
  const ms = rows.reduce((sum, { shape, ms: time }) => sum + shape.count * time, 0);
  return { gflops: flops / ms / 1e6, rows };
}

/**
 * The matrix products of one forward pass over `tokens` positions, as a runnable workload: every
 * projection shape `count` times on random operands. Timed interleaved with the real forward
 * pass, it gives the matMul ceiling under the same load, so noise from other processes hits
 * both alike and the model's share of the ceiling stays meaningful on a busy machine.
 */
export function matMulWorkload(
  config: ModelConfig,
  tokens: number,
): { readonly flops: number; run(): void; dispose(): void } {
  const operands = modelMatMulShapes(config, tokens).map((shape) => ({
    shape,
    a: tf.randomNormal([shape.m, shape.k]),
    b: tf.randomNormal([shape.k, shape.n]),
  }));
  return {
    flops: operands.reduce((sum, { shape }) => sum + shape.count * matMulFlops(shape), 0),
    run() {
      for (const { shape, a, b } of operands) for (let i = 0; i < shape.count; i++) tf.matMul(a, b).dispose();
    },
    dispose() {
      for (const { a, b } of operands) tf.dispose([a, b]);
    },
  };
}
