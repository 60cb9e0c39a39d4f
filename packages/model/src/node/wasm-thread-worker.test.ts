import { resolveObjectURL } from 'node:buffer';
import * as workerThreads from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { pthreadWorkerClass } from './wasm-thread-worker.js';

const GLUE = '/packages/glue/threaded-simd.js';

// A stand-in pthread script: echoes every message, and says which globals a classic script defines.
const ECHO = `var scriptGlobal = 1;
require('node:worker_threads').parentPort.on('message', (message) => {
  require('node:worker_threads').parentPort.postMessage({ message, scriptGlobal: typeof globalThis.scriptGlobal });
});`;

describe('pthreadWorkerClass', () => {
  it('runs a blob: script as a classic script, in order, with the glue path for the main script', async () => {
    const PthreadWorker = pthreadWorkerClass(workerThreads, resolveObjectURL, GLUE);
    const worker = new PthreadWorker(URL.createObjectURL(new Blob([ECHO])));
    const replies: unknown[] = [];
    const done = new Promise<void>((resolve, reject) => {
      worker.on('error', reject);
      worker.on('message', (reply) => {
        if (replies.push(reply) === 3) resolve();
      });
    });
    // Posted before the script's text has been read: they wait behind it.
    worker.postMessage({ cmd: 'first' });
    worker.postMessage({ cmd: 'load', urlOrBlob: new Blob(['var WasmBackendModule;']), handlers: [] });
    worker.postMessage({ cmd: 'run', arg: 7 });
    await done;
    await worker.terminate();
    expect(replies).toEqual([
      { message: { cmd: 'first' }, scriptGlobal: 'number' },
      { message: { cmd: 'load', urlOrBlob: GLUE, handlers: [] }, scriptGlobal: 'number' },
      { message: { cmd: 'run', arg: 7 }, scriptGlobal: 'number' },
    ]);
  });

  it('refuses a script that is not a blob: URL of this thread, naming it', () => {
    const PthreadWorker = pthreadWorkerClass(workerThreads, resolveObjectURL, GLUE);
    expect(() => new PthreadWorker('./pthread.worker.js')).toThrow(
      'pthread worker script "./pthread.worker.js" is not a blob: URL of this thread',
    );
  });
});
