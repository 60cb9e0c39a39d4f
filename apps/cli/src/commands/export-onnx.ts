import { copyFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError } from '@fewshot/config';
import { OnnxExportError, exportOnnx } from '@fewshot/onnx';
import { type CliIo, CommandError, UsageError } from '../io.js';
import { MODEL_FLAGS_USAGE, MODEL_LOAD_FLAGS, loadCliModel } from '../load-model.js';

export const EXPORT_ONNX_USAGE = `fewshot export-onnx ${MODEL_FLAGS_USAGE} --out DIR [--single-graph]
                           ONNX in Optimum's GPT-2 layout: onnx/decoder_model_merged.onnx, config.json, tokenizer`;

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
  const { values } = parseArgs({
    args: [...args],
    options: { ...MODEL_LOAD_FLAGS, out: { type: 'string' }, 'single-graph': { type: 'boolean', default: false } },
  });
  const out = values.out;
  if (out === undefined || out === '') throw new UsageError(`--out DIR is required\nusage: ${EXPORT_ONNX_USAGE}`);
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
