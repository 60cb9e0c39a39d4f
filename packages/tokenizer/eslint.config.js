import { createConfig } from '@fewshot/eslint-config';

export default [
  ...createConfig(import.meta.dirname),
  {
    // The BPE inner loops index typed arrays with loop-bounded indices; under
    // noUncheckedIndexedAccess each read is `number | undefined`, and `a[i]!` is the least
    // noisy correct spelling (the style rule forbids the `as number` alternative).
    files: ['src/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    files: ['scripts/**/*.mjs'],
    languageOptions: { globals: { Buffer: 'readonly', URL: 'readonly', console: 'readonly' } },
  },
];
