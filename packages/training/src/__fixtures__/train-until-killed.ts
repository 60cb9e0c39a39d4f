/**
 * A training process for the kill-safety test: trains a small model on a synthetic stream on
 * `process.argv[3]` workers (default 1), checkpointing after every step into `process.argv[2]`
 * (resuming from the newest checkpoint there), and prints `checkpoint N` once checkpoint N is
 * complete. It runs until it is killed.
 */
import { createModelConfig } from '@fewshot/config';
import { installKernels } from '@fewshot/kernels';
import { GptModel } from '@fewshot/model';
import { selectBackend } from '@fewshot/model/node';
import { resolveTrainOptions } from '../train-options.js';
import { findLatestCheckpoint, loadTrainingCheckpoint } from '../training-checkpoint.js';
import { train } from '../trainer.js';

const out = process.argv[2];
if (out === undefined) throw new Error('usage: train-until-killed.ts OUT [WORKERS]');
const workers = Number(process.argv[3] ?? 1);
const config = createModelConfig({
  name: 'kill-target',
  vocabSize: 512,
  contextLength: 16,
  dModel: 32,
  nLayer: 2,
  nHead: 2,
  attention: [{ type: 'dense' }, { type: 'local', window: 4 }],
});
installKernels();
await selectBackend('wasm');
const latest = await findLatestCheckpoint(out);
const resumed = latest === undefined ? undefined : await loadTrainingCheckpoint(latest);
const stream = Int32Array.from({ length: 4000 }, (_, i) => (i * 31 + (i >> 4)) % 512);
const everyStep = { checkpointEvery: 1, dtype: 'float16' };
await train({
  model: resumed?.model ?? GptModel.create(config, { seed: 1 }),
  options: resolveTrainOptions(
    { steps: 1_000_000, batchSize: 1, accumulate: 2, workers, seqLen: 16, warmupSteps: 5, evalEvery: 0, ...everyStep },
    config.contextLength,
  ),
  train: stream,
  out,
  ...(resumed === undefined ? {} : { resume: resumed }),
  onEvent: (event) => {
    if (event.type === 'checkpoint') process.stdout.write(`checkpoint ${event.step}\n`);
  },
});
