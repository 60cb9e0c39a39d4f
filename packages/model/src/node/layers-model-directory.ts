import * as tf from '@tensorflow/tfjs-core';
import { loadLayersModel } from '@tensorflow/tfjs-layers';
import { mkdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { writeFileAtomic } from '@fewshot/common/node';
import { GptModel } from '../gpt-model.js';
import { CheckpointError } from '../checkpoint/checkpoint-error.js';

const MODEL_JSON = 'model.json';
const WEIGHTS_BIN = 'weights.bin';

/**
 * Exports `model` in the TF.js LayersModel format: `model.json` (topology with our registered
 * layer classes, the weights manifest and the model config as user-defined metadata) and one
 * `weights.bin`. Any TF.js program that has imported this package can read it with
 * `tf.loadLayersModel` (e.g. `file://…/model.json` under tfjs-node, or over HTTP in a browser).
 */
export async function saveLayersModel(model: GptModel, directory: string): Promise<void> {
  const root = resolve(directory);
  let artifacts: tf.io.ModelArtifacts | undefined;
  await model.layersModel.save(
    tf.io.withSaveHandler((saved) => {
      artifacts = saved;
      return Promise.resolve({ modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } });
    }),
  );
  if (artifacts?.weightSpecs === undefined || artifacts.weightData === undefined) {
    throw new Error(`model: TF.js produced no weights for "${model.layersModel.name}"`);
  }
  const modelJson: tf.io.ModelJSON = {
    modelTopology: artifacts.modelTopology as object,
    format: artifacts.format ?? 'layers-model',
    generatedBy: artifacts.generatedBy ?? `TensorFlow.js tfjs-layers`,
    convertedBy: null,
    weightsManifest: [{ paths: [`./${WEIGHTS_BIN}`], weights: artifacts.weightSpecs }],
    userDefinedMetadata: artifacts.userDefinedMetadata ?? {},
  };
  await mkdir(root, { recursive: true });
  await writeFileAtomic(join(root, WEIGHTS_BIN), new Uint8Array(tf.io.CompositeArrayBuffer.join(artifacts.weightData)));
  await writeFileAtomic(join(root, MODEL_JSON), JSON.stringify(modelJson));
}

/** Reads a directory written by {@link saveLayersModel} back into a {@link GptModel}. */
export async function loadLayersModelDirectory(directory: string): Promise<GptModel> {
  const root = resolve(directory);
  const path = join(root, MODEL_JSON);
  let modelJson: tf.io.ModelJSON;
  try {
    modelJson = JSON.parse(await readFile(path, 'utf8')) as tf.io.ModelJSON;
  } catch (error) {
    throw new CheckpointError(path, undefined, `cannot be read as JSON: ${(error as Error).message}`);
  }
  const artifacts = await tf.io.getModelArtifactsForJSON(modelJson, async (manifest) => {
    const specs = manifest.flatMap((group) => group.weights);
    const buffers = await Promise.all(
      manifest
        .flatMap((group) => group.paths)
        .map(async (file) => {
          const bytes = await readFile(join(root, file));
          return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
        }),
    );
    return [specs, tf.io.CompositeArrayBuffer.join(buffers)];
  });
  return GptModel.fromLayersModel(await loadLayersModel(tf.io.fromMemory(artifacts)));
}
