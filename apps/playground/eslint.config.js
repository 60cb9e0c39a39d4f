import { createConfig } from '@fewshot/eslint-config';

export default [
  ...createConfig(import.meta.dirname),
  {
    // The page's plain ES modules are type-checked by `tsc -p tsconfig.ui.json` (checkJs, DOM
    // types), which already reports undefined names; ESLint does not know the browser globals.
    files: ['public/**/*.js'],
    rules: { 'no-undef': 'off' },
  },
];
