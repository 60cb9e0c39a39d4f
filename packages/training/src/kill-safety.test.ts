import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '@fewshot/model/testing';
import { loadHuggingFaceModel } from '@fewshot/model/node';
import { findLatestCheckpoint, loadTrainingCheckpoint } from './training-checkpoint.js';

const CHILD = fileURLToPath(new URL('./__fixtures__/train-until-killed.ts', import.meta.url));
const LOADER = new URL('./typescript-source/typescript-loader.mjs', import.meta.url).href;

let out: string;
beforeAll(async () => {
  await tf.setBackend('cpu');
  out = await mkdtemp(join(tmpdir(), 'fewshot-kill-'));
});
afterAll(async () => {
  await rm(out, { recursive: true, force: true });
});

/**
 * Starts the training child on `workers` workers, waits until it has completed `checkpoints` more
 * checkpoints, then SIGKILLs it `delayMs` later (anywhere in a step or in the middle of writing a
 * checkpoint). Returns the last checkpoint step the child reported complete.
 */
function trainThenKill(checkpoints: number, delayMs: number, workers: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const args = ['--conditions=@fewshot/source', '--import', LOADER, CHILD, out, String(workers)];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let reported = -1;
    let seen = 0;
    let stderr = '';
    let killing = false;
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      for (const match of chunk.toString().matchAll(/checkpoint (\d+)/g)) {
        reported = Math.max(reported, Number(match[1]));
        seen++;
      }
      if (seen >= checkpoints && !killing) {
        killing = true;
        setTimeout(() => child.kill('SIGKILL'), delayMs);
      }
    });
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve(reported);
      else reject(new Error(`training child exited with ${String(code)} before it was killed:\n${stderr}`));
    });
  });
}

describe('killing a training process', () => {
  it('at random moments never leaves a corrupt checkpoint and loses at most one interval', async () => {
    const random = seededRandom(2024);
    let previousStep = 0;
    for (let round = 0; round < 5; round++) {
      // Rounds alternate one and two workers: each resumes the other's checkpoint.
      const reported = await trainThenKill(1 + Math.floor(random() * 3), Math.floor(random() * 250), 1 + (round % 2));
      const latest = await findLatestCheckpoint(out);
      expect(latest, `round ${round}`).toBeDefined();
      const checkpoint = await loadTrainingCheckpoint(latest ?? '');
      // The checkpoint interval is one step: every step reported complete survives the kill.
      expect(checkpoint.trainer.step).toBeGreaterThanOrEqual(reported);
      expect(checkpoint.trainer.step).toBeGreaterThan(previousStep);
      previousStep = checkpoint.trainer.step;
      checkpoint.model.dispose();
      // `latest` always points at a whole Hugging Face directory.
      const { model } = await loadHuggingFaceModel(join(out, 'latest'));
      model.dispose();
      const complete = (await readdir(out)).filter((name) => /^checkpoint-\d+$/.test(name));
      expect(complete.length).toBeGreaterThanOrEqual(1);
    }
  }, 180_000);
});
