import {
  ConfigError,
  type ModelConfig,
  type ModelConfigInput,
  createModelConfig,
  fromHuggingFaceConfig,
  getPreset,
  isPresetName,
} from '@fewshot/config';
import { type CliIo, UsageError } from './io.js';

/**
 * Resolves what the user named as a model: a preset name, a Hugging Face `config.json`
 * (recognised by its `model_type`), or one of our own config JSON files.
 */
export function loadModelConfig(reference: string, io: CliIo): ModelConfig {
  if (isPresetName(reference)) return getPreset(reference);
  let text: string;
  try {
    text = io.readFile(reference);
  } catch {
    throw new UsageError(`"${reference}" is neither a preset (see \`fewshot presets\`) nor a readable config file`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${reference}: not valid JSON (${(error as Error).message})`);
  }
  try {
    if (typeof json === 'object' && json !== null && 'model_type' in json) {
      return fromHuggingFaceConfig(json, reference).config;
    }
    return createModelConfig(json as ModelConfigInput);
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(`${reference}: ${error.message}`);
    throw error;
  }
}
