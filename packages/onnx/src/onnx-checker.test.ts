import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TINY_CONFIGS, randomModel } from './__fixtures__/decoder-check.js';
import { exportOnnx } from './export-onnx.js';

/** Why the reference checker cannot run here, or undefined when python3 imports onnx. */
function checkerUnavailable(): string | undefined {
  const probe = spawnSync('python3', ['-c', 'import onnx'], { encoding: 'utf8' });
  if (probe.error !== undefined) return `python3 is not available (${probe.error.message})`;
  return probe.status === 0 ? undefined : 'python3 cannot import onnx (pip install onnx)';
}

const unavailable = checkerUnavailable();
let directory: string;

beforeAll(async () => {
  await tf.setBackend('cpu');
  directory = await mkdtemp(join(tmpdir(), 'fewshot-onnx-check-'));
});

afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('the ONNX reference checker', () => {
  for (const kind of ['gpt2', 'neo'] as const) {
    for (const merged of [true, false]) {
      const variant = merged ? 'merged' : 'single graph';
      const title = `${kind}, ${variant}: onnx.checker.check_model(full_check=True) accepts it`;
      it.skipIf(unavailable !== undefined)(
        unavailable === undefined ? title : `${title} — skipped: ${unavailable}`,
        async () => {
          const model = randomModel(TINY_CONFIGS[kind]);
          const { modelPath } = await exportOnnx(model, join(directory, `${kind}-${merged}`), { merged });
          model.dispose();
          const script =
            'import onnx, sys; m = onnx.load(sys.argv[1]); onnx.checker.check_model(m, full_check=True); ' +
            'print(m.ir_version, m.opset_import[0].version, [i.name for i in m.graph.input][-1])';
          const output = execFileSync('python3', ['-c', script, modelPath], { encoding: 'utf8' }).trim();
          expect(output).toBe(`8 17 ${merged ? 'use_cache_branch' : 'past_key_values.1.value'}`);
        },
      );
    }
  }
});
