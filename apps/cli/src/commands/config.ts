import {
  ConfigError,
  HUGGING_FACE_MODEL_TYPES,
  type HuggingFaceModelType,
  countParameters,
  describeAttentionPattern,
  forwardFlopsPerToken,
  formatCount,
  headSize,
  toHuggingFaceConfig,
  trainingFlopsPerToken,
} from '@fewshot/config';
import { usageHint } from '../command-help.js';
import { defineCommand, parseCommandArgs } from '../command-spec.js';
import { type CliIo, UsageError } from '../io.js';
import { loadModelConfig } from '../model-source.js';

export const CONFIG_COMMAND = defineCommand({
  name: 'config',
  summary: "a model's shape, parameters, FLOPs per token and attention per layer, or its config file",
  usage: ['MODEL [--json | --hf [--model-type TYPE]] [--context N]'],
  positionals: { MODEL: 'a preset (`fewshot presets`), a Hugging Face config.json or a fewshot config JSON file' },
  options: {
    json: {
      type: 'boolean',
      default: false,
      description: 'print the fewshot config JSON (which `fewshot config FILE` reads back)',
    },
    hf: { type: 'boolean', default: false, description: 'print it as a Hugging Face config.json' },
    'model-type': {
      type: 'string',
      value: 'TYPE',
      valueType: 'name',
      allowed: HUGGING_FACE_MODEL_TYPES,
      defaultText: 'gpt2 for a GPT-2-shaped model, else gpt_neo',
      description: 'the model_type of the config.json (with --hf)',
    },
    context: {
      type: 'string',
      value: 'N',
      valueType: 'integer',
      allowed: "in 1..the model's context",
      defaultText: "the model's context",
      description: 'the sequence length of the FLOPs figures',
    },
  },
  examples: ['fewshot config gpt3-small', 'fewshot config gpt2 --hf'],
});

/** Describes one model config, or converts it to our JSON or Hugging Face's `config.json`. */
export function configCommand(args: readonly string[], io: CliIo): void {
  const { values, positionals } = parseCommandArgs(CONFIG_COMMAND, args);
  const [reference, ...extra] = positionals;
  if (reference === undefined || extra.length > 0) {
    throw new UsageError(`expected one MODEL\n${usageHint(CONFIG_COMMAND)}`);
  }
  const config = loadModelConfig(reference, io);

  if (values.json) {
    io.stdout(`${JSON.stringify(config, null, 2)}\n`);
    return;
  }
  if (values['model-type'] !== undefined && !values.hf) throw new UsageError('--model-type is only read with --hf');
  if (values.hf) {
    const modelType = values['model-type'] === undefined ? undefined : parseModelType(values['model-type']);
    try {
      io.stdout(`${JSON.stringify(toHuggingFaceConfig(config, modelType ? { modelType } : {}), null, 2)}\n`);
    } catch (error) {
      if (error instanceof ConfigError)
        throw new UsageError(`cannot write a Hugging Face config for ${reference}: ${error.message}`);
      throw error;
    }
    return;
  }

  const sequenceLength =
    values.context === undefined ? config.contextLength : parseContext(values.context, config.contextLength);
  const parameters = countParameters(config);
  const flops = forwardFlopsPerToken(config, sequenceLength);
  const layers = config.attention.map(
    (pattern, i) => `  ${String(i).padStart(3)}  ${describeAttentionPattern(pattern)}`,
  );
  io.stdout(
    [
      config.name,
      `  vocabulary ${config.vocabSize}, context ${config.contextLength}, d_model ${config.dModel}, d_ff ${config.dFf}`,
      `  ${config.nLayer} layers × ${config.nHead} heads of ${headSize(config)}, ` +
        `${config.activation}, ${config.layerNormPosition}-LayerNorm ε ${config.layerNormEpsilon}`,
      `  dropout: embedding ${config.dropout.embedding}, attention ` +
        `${config.dropout.attention}, residual ${config.dropout.residual}`,
      `  tied embeddings ${config.tieEmbeddings ? 'yes' : 'no'}, scaled scores ` +
        `${config.scaleAttentionScores ? 'yes' : 'no'}, q/k/v bias ${config.qkvBias ? 'yes' : 'no'}`,
      `parameters: ${formatCount(parameters.total)} (${parameters.total.toLocaleString('en-US')}), ` +
        `non-embedding ${formatCount(parameters.nonEmbedding)}`,
      `FLOPs per token at ${sequenceLength} tokens: forward ${formatCount(flops.total)} (attention ` +
        `${formatCount(flops.attention)}), training ${formatCount(trainingFlopsPerToken(config, sequenceLength))}`,
      'attention by layer:',
      ...layers,
      '',
    ].join('\n'),
  );
}

function parseModelType(value: string): HuggingFaceModelType {
  if ((HUGGING_FACE_MODEL_TYPES as readonly string[]).includes(value)) return value as HuggingFaceModelType;
  throw new UsageError(`--model-type ${value}: expected one of ${HUGGING_FACE_MODEL_TYPES.join(', ')}`);
}

function parseContext(value: string, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max)
    throw new UsageError(`--context ${value}: expected an integer in 1..${max}`);
  return n;
}
