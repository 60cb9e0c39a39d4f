import { getPreset } from '@fewshot/config';
import { AdamW, GptModel, TokenWindows, batchGradients, clipByGlobalNorm, decaysByDefault, selectBackend } from '@fewshot/model';
import * as tf from '@tensorflow/tfjs-core';
await selectBackend('wasm');
const config = getPreset('gpt3-small');
const model = GptModel.create(config, { seed: 4 });
const variables = new Map([...model.namedWeights()].map(([n, w]) => [n, w.read()]));
const opt = new AdamW([...variables].map(([name, variable]) => ({ name, variable, decays: decaysByDefault(name, variable.shape) })), { beta1: 0.9, beta2: 0.95, epsilon: 1e-8, weightDecay: 0.1 });
const stream = Int32Array.from({ length: 1000 }, (_, i) => (i * 7919) % 50257);
const windows = new TokenWindows(stream, 128, 0);
for (let s = 0; s < 2; s++) {
  const t = performance.now();
  try {
    const { gradients } = batchGradients(model, variables, [windows.next(1)]);
    console.log('grads ok', tf.memory().numBytes / 2 ** 20, 'MiB');
    const c = clipByGlobalNorm(gradients, 1);
    opt.apply(c.gradients, 1e-4);
    tf.dispose([...c.gradients.values()]);
    console.log('step', s, performance.now() - t, 'ms', tf.memory().numBytes / 2 ** 20, 'MiB');
  } catch (e) { console.log('failed at step', s, e.message, tf.memory().numBytes / 2 ** 20, 'MiB'); break; }
}
