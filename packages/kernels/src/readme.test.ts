import { createModelConfig } from '@fewshot/config';
import { GptModel, selectBrowserBackend } from '@fewshot/model';
import { runReadmeExampleAsync } from '@fewshot/vitest-config/readme';
import { describe, expect, it } from 'vitest';
import { installKernels, wasmMemoryUsage } from './index.js';

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
});
