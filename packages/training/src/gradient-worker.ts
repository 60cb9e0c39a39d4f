/**
 * A gradient worker (the entry of a `worker_threads` Worker that `GradientWorkers` starts): a
 * replica of the model on its own backend (WASM on `setup.threads` threads) with
 * `@fewshot/kernels` installed, as the main thread has them. For each request it reads the step's
 * weights from shared memory, computes its micro-batches' gradients exactly as the main thread
 * would, and leaves them in its own shared buffer.
 */
import { installKernels } from '@fewshot/kernels';
import { GptModel } from '@fewshot/model';
import { WASM_THREADS_ENV_VAR, selectBackend } from '@fewshot/model/node';
import * as tf from '@tensorflow/tfjs-core';
import { parentPort, workerData } from 'node:worker_threads';
import { batchGradients, trainableVariables } from './gradients.js';
import { explainOutOfMemory } from './out-of-memory-advice.js';
import { checkSlots, slotTensor, writeSlots } from './shared-weights.js';
import type { StepRequest, WorkerReply, WorkerSetup } from './worker-messages.js';

const port = parentPort;
if (port === null) throw new Error('gradient-worker runs as a worker thread of the trainer');
const setup = workerData as WorkerSetup;
const reply = (message: WorkerReply): void => {
  port.postMessage(message);
};

try {
  installKernels();
  await selectBackend(setup.backend, { [WASM_THREADS_ENV_VAR]: String(setup.threads) });
  const model = GptModel.create(setup.config);
  const variables = trainableVariables(model);
  checkSlots(variables, setup.slots);
  const weights = new Float32Array(setup.weights);
  const gradientBuffer = new Float32Array(setup.gradients);
  port.on('message', (request: StepRequest) => {
    try {
      for (const slot of setup.slots) {
        const value = slotTensor(weights, slot);
        variables.get(slot.name)?.assign(value);
        value.dispose();
      }
      const { loss, gradients } = explainOutOfMemory(setup.options, () =>
        batchGradients(model, variables, request.batches, { count: request.count, dropoutSeeds: request.dropoutSeeds }),
      );
      try {
        writeSlots(gradientBuffer, setup.slots, gradients);
      } finally {
        tf.dispose([...gradients.values()]);
      }
      reply({ type: 'gradients', loss });
    } catch (error) {
      reply({ type: 'error', message: (error as Error).message });
    }
  });
  reply({ type: 'ready' });
} catch (error) {
  reply({ type: 'error', message: (error as Error).message });
}
