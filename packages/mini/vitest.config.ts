import { fewshotTestConfig } from '@fewshot/vitest-config';

// The tests run the shipped model over held-out text and hundreds of prompts: seconds alone, a
// minute or more where CI runs other packages' tests beside them on two cores.
export default fewshotTestConfig({ testTimeout: 180_000 });
