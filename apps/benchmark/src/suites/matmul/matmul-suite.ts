import { type ModelConfig, getPreset } from '@fewshot/config';
import { selectBackend } from '@fewshot/model';
import * as tf from '@tensorflow/tfjs-core';
import { renderBarChart } from '../../framework/bar-chart.js';
import { describeEnvironment, packageVersion } from '../../framework/environment.js';
import type { Suite, SuiteOptions, SuiteResult } from '../../framework/suite.js';
import { type TargetCheck, checkCondition, notMeasured } from '../../framework/targets.js';
import { type MatMulShape, matMulFlops, modelMatMulShapes, timeMatMul } from './matmul-timing.js';
import { type OneDnnRow, compareOneDnn } from './onednn-comparison.js';

interface Measured {
  readonly backend: string;
  readonly tokens: number;
  readonly shape: MatMulShape;
  readonly ms: number;
  readonly gflops: number;
}

/**
 * TF.js matMul throughput on the shapes GPT-2 small / GPT-3 Small run, on WASM (every shape),
 * the plain-JS CPU backend (the MLP product only: it is ~30× slower) and, where tfjs-node loads,
 * native TensorFlow — with its oneDNN kernels off and on for decoding's single-row products and
 * a prefill's, so that the default `selectBackend` sets for `TF_ENABLE_ONEDNN_OPTS` is measured.
 * It is the ceiling the model suite compares its prefill with.
 */
export const matmulSuite: Suite = {
  name: 'matmul',
  description: 'TF.js matMul GFLOP/s on WASM, CPU and tfjs-node for the GPT-2 small shapes; oneDNN off vs on',
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
    const native = await measureNative(config, quick, record, log);

    const environment = describeEnvironment();
    return {
      suite: 'matmul',
      inputs: {
        cpu: `${environment.cpu} × ${environment.cores}`,
        '@tensorflow/tfjs-core': packageVersion('@tensorflow/tfjs-core'),
        wasm: wasmFlags,
        repeats: `${options.repeats} (median; CPU backend ${quick ? 1 : 3})`,
        tensorflow: native.absent ?? `tfjs-node, TF_ENABLE_ONEDNN_OPTS=${process.env.TF_ENABLE_ONEDNN_OPTS ?? 'unset'} in process`,
      },
      tables: [
        {
          title: 'matMul throughput',
          rows: [
            ['backend', 'product', 'shape', 'ms', 'GFLOP/s'],
            ...measured.map(({ backend, shape, ms, gflops }) => [backend, shape.label, `[${shape.m}×${shape.k}]·[${shape.k}×${shape.n}]`, ms.toFixed(2), gflops.toFixed(1)]),
          ],
        },
        ...(native.oneDnn.length === 0 ? [] : [oneDnnTable(native.oneDnn)]),
      ],
      targets: [native.target],
      data: { measured, oneDnn: native.oneDnn },
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

interface NativeResult {
  /** Why tfjs-node was not measured. */
  readonly absent?: string;
  readonly oneDnn: readonly OneDnnRow[];
  readonly target: TargetCheck;
}

const ONE_DNN_TARGET = 'tfjs-node default for TF_ENABLE_ONEDNN_OPTS is the faster one for single-row (decoding) products';

/** The tensorflow backend's products in this process, and oneDNN off vs on in child processes. */
async function measureNative(config: ModelConfig, quick: boolean, record: (backend: string, tokens: number, shape: MatMulShape) => void, log: (line: string) => void): Promise<NativeResult> {
  try {
    await selectBackend('tensorflow');
  } catch (error) {
    const absent = `not measured: ${(error as Error).message} (packages/model/scripts/build-tfjs-node.sh builds it)`;
    log(`tensorflow: ${absent}`);
    return { absent, oneDnn: [], target: notMeasured(20, ONE_DNN_TARGET, absent) };
  }
  for (const shape of modelMatMulShapes(config, 128)) record('tensorflow', 128, shape);
  const shapes = [...modelMatMulShapes(config, 1), ...modelMatMulShapes(config, 128).filter((shape) => shape.label.startsWith('MLP'))];
  const oneDnn = await compareOneDnn(shapes, quick ? 1 : 3, quick ? 5 : 15);
  for (const { shape, offMs, onMs } of oneDnn) log(`tensorflow [${shape.m}×${shape.k}]·[${shape.k}×${shape.n}] oneDNN off ${offMs.toFixed(3)} ms, on ${onMs.toFixed(3)} ms`);
  const decoding = oneDnn.filter(({ shape }) => shape.m === 1);
  const off = decoding.reduce((sum, row) => sum + row.offMs * row.shape.count, 0);
  const on = decoding.reduce((sum, row) => sum + row.onMs * row.shape.count, 0);
  const defaultIsOff = process.env.TF_ENABLE_ONEDNN_OPTS === '0';
  const measuredText = `a decoding step's products: off ${off.toFixed(1)} ms, on ${on.toFixed(1)} ms (on/off ${(on / off).toFixed(2)}×); default ${defaultIsOff ? 'off' : 'on'}`;
  return { oneDnn, target: checkCondition(20, ONE_DNN_TARGET, defaultIsOff === off <= on, measuredText) };
}

function oneDnnTable(rows: readonly OneDnnRow[]): { title: string; rows: string[][] } {
  return {
    title: 'tfjs-node matMul with oneDNN off and on (TF_ENABLE_ONEDNN_OPTS, fresh processes alternating)',
    rows: [
      ['product', 'shape', 'off ms', 'on ms', 'on / off'],
      ...rows.map(({ shape, offMs, onMs }) => [shape.label, `[${shape.m}×${shape.k}]·[${shape.k}×${shape.n}]`, offMs.toFixed(3), onMs.toFixed(3), `${(onMs / offMs).toFixed(2)}×`]),
    ],
  };
}
