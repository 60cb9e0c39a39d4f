import { createModelConfig } from '@fewshot/config';
import * as tf from '@tensorflow/tfjs-core';
import { GptModel, selectBrowserBackend, tokenLogProbabilities } from '../index.js';

const backend = await selectBrowserBackend(); // webgpu or webgl where registered, else wasm
console.log(`backend: ${backend.name} (${backend.reason})`);

const config = createModelConfig({
  vocabSize: 512,
  contextLength: 64,
  dModel: 32,
  nLayer: 2,
  nHead: 4,
  attention: [{ type: 'dense' }, { type: 'local', window: 8 }],
});
const model = GptModel.create(config, { seed: 1 });

// Greedy decoding with a KV cache: the prompt once, then one token per step.
const cache = model.createCache();
const ids = [1, 2, 3];
let next = ids;
for (let step = 0; step < 5; step++) {
  const { logits } = model.forward(next, cache); // [next.length, vocabSize]
  const token = tf.tidy(() => tf.argMax(tf.slice(logits, [next.length - 1, 0], [1, -1]), -1).dataSync()[0] ?? 0);
  logits.dispose();
  ids.push(token);
  next = [token];
}
cache.dispose();

// log P(ids[i + 1] | ids[0..i]) for every position.
const logprobs = tokenLogProbabilities(model, ids);
console.log(
  ids,
  Array.from(logprobs, (p) => p.toFixed(3)),
);
model.dispose();

export { ids, logprobs };
