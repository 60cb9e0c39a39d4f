/**
 * A worker thread for `wasmThreadCeiling`: starts TF.js's WASM backend, says `ready`, and on each
 * message (a count) runs that many matrix products of a transformer projection's shape, then says
 * `done`. Nothing is shared with other threads but the machine's cores and memory.
 */
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { parentPort } from 'node:worker_threads';

const port = parentPort;
if (port === null) throw new Error('wasm-work-worker runs as a worker thread');
await tf.setBackend('wasm');
const a = tf.randomNormal([256, 256]);
const b = tf.randomNormal([256, 1024]);
port.on('message', (count: number) => {
  for (let i = 0; i < count; i++) tf.tidy(() => tf.matMul(a, b).dataSync());
  port.postMessage('done');
});
port.postMessage('ready');
