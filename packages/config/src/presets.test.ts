import { describe, expect, it } from 'vitest';
import { ConfigError } from './config-error.js';
import { countParameters } from './parameters.js';
import { PRESET_NAMES, getPreset } from './presets.js';

describe('presets', () => {
  // Brown et al. 2020, Table 2.1 ("n_params"): within 2%, the precision of the paper's labels.
  it.each([
    ['gpt3-small', 125e6],
    ['gpt3-medium', 350e6],
    ['gpt3-large', 760e6],
    ['gpt3-xl', 1.3e9],
    ['gpt3-2.7b', 2.7e9],
    ['gpt3-6.7b', 6.7e9],
    ['gpt3-13b', 13e9],
    ['gpt3-175b', 175e9],
  ])('%s has the parameter count of GPT-3 Table 2.1 (%d)', (name, published) => {
    const { total } = countParameters(getPreset(name));
    expect(Math.abs(total - published) / published).toBeLessThan(0.02);
  });

  // Exact counts of the released checkpoints, as Hugging Face's model.num_parameters() reports them.
  it.each([
    ['gpt1', 116_534_784],
    ['gpt2', 124_439_808],
    ['gpt2-medium', 354_823_168],
    ['gpt2-large', 774_030_080],
    ['gpt2-xl', 1_557_611_200],
    ['gpt-neo-125m', 125_198_592],
  ])('%s has exactly the released checkpoint parameter count %d', (name, released) => {
    expect(countParameters(getPreset(name)).total).toBe(released);
  });

  it('GPT-3 sizes use n_ctx 2048, d_ff = 4·d_model, and alternate dense and locally banded layers', () => {
    for (const name of PRESET_NAMES.filter((n) => n.startsWith('gpt3-'))) {
      const config = getPreset(name);
      expect(config.contextLength).toBe(2048);
      expect(config.dFf).toBe(4 * config.dModel);
      expect(config.attention).toHaveLength(config.nLayer);
      config.attention.forEach((pattern, layer) => {
        expect(pattern.type).toBe(layer % 2 === 0 ? 'dense' : 'local');
      });
    }
  });

  it('GPT-3 Table 2.1 shapes: layers, d_model, heads and head size', () => {
    const table = [
      ['gpt3-small', 12, 768, 12, 64],
      ['gpt3-medium', 24, 1024, 16, 64],
      ['gpt3-large', 24, 1536, 16, 96],
      ['gpt3-xl', 24, 2048, 16, 128], // the paper prints 24 heads, inconsistent with 2048 = heads × 128
      ['gpt3-2.7b', 32, 2560, 32, 80],
      ['gpt3-6.7b', 32, 4096, 32, 128],
      ['gpt3-13b', 40, 5120, 40, 128],
      ['gpt3-175b', 96, 12288, 96, 128],
    ] as const;
    for (const [name, nLayer, dModel, nHead, dHead] of table) {
      const config = getPreset(name);
      expect([config.nLayer, config.dModel, config.nHead, config.dModel / config.nHead]).toEqual([
        nLayer,
        dModel,
        nHead,
        dHead,
      ]);
    }
  });

  it('names the allowed presets when asked for an unknown one', () => {
    expect(() => getPreset('gpt4')).toThrow(ConfigError);
    expect(() => getPreset('gpt4')).toThrow(/preset = "gpt4" is invalid: expected one of gpt1, gpt2, .*gpt3-175b/);
  });
});
