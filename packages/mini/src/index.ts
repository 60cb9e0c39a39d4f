import { fileURLToPath } from 'node:url';

/**
 * Absolute path of the bundled fewshot-mini checkpoint, a Hugging Face style directory
 * (`config.json`, `model.safetensors`, `vocab.json`, `merges.txt`) that `loadHuggingFaceModel`
 * from `@fewshot/model` reads. Resolved from this file, so it holds from `src/` and `dist/` alike.
 */
export const MINI_MODEL_DIRECTORY = fileURLToPath(new URL('../model/', import.meta.url));
