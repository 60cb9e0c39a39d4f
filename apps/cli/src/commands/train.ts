import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { countParameters, formatCount, trainingFlopsPerToken } from '@fewshot/config';
import { installKernels } from '@fewshot/kernels';
import { CheckpointError, GptModel } from '@fewshot/model';
import { loadHuggingFaceModel, selectBackend } from '@fewshot/model/node';
import {
  type LoadedTrainingCheckpoint,
  TrainOptionError,
  type TrainOptions,
  TrainingWorkerError,
  findLatestCheckpoint,
  loadTrainingCheckpoint,
  resolveTrainOptions,
  train,
} from '@fewshot/training';
import { TokenizerError } from '@fewshot/tokenizer';
import { usageHint } from '../command-help.js';
import { type CliIo, CommandError, UsageError } from '../io.js';
import { loadModelConfig } from '../model-source.js';
import { type TrainSetup, parseTrainArgs } from './train-config.js';
import { type TrainingTokenizer, loadTrainingTokenizer, tokenizeTextFile } from './train-data.js';
import { TRAIN_COMMAND } from './train-flags.js';
import { createProgressReporter } from './train-progress.js';

/** Paths a run needs again on `--resume`, saved in every checkpoint's trainer state. */
interface RunPaths {
  readonly train: string;
  readonly valid?: string;
}

/**
 * `fewshot train`: resolves the model, tokenizer, data and options, then trains with progress on
 * stderr and a summary on stdout. Ctrl-C (SIGINT) or SIGTERM stops after the current step with a
 * checkpoint. Exit 1 with one line when a file is not what it should be.
 */
export async function trainCommand(args: readonly string[], io: CliIo): Promise<number> {
  const setup = parseTrainArgs(args, io);
  if (setup.out === undefined) throw new UsageError(`--out DIR is required\n${usageHint(TRAIN_COMMAND)}`);
  const out = resolve(setup.out);
  try {
    installKernels();
    const backend = await selectBackend(setup.backend, process.env, { workload: 'training' }).catch(
      (error: unknown) => {
        // A backend that was named and cannot start (e.g. tensorflow without tfjs-node).
        throw new CommandError(`--backend: ${(error as Error).message}`);
      },
    );
    const latest = await findLatestCheckpoint(out);
    if (latest !== undefined && !setup.resume) {
      throw new UsageError(
        `--out ${setup.out}: already holds ${latest}; pass --resume to continue it, or choose another --out`,
      );
    }
    const resumed = setup.resume && latest !== undefined ? await loadTrainingCheckpoint(latest) : undefined;
    if (setup.resume && resumed === undefined)
      io.stderr(`fewshot: --resume: no checkpoint in ${out} yet; starting a new run\n`);
    const saved = resumed?.trainer.run as Partial<RunPaths> | undefined;
    const trainPath = setup.train ?? saved?.train;
    if (trainPath === undefined) throw new UsageError(`--train FILE is required\n${usageHint(TRAIN_COMMAND)}`);
    const validPath = setup.valid ?? saved?.valid;

    const { model, tokenizerDirectory } =
      resumed === undefined
        ? await createModel(setup, io)
        : { model: resumed.model, tokenizerDirectory: resumed.directory };
    try {
      const options = resolveOptions(setup, resumed, model.config.contextLength);
      const tokenizerPath = setup.tokenizer ?? tokenizerDirectory;
      if (tokenizerPath === undefined)
        throw new UsageError('--tokenizer DIR is required: the model has no tokenizer files (vocab.json + merges.txt)');
      const tokenizer = await loadTrainingTokenizer(
        tokenizerPath,
        setup.tokenizer === undefined ? '--model' : '--tokenizer',
      );
      const trainData = tokenizeFor(model, tokenizer, trainPath, '--train');
      const validData = validPath === undefined ? undefined : tokenizeFor(model, tokenizer, validPath, '--valid');

      const parameters = countParameters(model.config).total;
      const tokensPerStep = options.batchSize * options.accumulate * options.seqLen;
      io.stderr(
        `fewshot train: ${model.config.name} (${formatCount(parameters)} parameters) on ${backend.name}` +
          `${options.workers > 1 ? ` × ${options.workers} workers` : ''}; ` +
          `${trainData.tokens.length.toLocaleString('en-US')} training tokens in ${trainData.documents} documents` +
          `${validData === undefined ? '' : `, ${validData.tokens.length.toLocaleString('en-US')} held out`}; ` +
          `${tokensPerStep} tokens/step${resumed === undefined ? '' : `; resuming at step ${resumed.trainer.step}`}\n`,
      );
      const controller = new AbortController();
      const stop = (): void => {
        io.stderr('\nfewshot train: stopping after this step (checkpointing)…\n');
        controller.abort();
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      const progress = createProgressReporter({
        write: io.stderr,
        interactive: process.stderr.isTTY,
        startStep: resumed?.trainer.step ?? 0,
      });
      try {
        const result = await trainOrExplain(
          {
            model,
            options,
            train: trainData.tokens,
            ...(validData === undefined ? {} : { valid: validData }),
            out,
            tokenizerFiles: tokenizer.files,
            ...(resumed === undefined ? {} : { resume: resumed }),
            run: {
              train: resolve(trainPath),
              ...(validPath === undefined ? {} : { valid: resolve(validPath) }),
            } satisfies RunPaths,
            onEvent: progress.onEvent,
            signal: controller.signal,
          },
          (error) => optionUsageError(error, setup, resumed),
        );
        progress.finish();
        const flops = trainingFlopsPerToken(model.config, options.seqLen) * result.tokensPerSecond;
        const last = result.curve.steps.at(-1);
        io.stdout(
          `trained to step ${result.step}/${options.steps}` +
            `${result.stoppedBy === undefined ? '' : ` (stopped by ${result.stoppedBy})`}: ` +
            `loss ${last?.loss.toFixed(4) ?? '?'}` +
            `${result.lastEvaluation === undefined ? '' : `, valid loss ${result.lastEvaluation.loss.toFixed(4)}`}, ` +
            `${Math.round(result.tokensPerSecond).toLocaleString('en-US')} ` +
            `tokens/s (${(flops / 1e9).toFixed(2)} GFLOP/s)\n` +
            `checkpoint: ${result.checkpoint}\n`,
        );
      } finally {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
      }
      return 0;
    } finally {
      model.dispose();
    }
  } catch (error) {
    if (error instanceof CheckpointError || error instanceof TokenizerError) {
      io.stderr(`fewshot: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

/** A fresh model from a preset or config file, or the weights of a Hugging Face directory to continue from. */
async function createModel(setup: TrainSetup, io: CliIo): Promise<{ model: GptModel; tokenizerDirectory?: string }> {
  if (setup.model === undefined) {
    const usage = usageHint(TRAIN_COMMAND);
    throw new UsageError(`--model is required (a preset, a config JSON, or a model directory)\n${usage}`);
  }
  if (isDirectory(setup.model)) {
    const { model, tokenizerFiles } = await loadHuggingFaceModel(setup.model);
    const hasTokenizer = tokenizerFiles['tokenizer.json'] !== undefined || tokenizerFiles['vocab.json'] !== undefined;
    return { model, ...(hasTokenizer ? { tokenizerDirectory: setup.model } : {}) };
  }
  const config = loadModelConfig(setup.model, io);
  const seed = typeof setup.options.seed === 'number' ? setup.options.seed : 0;
  return { model: GptModel.create(config, { seed }) };
}

/** The options of this run: on resume the saved ones, with what was given explicitly on top. */
function resolveOptions(
  setup: TrainSetup,
  resumed: LoadedTrainingCheckpoint | undefined,
  contextLength: number,
): TrainOptions {
  const saved = (resumed?.trainer.options ?? {}) as Record<string, unknown>;
  try {
    return resolveTrainOptions({ ...saved, ...setup.options }, contextLength);
  } catch (error) {
    if (!(error instanceof TrainOptionError)) throw error;
    throw optionUsageError(error, setup, resumed);
  }
}

/** A bad option, named as it was given: the flag, the config file's field, or the resumed trainer state's. */
function optionUsageError(
  error: TrainOptionError,
  setup: TrainSetup,
  resumed: LoadedTrainingCheckpoint | undefined,
): UsageError {
  const saved = (resumed?.trainer.options ?? {}) as Record<string, unknown>;
  const fromState = `${resumed?.directory ?? ''} trainer state: ${error.field}`;
  const source = setup.sources.get(error.field) ?? (error.field in saved ? fromState : error.field);
  return new UsageError(error.message.replace(new RegExp(`^${error.field}`), source));
}

function tokenizeFor(
  model: GptModel,
  tokenizer: TrainingTokenizer,
  path: string,
  flag: string,
): ReturnType<typeof tokenizeTextFile> {
  const data = tokenizeTextFile(path, flag, tokenizer);
  const { vocabSize } = model.config;
  const tooLarge = data.tokens.findIndex((id) => id >= vocabSize);
  if (tooLarge >= 0) {
    throw new UsageError(
      `${flag} ${path}: token id ${data.tokens[tooLarge] ?? ''} does not fit the model's ` +
        `vocabulary of ${vocabSize}; use the tokenizer the model was configured for`,
    );
  }
  return data;
}

/**
 * {@link train}, with the failures a user can act on (divergence, WASM memory, a worker thread that
 * failed, an option the backend does not allow) as one-line errors.
 */
async function trainOrExplain(
  input: Parameters<typeof train>[0],
  explainOption: (error: TrainOptionError) => UsageError,
): ReturnType<typeof train> {
  try {
    return await train(input);
  } catch (error) {
    if (error instanceof TrainOptionError) throw explainOption(error);
    const explained = /^(training diverged|the WASM backend ran out of memory)/;
    if (error instanceof TrainingWorkerError || (error instanceof Error && explained.test(error.message))) {
      throw new CommandError(error.message);
    }
    throw error;
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
