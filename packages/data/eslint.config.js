import { createConfig } from '@fewshot/eslint-config';

export default [
  ...createConfig(import.meta.dirname),
  {
    files: ['scripts/**/*.mjs'],
    languageOptions: { globals: { Buffer: 'readonly', console: 'readonly', process: 'readonly' } },
  },
];
