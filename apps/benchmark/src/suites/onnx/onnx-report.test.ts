import { getPreset } from '@fewshot/config';
import { describe, expect, it } from 'vitest';
import type { EngineRow, Sizes } from './engine-timing.js';
import { onnxReport } from './onnx-report.js';

const sizes: Sizes = { prefill: 128, decode: [128, 512], rounds: { warmup: 1, repeats: 3 }, steps: 8, warmupSteps: 2 };
const row = (
  label: string,
  engine: string,
  threads: number,
  backend: string,
  prefillMs: number,
  decodeMs: [number, number],
): EngineRow => ({ label, engine, threads, backend, difference: 1e-6, prefillMs, decodeMs });
const wasm = (prefillMs: number, decodeMs: [number, number]): EngineRow =>
  row('fewshot wasm', 'fewshot', 2, 'tfjs wasm', prefillMs, decodeMs);
const native = (prefillMs: number, decodeMs: [number, number]): EngineRow =>
  row('fewshot tensorflow', 'fewshot', 2, 'tfjs tensorflow', prefillMs, decodeMs);
const node2 = (prefillMs: number, decodeMs: [number, number]): EngineRow =>
  row('ort-node 2', 'onnxruntime-node', 2, 'CPU EP', prefillMs, decodeMs);
const web2 = (prefillMs: number, decodeMs: [number, number]): EngineRow =>
  row('ort-web 2', 'onnxruntime-web', 2, 'WASM EP', prefillMs, decodeMs);

const input = {
  quick: false,
  config: getPreset('gpt2'),
  sizes,
  onnxBytes: 2 ** 20,
  absent: [],
  notes: [],
  passes: [
    // fewshot WASM prefills 128 tokens in 1000 ms (128 tokens/s), the web engine in 1280 ms (100 tokens/s): 1.28×.
    { fewshot: wasm(1000, [30, 33]), peer: web2(1280, [40, 45]) },
    // Against onnxruntime-node: 400 vs 200 ms is 0.5×; decode 30 vs 20 ms is 1.5×.
    { fewshot: wasm(400, [30, 36]), peer: node2(200, [20, 40]) },
    // tfjs-node: 250 vs 200 ms is 0.8×; decode 19 vs 20 ms is 0.95×, 44 vs 40 ms is 1.1×.
    { fewshot: native(250, [19, 44]), peer: node2(200, [20, 40]) },
  ],
};

describe('onnxReport', () => {
  it('computes each ratio within its pass and lets the best fewshot backend count', () => {
    const { targets } = onnxReport(input);
    expect(targets.map((target) => [target.status, target.measured.split(' ')[0]])).toEqual([
      ['met', '1.28×'], // WASM vs onnxruntime-web 2 threads, prefill
      ['met', '0.80×'], // the best of WASM (0.5×) and tfjs-node (0.8×) vs onnxruntime-node 2 threads
      ['met', '0.95×'], // decode at 128: tfjs-node's 19 / 20 beats WASM's 30 / 20
      ['met', '0.90×'], // decode at 512: WASM's 36 / 40 beats tfjs-node's 44 / 40
      ['not met', '1.20×'], // WASM decode 36 / 30 ms at 512 vs 128 (its onnxruntime-node pass)
    ]);
  });

  it('marks every target not measured in quick mode, and a missing peer as not measured', () => {
    expect(onnxReport({ ...input, quick: true }).targets.every((target) => target.status === 'not measured')).toBe(
      true,
    );
    const withoutWeb = onnxReport({ ...input, passes: input.passes.slice(1) });
    expect(withoutWeb.targets[0]?.status).toBe('not measured');
  });

  it('lists every engine with its threads and backend, and notes an engine that computes another model', () => {
    const mismatch = {
      ...input,
      passes: [{ fewshot: wasm(1000, [30, 33]), peer: { ...web2(1280, [40, 45]), difference: 0.5 } }],
    };
    const report = onnxReport(mismatch);
    expect(report.tables[0]?.rows.slice(1).map((cells) => cells[1])).toEqual(['fewshot wasm', 'ort-web 2']);
    expect(report.notes?.some((note) => note.includes('ort-web 2'))).toBe(true);
  });
});
