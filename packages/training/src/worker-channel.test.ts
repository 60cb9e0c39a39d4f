import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { TrainingWorkerError, WorkerChannel } from './worker-channel.js';

const FIXTURE = new URL('./__fixtures__/failing-worker.mjs', import.meta.url);

interface Reply {
  readonly type: string;
  readonly message?: unknown;
}

/** A channel to the fixture worker behaving as `behaviour`, once it said it is ready. */
async function channelTo(
  behaviour: string,
  options: { resourceLimits?: Worker['resourceLimits'] } = {},
): Promise<WorkerChannel<unknown, Reply>> {
  const channel = new WorkerChannel<unknown, Reply>(
    new Worker(FIXTURE, { workerData: behaviour, ...options }),
    'training worker 2 of 2',
  );
  expect(await channel.next('while starting')).toEqual({ type: 'ready' });
  return channel;
}

/** Posts a request and returns the failure of the reply awaited for it. */
async function failureOf(channel: WorkerChannel<unknown, Reply>): Promise<unknown> {
  channel.post({ step: 1 });
  try {
    return await channel.next('at step 1').then(
      () => undefined,
      (error: unknown) => error,
    );
  } finally {
    await channel.close();
  }
}

describe('WorkerChannel', () => {
  it('passes replies through in order', async () => {
    const channel = await channelTo('echo');
    channel.post(1);
    channel.post(2);
    expect(await channel.next('at step 1')).toEqual({ type: 'echo', message: 1 });
    expect(await channel.next('at step 2')).toEqual({ type: 'echo', message: 2 });
    await channel.close();
  });

  it('turns an error reply into an error naming the worker and the step', async () => {
    const error = await failureOf(await channelTo('error-reply'));
    expect(error).toBeInstanceOf(TrainingWorkerError);
    expect((error as Error).message).toBe(
      'training worker 2 of 2 failed at step 1: GatherV2: the index value 99 is not in [0, 23]',
    );
  });

  it('rejects the awaited reply when the worker exits', async () => {
    const error = await failureOf(await channelTo('exit'));
    expect((error as Error).message).toBe('training worker 2 of 2 exited with code 3 at step 1');
  });

  it('rejects the awaited reply when the worker throws', async () => {
    const error = await failureOf(await channelTo('throw'));
    expect((error as Error).message).toBe('training worker 2 of 2 crashed at step 1: uncaught in the worker');
  });

  it('rejects the awaited reply when the worker runs out of memory, and every later one', async () => {
    const channel = await channelTo('out-of-memory', {
      resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 4 },
    });
    channel.post({ step: 1 });
    await expect(channel.next('at step 1')).rejects.toThrow(/^training worker 2 of 2 crashed at step 1: .*memory/);
    await expect(channel.next('at step 2')).rejects.toThrow(/crashed at step 1/);
    expect(() => {
      channel.post({ step: 2 });
    }).toThrow(TrainingWorkerError);
    await channel.close();
  });
});
