import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { toHuggingFaceConfig } from '@fewshot/config';
import { writeFileAtomic } from '@fewshot/common/node';
import type { GptModel } from '@fewshot/model';
import { buildGptGraph, checkExportable } from './gpt-graph.js';
import { OnnxExportError } from './onnx-export-error.js';
import { encodeModel } from './onnx-proto.js';

export interface ExportOnnxOptions {
  /**
   * `true` (default): `onnx/decoder_model_merged.onnx`, Optimum's merged decoder with its
   * `use_cache_branch` input. `false`: `onnx/model.onnx`, one graph that always reads the past
   * (empty on the first call), which transformers.js loads by default.
   */
  readonly merged?: boolean;
  /** The `config.json` the model came from: fields we do not interpret are kept (as `toHuggingFaceConfig`). */
  readonly configBase?: Record<string, unknown>;
}

export interface ExportedOnnx {
  /** The `.onnx` file written. */
  readonly modelPath: string;
  readonly configPath: string;
  readonly bytes: number;
}

/** A `.onnx` file is one protobuf message, which protobuf limits to 2 GiB. */
const PROTOBUF_LIMIT = 2 ** 31 - 1;

/** The file `exportOnnx` writes under `onnx/`. */
export function onnxFileName(merged: boolean): string {
  return merged ? 'decoder_model_merged.onnx' : 'model.onnx';
}

/**
 * Writes `model` as ONNX in the layout Hugging Face Optimum writes for GPT-2 decoders: the
 * graph under `directory/onnx/` and a Hugging Face `config.json` beside it, each atomically
 * (`writeFileAtomic`: a temporary file, fsyncs of it and its directory, rename). Dense and local (GPT-Neo) layers are
 * exported; strided and fixed layers, post-LayerNorm models and models past protobuf's 2 GiB are refused with one line,
 * before anything is written.
 */
export async function exportOnnx(
  model: GptModel,
  directory: string,
  options: ExportOnnxOptions = {},
): Promise<ExportedOnnx> {
  const merged = options.merged ?? true;
  checkExportable(model.config);
  const config = toHuggingFaceConfig(
    model.config,
    options.configBase === undefined ? {} : { base: options.configBase },
  );
  const graph = buildGptGraph(model.config, model.readWeights(), { merged, producerVersion: packageVersion() });
  const encoded = encodeModel(graph);
  if (encoded.byteLength > PROTOBUF_LIMIT) {
    throw new OnnxExportError(
      `model: ${model.config.name} encodes to ${encoded.byteLength} bytes; ` +
        `one .onnx file holds at most ${PROTOBUF_LIMIT} (2 GiB)`,
    );
  }
  const onnxDirectory = join(directory, 'onnx');
  await mkdir(onnxDirectory, { recursive: true });
  const modelPath = join(onnxDirectory, onnxFileName(merged));
  const configPath = join(directory, 'config.json');
  await writeFileAtomic(modelPath, encoded.pieces());
  await writeFileAtomic(configPath, `${JSON.stringify(config, null, 2)}\n`);
  return { modelPath, configPath, bytes: encoded.byteLength };
}

/** This package's version (from src/ and dist/ alike, both one level below package.json), as the producer's. */
function packageVersion(): string {
  return (createRequire(import.meta.url)('../package.json') as { version: string }).version;
}
