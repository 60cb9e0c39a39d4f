import { loadavg } from 'node:os';
import { type ModelConfig, getPreset } from '@fewshot/config';
import { selectBackend } from '@fewshot/model/node';
import * as tf from '@tensorflow/tfjs-core';
import { renderBarChart } from '@fewshot/common';
import { describeEnvironment, packageVersion } from '../../framework/environment.js';
import type { Suite, SuiteOptions, SuiteResult } from '../../framework/suite.js';
import { type TargetCheck, checkCondition, checkTarget, notMeasured } from '../../framework/targets.js';
import { type MatMulShape, matMulFlops, modelMatMulShapes, timeMatMul } from './matmul-timing.js';
import { type OneDnnRow, compareOneDnn } from './onednn-comparison.js';
import { type WasmThreadsComparison, compareWasmThreads } from './wasm-threads-comparison.js';

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
 * a prefill's, so that the default `selectBackend` sets for `TF_ENABLE_ONEDNN_OPTS` is measured;
 * and WASM on one thread against two (`FEWSHOT_WASM_THREADS`), for the default it sets there.
 * It is the ceiling the model suite compares its prefill with.
 */
export const matmulSuite: Suite = {
  name: 'matmul',
  description:
    'TF.js matMul GFLOP/s on WASM, CPU and tfjs-node for the GPT-2 small shapes; WASM 1 vs 2 threads; oneDNN off vs on',
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

    const loadBefore = loadavg()[0] ?? Number.NaN;
    const { threads } = await selectBackend('wasm');
    const simd = String(tf.env().getBool('WASM_HAS_SIMD_SUPPORT'));
    const threadsSetting = process.env.FEWSHOT_WASM_THREADS ?? 'unset';
    const wasmSetting =
      `WASM_HAS_SIMD_SUPPORT=${simd}, ${String(threads)} thread(s) ` + `(FEWSHOT_WASM_THREADS=${threadsSetting})`;
    for (const tokens of quick ? [128] : [128, 512])
      for (const shape of modelMatMulShapes(config, tokens)) record('wasm', tokens, shape);
    const wasmThreads = await measureWasmThreads(config, quick, log);
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
        wasm: wasmSetting,
        'load average (1 min), start → end':
          `${loadBefore.toFixed(2)} → ${(loadavg()[0] ?? Number.NaN).toFixed(2)} ` +
          `on ${String(environment.cores)} cores`,
        repeats: `${options.repeats} (median; CPU backend ${quick ? 1 : 3})`,
        tensorflow:
          native.absent ??
          `tfjs-node, TF_ENABLE_ONEDNN_OPTS=${process.env.TF_ENABLE_ONEDNN_OPTS ?? 'unset'} in process`,
      },
      tables: [
        {
          title: 'matMul throughput',
          rows: [
            ['backend', 'product', 'shape', 'ms', 'GFLOP/s'],
            ...measured.map(({ backend, shape, ms, gflops }) => [
              backend,
              shape.label,
              `[${shape.m}×${shape.k}]·[${shape.k}×${shape.n}]`,
              ms.toFixed(2),
              gflops.toFixed(1),
            ]),
          ],
        },
        wasmThreadsTable(wasmThreads.rows),
        ...(native.oneDnn.length === 0 ? [] : [oneDnnTable(native.oneDnn)]),
      ],
      targets: [wasmThreads.target, native.target],
      data: { measured, wasmThreads: wasmThreads.rows, oneDnn: native.oneDnn },
      files: [
        {
          name: 'matmul.svg',
          content: renderBarChart({
            title: 'TF.js matMul throughput, GPT-3 Small shapes',
            unit: 'GFLOP/s',
            groups: measured.map(({ backend, tokens, shape, gflops }) => ({
              label: `${shape.label} [${tokens}×${shape.k}]·[${shape.k}×${shape.n}]`,
              bars: [{ series: backend, value: gflops }],
            })),
          }),
        },
      ],
    };
  },
};

const WASM_THREADS_TARGET = 'WASM matMul [128×768]·[768×3072] with 2 threads ≥ 1.7× 1 thread';

type WasmThreadsResult = WasmThreadsComparison & { readonly target: TargetCheck };

/** The wasm backend started with 1 and with 2 threads, on decoding's single-row products and a 128-token prefill's. */
async function measureWasmThreads(
  config: ModelConfig,
  quick: boolean,
  log: (line: string) => void,
): Promise<WasmThreadsResult> {
  const shapes = [
    ...modelMatMulShapes(config, 1),
    ...modelMatMulShapes(config, 128).filter((shape) => shape.label !== 'LM head'),
  ];
  const comparison = await compareWasmThreads(shapes, quick ? 1 : 3, quick ? 5 : 15);
  for (const { shape, oneMs, twoMs } of comparison.rows) {
    const product = `[${String(shape.m)}×${String(shape.k)}]·[${String(shape.k)}×${String(shape.n)}]`;
    log(`wasm ${product} 1 thread ${oneMs.toFixed(3)} ms, 2 threads ${twoMs.toFixed(3)} ms`);
  }
  const prefill = comparison.rows.find(({ shape }) => shape.m === 128 && shape.label === 'MLP up');
  if (comparison.threads[1] !== 2 || prefill === undefined) {
    const reason = `FEWSHOT_WASM_THREADS=2 started ${String(comparison.threads[1])} thread(s)`;
    return { ...comparison, target: notMeasured(20, WASM_THREADS_TARGET, reason) };
  }
  const speedUp = prefill.oneMs / prefill.twoMs;
  const gflops = (ms: number): string => (matMulFlops(prefill.shape) / ms / 1e6).toFixed(1);
  const measured = `${speedUp.toFixed(2)}× (${gflops(prefill.oneMs)} vs ${gflops(prefill.twoMs)} GFLOP/s)`;
  const target = checkTarget({
    issue: 20,
    description: WASM_THREADS_TARGET,
    value: speedUp,
    comparison: 'at least',
    threshold: 1.7,
    measured,
  });
  return { ...comparison, target };
}

function wasmThreadsTable(rows: readonly WasmThreadsComparison['rows'][number][]): { title: string; rows: string[][] } {
  const gflops = (shape: MatMulShape, ms: number): string => (matMulFlops(shape) / ms / 1e6).toFixed(1);
  return {
    title: 'WASM matMul on 1 and 2 threads (FEWSHOT_WASM_THREADS, fresh processes alternating)',
    rows: [
      ['product', 'shape', '1 thread ms', '2 threads ms', '1 thread GFLOP/s', '2 threads GFLOP/s', 'speed-up'],
      ...rows.map(({ shape, oneMs, twoMs }) => [
        shape.label,
        `[${String(shape.m)}×${String(shape.k)}]·[${String(shape.k)}×${String(shape.n)}]`,
        oneMs.toFixed(3),
        twoMs.toFixed(3),
        gflops(shape, oneMs),
        gflops(shape, twoMs),
        `${(oneMs / twoMs).toFixed(2)}×`,
      ]),
    ],
  };
}

interface NativeResult {
  /** Why tfjs-node was not measured. */
  readonly absent?: string;
  readonly oneDnn: readonly OneDnnRow[];
  readonly target: TargetCheck;
}

const ONE_DNN_TARGET =
  'tfjs-node default for TF_ENABLE_ONEDNN_OPTS is the faster one for single-row (decoding) products';

/** The tensorflow backend's products in this process, and oneDNN off vs on in child processes. */
async function measureNative(
  config: ModelConfig,
  quick: boolean,
  record: (backend: string, tokens: number, shape: MatMulShape) => void,
  log: (line: string) => void,
): Promise<NativeResult> {
  try {
    await selectBackend('tensorflow');
  } catch (error) {
    const absent = `not measured: ${(error as Error).message} (packages/model/scripts/build-tfjs-node.sh builds it)`;
    log(`tensorflow: ${absent}`);
    return { absent, oneDnn: [], target: notMeasured(20, ONE_DNN_TARGET, absent) };
  }
  for (const shape of modelMatMulShapes(config, 128)) record('tensorflow', 128, shape);
  const shapes = [
    ...modelMatMulShapes(config, 1),
    ...modelMatMulShapes(config, 128).filter((shape) => shape.label.startsWith('MLP')),
  ];
  const oneDnn = await compareOneDnn(shapes, quick ? 1 : 3, quick ? 5 : 15);
  for (const { shape, offMs, onMs } of oneDnn)
    log(
      `tensorflow [${shape.m}×${shape.k}]·[${shape.k}×${shape.n}] ` +
        `oneDNN off ${offMs.toFixed(3)} ms, on ${onMs.toFixed(3)} ms`,
    );
  const decoding = oneDnn.filter(({ shape }) => shape.m === 1);
  const off = decoding.reduce((sum, row) => sum + row.offMs * row.shape.count, 0);
  const on = decoding.reduce((sum, row) => sum + row.onMs * row.shape.count, 0);
  const defaultIsOff = process.env.TF_ENABLE_ONEDNN_OPTS === '0';
  const measuredText =
    `a decoding step's products: off ${off.toFixed(1)} ms, on ${on.toFixed(1)} ms ` +
    `(on/off ${(on / off).toFixed(2)}×); default ${defaultIsOff ? 'off' : 'on'}`;
  return { oneDnn, target: checkCondition(20, ONE_DNN_TARGET, defaultIsOff === off <= on, measuredText) };
}

function oneDnnTable(rows: readonly OneDnnRow[]): { title: string; rows: string[][] } {
  return {
    title: 'tfjs-node matMul with oneDNN off and on (TF_ENABLE_ONEDNN_OPTS, fresh processes alternating)',
    rows: [
      ['product', 'shape', 'off ms', 'on ms', 'on / off'],
      ...rows.map(({ shape, offMs, onMs }) => [
        shape.label,
        `[${shape.m}×${shape.k}]·[${shape.k}×${shape.n}]`,
        offMs.toFixed(3),
        onMs.toFixed(3),
        `${(onMs / offMs).toFixed(2)}×`,
      ]),
    ],
  };
}
