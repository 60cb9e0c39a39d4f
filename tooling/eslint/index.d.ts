import type { Linter } from 'eslint';

export declare function createConfig(tsconfigRootDir: string): Linter.Config[];
