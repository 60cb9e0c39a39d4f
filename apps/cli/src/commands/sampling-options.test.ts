import { ANSWER_QUESTION_DEFAULTS } from '@fewshot/prompting';
import { type GenerationConfig, resolveGenerationConfig } from '@fewshot/sampling';
import { describe, expect, it } from 'vitest';
import { NUMERIC_FLAGS, SAMPLING_OPTIONS, TEXT_FLAGS, samplingOptionsWithDefaults } from './sampling-options.js';

describe('SAMPLING_OPTIONS', () => {
  it("states @fewshot/sampling's own default for every flag that has one", () => {
    const resolved = resolveGenerationConfig({}, 100) as unknown as Record<string, unknown>;
    // Defaults that are not one value: a random seed, n, no logprobs, no time limit.
    const described = { seed: 'random, printed with --json', 'best-of': 'N', logprobs: 'off', 'time-limit-ms': 'none' };
    const fields: Record<string, keyof GenerationConfig> = { ...NUMERIC_FLAGS, ...TEXT_FLAGS };
    for (const [flag, field] of Object.entries(fields)) {
      const option = SAMPLING_OPTIONS[flag as keyof typeof SAMPLING_OPTIONS];
      const defaultText = 'defaultText' in option ? option.defaultText : undefined;
      if (flag in described) {
        expect({ flag, defaultText }).toEqual({ flag, defaultText: described[flag as keyof typeof described] });
        continue;
      }
      // "16", "0 (off)", "power": the value, then any explanation in parentheses.
      const stated = /^(\S+)(?: \(.*\))?$/.exec(defaultText ?? '')?.[1];
      expect({ flag, stated }).toEqual({ flag, stated: String(resolved[field]) });
    }
  });

  it("shows an application's defaults in place of the sampling package's", () => {
    const table = samplingOptionsWithDefaults(ANSWER_QUESTION_DEFAULTS);
    expect(table['max-new-tokens']).toMatchObject({ defaultText: '100' });
    expect(table.temperature).toMatchObject({ defaultText: '0' });
    expect(table.stop).toMatchObject({ defaultText: '"\\n"' });
    expect(table['top-p']).toEqual(SAMPLING_OPTIONS['top-p']);
  });
});
