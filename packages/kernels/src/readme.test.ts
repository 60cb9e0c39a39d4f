import { createModelConfig } from '@fewshot/config';
import { GptModel, selectBrowserBackend } from '@fewshot/model';
import { runReadmeExampleAsync } from '@fewshot/vitest-config/readme';
import { describe, expect, it } from 'vitest';
import {
  DECODING_TOLERANCES,
  installKernels,
  logProbabilityShift,
  quantizeForDecoding,
  wasmMemoryUsage,
} from './index.js';

describe('README example', () => {
  it('runs as written: a decoding step on WASM with the kernels installed', async () => {
    const printed = await runReadmeExampleAsync(new URL('../README.md', import.meta.url), {
      createModelConfig,
      installKernels,
      wasmMemoryUsage,
      GptModel,
      selectBrowserBackend,
    });
    expect(printed).toEqual(['wasm 512', 'heap in use: true']);
  });

  it('runs as written: decoding from 8-bit weights, within their tolerance', async () => {
    const bindings = {
      createModelConfig,
      DECODING_TOLERANCES,
      installKernels,
      logProbabilityShift,
      quantizeForDecoding,
      GptModel,
      selectBrowserBackend,
    };
    const printed = await runReadmeExampleAsync(new URL('../README.md', import.meta.url), bindings, 1);
    expect(printed).toEqual(['9 weights, 0.27 of their bytes', '512', 'true']);
  });
});
