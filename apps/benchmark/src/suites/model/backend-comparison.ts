import type { ModelConfig } from '@fewshot/config';
import type { GptModel } from '@fewshot/model';
import { type BackendName, selectBackend } from '@fewshot/model/node';
import { type ThroughputRow, measureThroughput } from './throughput.js';

/** One model on one backend: its throughput, with that backend's matMul ceiling on the model's shapes. */
export interface BackendRow {
  readonly backend: BackendName;
  readonly model: string;
  /** Why the backend was not measured (e.g. tfjs-node is not installed). */
  readonly absent?: string;
  readonly throughput?: ThroughputRow;
}

export interface BackendCase {
  readonly backend: BackendName;
  readonly config: ModelConfig;
  readonly load: () => Promise<GptModel>;
  readonly context: number;
  readonly warmup: number;
  readonly repeats: number;
  readonly steps: number;
}

/**
 * Measures one model on one backend at one context, from a model built on that backend (weights
 * created where they are used, not copied across on first use). A backend that cannot start is
 * reported as absent with the reason, not as a failure: tfjs-node is an optional peer.
 */
export async function measureOnBackend(test: BackendCase, log: (line: string) => void): Promise<BackendRow> {
  const model = test.config.name;
  try {
    await selectBackend(test.backend);
  } catch (error) {
    const absent = (error as Error).message;
    log(`${test.backend}: absent (${absent})`);
    return { backend: test.backend, model, absent };
  }
  const loaded = await test.load();
  try {
    const [throughput] = await measureThroughput(loaded, [test.context], test, (line) => {
      log(`${test.backend}: ${line}`);
    });
    return { backend: test.backend, model, ...(throughput === undefined ? {} : { throughput }) };
  } finally {
    loaded.dispose();
  }
}
