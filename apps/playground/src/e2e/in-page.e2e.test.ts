import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MINI_MODEL_DIRECTORY } from '@fewshot/mini';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBrowserBundle } from '../browser-bundle/build-browser-bundle.js';
import { launchChromium } from '../__fixtures__/chromium-executable.js';
import { postJson, rawRequest } from '../__fixtures__/raw-http.js';
import { type TestServer, startTestServer } from '../__fixtures__/test-server.js';

const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));
const MODEL_ID = 'fewshot-mini';
const PROMPTS = ['Once upon a time', 'The meaning of life is', 'Q: What is the capital of France?\nA:'];
const MAX_TOKENS = 40;
/** What the page must say of the model: the served directory's own config. */
const { nLayer, contextLength } = (
  JSON.parse(readFileSync(join(MINI_MODEL_DIRECTORY, 'config.json'), 'utf8')) as {
    fewshot_config: { nLayer: number; contextLength: number };
  }
).fewshot_config;

let bundleDirectory: string;
let server: TestServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  await mkdir(ARTIFACTS, { recursive: true });
  bundleDirectory = await mkdtemp(join(tmpdir(), 'fewshot-in-page-bundle-'));
  await buildBrowserBundle(bundleDirectory);
  // The bundled default model, served as `pnpm start` serves it.
  server = await startTestServer(MINI_MODEL_DIRECTORY, { id: MODEL_ID, browserBundleDirectory: bundleDirectory });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(server.baseUrl);
  await page.waitForSelector('body[data-ready="true"]');
}, 120_000);

afterAll(async () => {
  await browser.close();
  await server.close();
  await rm(bundleDirectory, { recursive: true, force: true });
});

describe('"Run in this browser" in headless Chromium', () => {
  it("loads the served model's files into the page, showing each file's progress", async () => {
    const listing = (await rawRequest(`${server.baseUrl}/api/model/files`)).json as {
      model?: string;
      files?: { name: string; size: number }[];
    };
    expect(listing.model).toBe(MODEL_ID);
    await page.check('#run-in-browser');
    await page.waitForSelector('body[data-in-page="ready"]', { timeout: 90_000 });
    // The files fewshot-mini's directory holds, each shown loaded to its size on the server.
    const rows = await Promise.all(
      (await page.locator('#in-page-files li').all()).map(async (row) => ({
        name: await row.getAttribute('data-file'),
        loaded: Number(await row.getAttribute('data-loaded')),
      })),
    );
    const sizes = new Map((listing.files ?? []).map((file) => [file.name, file.size]));
    expect(rows.map((row) => row.name).sort()).toEqual([
      'config.json',
      'merges.txt',
      'model.safetensors',
      'vocab.json',
    ]);
    for (const row of rows) expect(row.loaded, row.name ?? undefined).toBe(sizes.get(row.name ?? ''));
    const total = rows.reduce((sum, row) => sum + row.loaded, 0);
    const bar = await Promise.all(['value', 'max'].map((name) => page.getAttribute('#in-page-progress', name)));
    expect(bar.map(Number)).toEqual([total, total]);
    expect(await page.textContent('#in-page-status')).toMatch(
      new RegExp(`^${MODEL_ID} runs in this browser · ${nLayer} layers · ${contextLength}-token context · wasm · `),
    );
    await page.screenshot({ path: `${ARTIFACTS}playground-in-page.png`, fullPage: true });
  }, 120_000);

  it("counts the prompt's tokens with the page's tokenizer, as the server does", async () => {
    await page.fill('#prompt', PROMPTS[2] ?? '');
    const served = (await postJson(`${server.baseUrl}/api/tokenize`, { text: PROMPTS[2] })).json as { count?: number };
    await expect.poll(() => page.textContent('#token-count')).toBe(`${String(served.count)} / ${contextLength} tokens`);
  });

  it("generates greedily in the page the server's completion, token for token", async () => {
    await page.fill('#temperature', '0');
    await page.fill('#max_tokens', String(MAX_TOKENS));
    await page.check('#show-probabilities');
    for (const prompt of PROMPTS) {
      await page.fill('#prompt', prompt);
      await page.click('#generate');
      await page.waitForSelector('.completion[data-finish-reason]', { timeout: 60_000 });
      const tokens = await page.locator('.completion .token').allTextContents();
      const spans = await page.locator('.completion .token').all();
      const logprobs = await Promise.all(spans.map(async (span) => Number(await span.getAttribute('data-logprob'))));
      const finishReason = await page.getAttribute('.completion', 'data-finish-reason');
      const expected = await postJson(`${server.baseUrl}/v1/completions`, {
        model: MODEL_ID,
        prompt,
        max_tokens: MAX_TOKENS,
        temperature: 0,
        logprobs: 1,
      });
      const choice = (
        expected.json.choices as { logprobs: { tokens: string[]; token_logprobs: number[] }; finish_reason: string }[]
      )[0];
      expect(tokens, prompt).toEqual(choice?.logprobs.tokens);
      expect(finishReason, prompt).toBe(choice?.finish_reason);
      // Both run TF.js's WASM backend, the page's in Chromium, the server's in Node.
      for (const [i, logprob] of logprobs.entries()) {
        expect(logprob, `${prompt} token ${String(i)}`).toBeCloseTo(
          choice?.logprobs.token_logprobs[i] ?? Number.NaN,
          3,
        );
      }
    }
    await page.screenshot({ path: `${ARTIFACTS}playground-in-page-probabilities.png`, fullPage: true });
    await page.uncheck('#show-probabilities');
  }, 180_000);

  it("streams the completion into the page in pieces, with the server's text", async () => {
    const prompt = PROMPTS[0] ?? '';
    const completionsServed = server.logLines.filter((line) => line.includes(' POST /v1/completions ')).length;
    await page.fill('#prompt', prompt);
    await page.click('#generate');
    await page.waitForSelector('.completion[data-finish-reason]', { timeout: 60_000 });
    const pieces = await page.locator('.completion .generated').allTextContents();
    expect(pieces.length).toBeGreaterThan(1);
    // Generated in the page: the server was not asked.
    expect(server.logLines.filter((line) => line.includes(' POST /v1/completions ')).length).toBe(completionsServed);
    const expected = await postJson(`${server.baseUrl}/v1/completions`, {
      model: MODEL_ID,
      prompt,
      max_tokens: MAX_TOKENS,
      temperature: 0,
    });
    expect(pieces.join('')).toBe((expected.json.choices as { text: string }[])[0]?.text);
    expect(await page.textContent('.completion .echo')).toBe(prompt);
  }, 120_000);

  it('goes back to the server when switched off', async () => {
    await page.uncheck('#run-in-browser');
    expect(await page.getAttribute('body', 'data-in-page')).toBeNull();
    expect(await page.isHidden('#in-page')).toBe(true);
    const served = (): number => server.logLines.filter((line) => line.includes(' POST /v1/completions 200 ')).length;
    const before = served();
    await page.click('#generate');
    await page.waitForSelector('.completion[data-finish-reason]', { timeout: 60_000 });
    expect(served()).toBe(before + 1);
  });
});
