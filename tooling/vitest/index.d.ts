import type { UserConfig } from 'vitest/config';

export declare function fewshotTestConfig(options?: { testTimeout?: number }): UserConfig;
