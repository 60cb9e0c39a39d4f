import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { watchOtherLoad } from './other-load.js';

describe('watchOtherLoad', () => {
  it.runIf(process.platform === 'linux')('counts a busy child process, which this one waits for', async () => {
    const otherLoad = watchOtherLoad();
    // A child that keeps a core busy for 800 ms: on two cores shared with the other test files
    // it gets two thirds of one at least, while this process sleeps.
    const child = spawn(process.execPath, ['-e', 'const end = Date.now() + 800; while (Date.now() < end);']);
    await once(child, 'exit');
    expect(otherLoad()).toBeGreaterThan(0.25);
  });
});
