import { describe, expect, it } from 'vitest';
import { GenerationQueue } from './generation-queue.js';
import { ApiError } from './http/api-error.js';

/** A task that runs until `release` is called, recording when it started. */
function gate(log: string[], name: string): { task: () => Promise<string>; release: () => void } {
  let release: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (release = resolve));
  return {
    task: async () => {
      log.push(`start ${name}`);
      await done;
      return name;
    },
    release: () => {
      release();
    },
  };
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('GenerationQueue', () => {
  it('runs tasks one at a time in arrival order', async () => {
    const queue = new GenerationQueue({ concurrency: 1, capacity: 4 });
    const log: string[] = [];
    const [a, b, c] = ['a', 'b', 'c'].map((name) => gate(log, name)) as [
      ReturnType<typeof gate>,
      ReturnType<typeof gate>,
      ReturnType<typeof gate>,
    ];
    const results = [a, b, c].map((g) => queue.run(g.task, new AbortController().signal));
    await tick();
    expect(log).toEqual(['start a']);
    expect(queue.depth).toEqual({ running: 1, waiting: 2 });
    a.release();
    await tick();
    expect(log).toEqual(['start a', 'start b']);
    b.release();
    c.release();
    expect(await Promise.all(results)).toEqual(['a', 'b', 'c']);
    expect(queue.depth).toEqual({ running: 0, waiting: 0 });
  });

  it('refuses beyond its capacity with a 429 and a Retry-After of at least one second', async () => {
    const queue = new GenerationQueue({ concurrency: 1, capacity: 1 });
    const log: string[] = [];
    const running = gate(log, 'running');
    const waiting = gate(log, 'waiting');
    const first = queue.run(running.task, new AbortController().signal);
    const second = queue.run(waiting.task, new AbortController().signal);
    const refused: unknown = await queue
      .run(() => Promise.resolve('late'), new AbortController().signal)
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ApiError);
    expect((refused as ApiError).status).toBe(429);
    expect((refused as ApiError).code).toBe('queue_full');
    expect(Number((refused as ApiError).headers['Retry-After'])).toBeGreaterThanOrEqual(1);
    running.release();
    waiting.release();
    await Promise.all([first, second]);
  });

  it('drops a waiting task whose signal aborts, without running it, and hands the slot on', async () => {
    const queue = new GenerationQueue({ concurrency: 1, capacity: 4 });
    const log: string[] = [];
    const running = gate(log, 'running');
    const abandoned = gate(log, 'abandoned');
    const next = gate(log, 'next');
    const controller = new AbortController();
    const first = queue.run(running.task, new AbortController().signal);
    const dropped = queue.run(abandoned.task, controller.signal).catch((error: unknown) => (error as Error).message);
    const third = queue.run(next.task, new AbortController().signal);
    controller.abort(new Error('client went away'));
    expect(await dropped).toBe('client went away');
    expect(queue.depth).toEqual({ running: 1, waiting: 1 });
    running.release();
    next.release();
    expect(await Promise.all([first, third])).toEqual(['running', 'next']);
    expect(log).toEqual(['start running', 'start next']);
  });

  it('frees its slot when a task throws', async () => {
    const queue = new GenerationQueue({ concurrency: 1, capacity: 1 });
    await expect(
      queue.run(() => Promise.reject(new Error('model failed')), new AbortController().signal),
    ).rejects.toThrow('model failed');
    expect(await queue.run(() => Promise.resolve('ok'), new AbortController().signal)).toBe('ok');
  });
});
