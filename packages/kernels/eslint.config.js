import { createConfig } from '@fewshot/eslint-config';

export default createConfig(import.meta.dirname);
