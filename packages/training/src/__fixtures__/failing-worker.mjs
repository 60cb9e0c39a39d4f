// A worker thread for worker-channel.test.ts: says it is ready, then answers each message as
// `workerData` says — echoing it, or failing in one of the ways a training worker can fail.
import process from 'node:process';
import { parentPort, workerData } from 'node:worker_threads';

parentPort.postMessage({ type: 'ready' });
parentPort.on('message', (message) => {
  if (workerData === 'echo') parentPort.postMessage({ type: 'echo', message });
  if (workerData === 'error-reply')
    parentPort.postMessage({ type: 'error', message: 'GatherV2: the index value 99 is not in [0, 23]' });
  if (workerData === 'exit') process.exit(3);
  if (workerData === 'throw') throw new Error('uncaught in the worker');
  if (workerData === 'out-of-memory') {
    const hoard = [];
    for (;;) hoard.push(Array.from({ length: 1e5 }, (_, i) => ({ i })));
  }
});
