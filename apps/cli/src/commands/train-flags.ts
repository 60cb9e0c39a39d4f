import { SAVE_DTYPES } from '@fewshot/model';
import { DEFAULT_TRAIN_OPTIONS, type TrainOptions } from '@fewshot/training';
import { type OptionSpec, defineCommand } from '../command-spec.js';
import { MODEL_OPTIONS } from '../model-options.js';

/** Flag → training option (`TrainOptions` field of `@fewshot/model`). */
export const OPTION_FLAGS = {
  steps: 'steps',
  'batch-size': 'batchSize',
  accumulate: 'accumulate',
  'seq-len': 'seqLen',
  lr: 'learningRate',
  warmup: 'warmupSteps',
  'min-lr-ratio': 'minLearningRateRatio',
  'weight-decay': 'weightDecay',
  'eval-every': 'evalEvery',
  'eval-batches': 'evalBatches',
  'checkpoint-every': 'checkpointEvery',
  seed: 'seed',
  'max-minutes': 'maxMinutes',
  'stop-at-step': 'stopAtStep',
  dtype: 'dtype',
} as const satisfies Record<string, keyof TrainOptions>;

const defaults = DEFAULT_TRAIN_OPTIONS;

/** The flags of the training options, with the defaults `resolveTrainOptions` fills in. */
const TRAINING_OPTIONS = {
  steps: {
    type: 'string',
    value: 'N',
    valueType: 'integer',
    allowed: '≥ 1',
    defaultText: String(defaults.steps),
    description: 'optimizer steps of the whole run (the cosine decay ends here)',
  },
  'batch-size': {
    type: 'string',
    value: 'B',
    valueType: 'integer',
    allowed: '≥ 1',
    defaultText: String(defaults.batchSize),
    description: 'sequences per micro-batch',
  },
  accumulate: {
    type: 'string',
    value: 'A',
    valueType: 'integer',
    allowed: '≥ 1',
    defaultText: String(defaults.accumulate),
    description: 'micro-batches whose gradients make one optimizer step',
  },
  'seq-len': {
    type: 'string',
    value: 'T',
    valueType: 'integer',
    allowed: "in 1..the model's context",
    defaultText: "the model's context",
    description: 'tokens per training sequence',
  },
  lr: {
    type: 'string',
    value: 'LR',
    valueType: 'number',
    allowed: 'in (0, 10]',
    defaultText: String(defaults.learningRate),
    description: 'peak learning rate',
  },
  warmup: {
    type: 'string',
    value: 'STEPS',
    valueType: 'integer',
    allowed: '≥ 0',
    defaultText: String(defaults.warmupSteps),
    description: 'steps of linear warmup',
  },
  'min-lr-ratio': {
    type: 'string',
    value: 'R',
    valueType: 'number',
    allowed: 'in [0, 1]',
    defaultText: String(defaults.minLearningRateRatio),
    description: 'the learning rate the cosine decay ends at, as a fraction of --lr',
  },
  'weight-decay': {
    type: 'string',
    value: 'WD',
    valueType: 'number',
    allowed: 'in [0, 1]',
    defaultText: String(defaults.weightDecay),
    description: "AdamW's decoupled weight decay, on matrices only",
  },
  'eval-every': {
    type: 'string',
    value: 'N',
    valueType: 'integer',
    allowed: '≥ 0',
    defaultText: String(defaults.evalEvery),
    description: 'evaluate --valid every N steps (0: at the end only)',
  },
  'eval-batches': {
    type: 'string',
    value: 'N',
    valueType: 'integer',
    allowed: '≥ 1',
    defaultText: String(defaults.evalBatches),
    description: 'held-out batches per evaluation',
  },
  'checkpoint-every': {
    type: 'string',
    value: 'N',
    valueType: 'integer',
    allowed: '≥ 0',
    defaultText: String(defaults.checkpointEvery),
    description: 'write a checkpoint every N steps (0: at the end only)',
  },
  seed: {
    type: 'string',
    value: 'S',
    valueType: 'integer',
    allowed: 'in 0..4294967295',
    defaultText: String(defaults.seed),
    description: 'seed of the new weights, the order of the data and dropout',
  },
  'max-minutes': {
    type: 'string',
    value: 'M',
    valueType: 'number',
    allowed: '≥ 0',
    defaultText: `${defaults.maxMinutes} (no limit)`,
    description: 'stop with a checkpoint after M minutes of this process',
  },
  'stop-at-step': {
    type: 'string',
    value: 'N',
    valueType: 'integer',
    allowed: '≥ 0',
    defaultText: `${defaults.stopAtStep} (run to --steps)`,
    description: 'stop with a checkpoint after step N; the schedule still ends at --steps, so --resume goes on',
  },
  dtype: {
    type: 'string',
    value: 'DTYPE',
    valueType: 'name',
    allowed: SAVE_DTYPES,
    defaultText: defaults.dtype,
    description: "of the saved model.safetensors (the optimizer file keeps float32 weights)",
  },
} as const satisfies Record<keyof typeof OPTION_FLAGS, OptionSpec>;

export const TRAIN_COMMAND = defineCommand({
  name: 'train',
  summary: 'train a model (AdamW, GPT-3 schedule) on text files, with atomic checkpoints and a loss curve',
  usage: ['--model MODEL --train FILE --out DIR [options]', '--out DIR --resume [options]', '--config FILE [options]'],
  options: {
    config: {
      type: 'string',
      value: 'FILE',
      valueType: 'file',
      description: 'a JSON object of these options by API name (paths relative to it); flags given override it',
    },
    model: {
      type: 'string',
      value: 'PRESET|CONFIG.json|DIR',
      valueType: 'model',
      description: 'a new model (a preset or config JSON, seeded by --seed), or a Hugging Face directory to go on from',
    },
    tokenizer: {
      type: 'string',
      value: 'DIR',
      valueType: 'directory',
      defaultText: "the model directory's",
      description: 'tokenizer.json, or vocab.json + merges.txt, with an <|endoftext|> token',
    },
    train: {
      type: 'string',
      value: 'FILE',
      valueType: 'file',
      description: 'UTF-8 training text, documents separated by <|endoftext|>',
    },
    valid: {
      type: 'string',
      value: 'FILE',
      valueType: 'file',
      defaultText: 'none',
      description: 'held-out text: loss, perplexity and bits per byte every --eval-every steps',
    },
    out: {
      type: 'string',
      value: 'DIR',
      valueType: 'directory',
      description: 'gets checkpoint-<step>/, a latest link, and loss-curve.csv, .json and .svg',
    },
    resume: { type: 'boolean', description: 'continue the newest checkpoint in --out exactly' },
    backend: MODEL_OPTIONS.backend,
    ...TRAINING_OPTIONS,
  },
  notes: [
    'Ctrl-C or SIGTERM stops after the current step, with a checkpoint; --resume continues from it.',
    'Errors name the flag or field, the value and what is allowed (exit code 2).',
  ],
  examples: [
    'fewshot train --model model.json --tokenizer tok/ --train train.txt --valid valid.txt --out runs/a --steps 2000',
    'fewshot train --out runs/a --resume',
  ],
});
