/**
 * Child process of the training suite: starts the tensorflow backend through `selectBackend` for
 * training (which keeps the `TF_ENABLE_ONEDNN_OPTS` the parent sets: libtensorflow reads it once,
 * as it loads), times `train` on a fresh model and prints its {@link TrainingTiming} as JSON.
 *
 * Arguments: a JSON model config, then a JSON {@link StepPlan}.
 */
import type { ModelConfig } from '@fewshot/config';
import { installKernels } from '@fewshot/kernels';
import { GptModel } from '@fewshot/model';
import { selectBackend } from '@fewshot/model/node';
import { type StepPlan, timeTrainer } from './training-steps.js';

const config = JSON.parse(process.argv[2] ?? '{}') as ModelConfig;
const plan = JSON.parse(process.argv[3] ?? '{}') as StepPlan;
installKernels();
await selectBackend('tensorflow', process.env, { workload: 'training' });
const model = GptModel.create(config, { seed: 4 });
process.stdout.write(JSON.stringify(await timeTrainer(model, plan)));
model.dispose();
