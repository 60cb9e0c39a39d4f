import { copyFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError } from '@fewshot/config';
import { OnnxExportError, exportOnnx } from '@fewshot/onnx';
import { usageHint } from '../command-help.js';
import { defineCommand, parseCommandArgs } from '../command-spec.js';
import { type CliIo, CommandError, UsageError } from '../io.js';
import { loadCliModel } from '../load-model.js';
import { MODEL_OPTIONS } from '../model-options.js';

export const EXPORT_ONNX_COMMAND = defineCommand({
  name: 'export-onnx',
  summary: "write a model as ONNX in Optimum's GPT-2 layout, for ONNX Runtime and transformers.js",
  usage: ['--out DIR [--single-graph] [options]'],
  options: {
    out: {
      type: 'string',
      value: 'DIR',
      valueType: 'directory',
      description: 'gets onnx/decoder_model_merged.onnx, config.json and the tokenizer and generation files',
    },
    'single-graph': {
      type: 'boolean',
      default: false,
      description: 'onnx/model.onnx, one graph that always reads the past (empty at first), not the merged decoder',
    },
    ...MODEL_OPTIONS,
  },
  examples: ['fewshot export-onnx --model gpt2 --out gpt2-onnx'],
});

/** Files of a checkpoint that transformers.js reads beside the graph, copied when the source has them. */
const COMPANION_FILES = [
  'generation_config.json',
  'tokenizer.json',
  'tokenizer_config.json',
  'special_tokens_map.json',
  'vocab.json',
  'merges.txt',
];

/**
 * Exports a checkpoint (a directory, a Hub repo or the bundled model) as ONNX for ONNX Runtime and
 * transformers.js: the graph (merged with `use_cache_branch`, or `onnx/model.onnx` with
 * `--single-graph`), a `config.json` that keeps the source's other fields, and its tokenizer and
 * generation files. A model the export cannot express (strided or fixed layers, post-LayerNorm)
 * exits 1 with one line.
 */
export async function exportOnnxCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(EXPORT_ONNX_COMMAND, args);
  const out = values.out;
  if (out === undefined || out === '') throw new UsageError(`--out DIR is required\n${usageHint(EXPORT_ONNX_COMMAND)}`);
  const { model, directory, name } = await loadCliModel(values, io);
  try {
    const configBase = await sourceConfig(directory);
    const exported = await exportOnnx(model, out, {
      merged: !values['single-graph'],
      ...(configBase === undefined ? {} : { configBase }),
    });
    const copied: string[] = [];
    for (const file of COMPANION_FILES) {
      const copiedFile = await copyFile(join(directory, file), join(out, file)).then(
        () => file,
        (error: unknown) => {
          if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
          throw error;
        },
      );
      if (copiedFile !== undefined) copied.push(copiedFile);
    }
    io.stdout(`${name} → ${exported.modelPath} (${(exported.bytes / 2 ** 20).toFixed(1)} MiB)\n`);
    io.stdout(`  ${exported.configPath}\n`);
    for (const file of copied) io.stdout(`  ${join(out, file)}\n`);
    return 0;
  } catch (error) {
    if (error instanceof ConfigError || error instanceof OnnxExportError) {
      throw new CommandError(error.message);
    }
    throw error;
  } finally {
    model.dispose();
  }
}

/** The source's `config.json` when it is a Hugging Face `gpt2`/`gpt_neo` one, whose other fields the export keeps. */
async function sourceConfig(directory: string): Promise<Record<string, unknown> | undefined> {
  const text = await readFile(join(directory, 'config.json'), 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  const json = JSON.parse(text) as Record<string, unknown>;
  return json.model_type === 'gpt2' || json.model_type === 'gpt_neo' ? json : undefined;
}
