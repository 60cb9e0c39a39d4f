import { getPreset } from '@fewshot/config';
import { selectBackend } from '@fewshot/model';
import * as tf from '@tensorflow/tfjs-core';
import { renderBarChart } from '../../framework/bar-chart.js';
import { describeEnvironment, packageVersion } from '../../framework/environment.js';
import type { Suite, SuiteOptions, SuiteResult } from '../../framework/suite.js';
import { type MatMulShape, matMulFlops, modelMatMulShapes, timeMatMul } from './matmul-timing.js';

interface Measured {
  readonly backend: string;
  readonly tokens: number;
  readonly shape: MatMulShape;
  readonly ms: number;
  readonly gflops: number;
}

/**
 * TF.js matMul throughput on the shapes GPT-2 small / GPT-3 Small run, on WASM (every shape)
 * and the plain-JS CPU backend (the MLP product only: it is ~30× slower). It is the ceiling the
 * model suite compares its prefill with.
 */
export const matmulSuite: Suite = {
  name: 'matmul',
  description: 'TF.js matMul GFLOP/s on WASM and CPU for the GPT-2 small shapes',
  async run({ quick, log }: SuiteOptions): Promise<SuiteResult> {
    const config = getPreset('gpt2');
    const options = quick ? { warmup: 1, repeats: 3 } : { warmup: 2, repeats: 7 };
    const measured: Measured[] = [];
    const record = (backend: string, tokens: number, shape: MatMulShape): void => {
      const ms = timeMatMul(shape, backend === 'cpu' ? { warmup: 1, repeats: quick ? 1 : 3 } : options).median;
      const result = { backend, tokens, shape, ms, gflops: matMulFlops(shape) / ms / 1e6 };
      log(`${backend} [${shape.m}×${shape.k}]·[${shape.k}×${shape.n}] ${result.gflops.toFixed(1)} GFLOP/s`);
      measured.push(result);
    };

    await selectBackend('wasm');
    const wasmFlags = ['WASM_HAS_SIMD_SUPPORT', 'WASM_HAS_MULTITHREAD_SUPPORT'].map((flag) => `${flag}=${String(tf.env().getBool(flag))}`).join(', ');
    for (const tokens of quick ? [128] : [128, 512]) for (const shape of modelMatMulShapes(config, tokens)) record('wasm', tokens, shape);
    await selectBackend('cpu');
    const mlpUp = modelMatMulShapes(config, 128).find((shape) => shape.label === 'MLP up')!;
    record('cpu', 128, mlpUp);

    const environment = describeEnvironment();
    return {
      suite: 'matmul',
      inputs: {
        cpu: `${environment.cpu} × ${environment.cores}`,
        '@tensorflow/tfjs-core': packageVersion('@tensorflow/tfjs-core'),
        wasm: wasmFlags,
        repeats: `${options.repeats} (median; CPU backend ${quick ? 1 : 3})`,
      },
      tables: [
        {
          title: 'matMul throughput',
          rows: [
            ['backend', 'product', 'shape', 'ms', 'GFLOP/s'],
            ...measured.map(({ backend, shape, ms, gflops }) => [backend, shape.label, `[${shape.m}×${shape.k}]·[${shape.k}×${shape.n}]`, ms.toFixed(2), gflops.toFixed(1)]),
          ],
        },
      ],
      targets: [],
      data: { measured },
      files: [
        {
          name: 'matmul.svg',
          content: renderBarChart({
            title: 'TF.js matMul throughput, GPT-3 Small shapes',
            unit: 'GFLOP/s',
            groups: measured.map(({ backend, tokens, shape, gflops }) => ({ label: `${shape.label} [${tokens}×${shape.k}]·[${shape.k}×${shape.n}]`, bars: [{ series: backend, value: gflops }] })),
          }),
        },
      ],
    };
  },
};
