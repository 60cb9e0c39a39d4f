import { fewshotTestConfig } from '@fewshot/vitest-config';

export default fewshotTestConfig();
