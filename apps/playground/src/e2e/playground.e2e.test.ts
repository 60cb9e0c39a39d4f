import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { answerQuestion, buildFewShotPrompt, classify } from '@fewshot/prompting';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../__fixtures__/chromium-executable.js';
import { postJson } from '../__fixtures__/raw-http.js';
import {
  TEST_MODEL_ID,
  type TestServer,
  removeDirectory,
  startTestServer,
  writeTinyCheckpoint,
} from '../__fixtures__/test-server.js';

const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));
/**
 * How long a poll waits for an answer the page generates: up to 100 tokens, which depends on what
 * the bundled model answers and on the machine (seconds in CI beside other tasks), not the 1 s default.
 */
const GENERATION = { timeout: 30_000 };

let directory: string;
let server: TestServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  await mkdir(ARTIFACTS, { recursive: true });
  directory = await writeTinyCheckpoint();
  server = await startTestServer(directory);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(server.baseUrl);
  await page.waitForSelector('body[data-ready="true"]');
}, 120_000);

afterAll(async () => {
  await browser.close();
  await server.close();
  await removeDirectory(directory);
});

const encode = (text: string): number[] => server.served.tokenizer.encode(text, 'all');

describe('the playground page in headless Chromium', () => {
  it('shows the served model and counts the prompt tokens against the context', async () => {
    await expect.poll(() => page.textContent('#model-status')).toContain(TEST_MODEL_ID);
    await page.fill('#prompt', 'Once upon a time there was');
    await expect
      .poll(() => page.textContent('#token-count'))
      .toBe(`${encode('Once upon a time there was').length} / 64 tokens`);
  });

  it("streams a completion after Ctrl+Enter, in pieces, equal to the API's answer for the same seed", async () => {
    await page.fill('#seed', '11');
    await page.fill('#max_tokens', '12');
    await page.focus('#prompt');
    await page.keyboard.press('Control+Enter');
    await page.waitForSelector('.completion[data-finish-reason]');
    const pieces = await page.locator('.completion .generated').allTextContents();
    expect(pieces.length).toBeGreaterThan(1);
    const expected = await postJson(`${server.baseUrl}/v1/completions`, {
      model: TEST_MODEL_ID,
      prompt: 'Once upon a time there was',
      max_tokens: 12,
      temperature: 0.7,
      seed: 11,
    });
    expect(pieces.join('')).toBe((expected.json.choices as { text: string }[])[0]?.text);
    expect(await page.textContent('.completion .echo')).toBe('Once upon a time there was');
    await page.screenshot({ path: `${ARTIFACTS}playground-complete.png`, fullPage: true });
    await page.click('#append');
    expect(await page.inputValue('#prompt')).toBe(`Once upon a time there was${pieces.join('')}`);
    expect(await page.locator('.completion').count()).toBe(0);
  });

  it('stops a long generation with the Stop button', async () => {
    await page.fill('#max_tokens', '56');
    await page.fill('#n', '8');
    await page.fill('#prompt', 'Once');
    await page.click('#generate');
    await page.waitForSelector('.completion .generated');
    await page.click('#stop');
    await expect.poll(() => page.isEnabled('#generate'), { timeout: 5000 }).toBe(true);
    // Eight 56-token completions would fill eight blocks; the stop came during the first.
    expect(await page.locator('.completion').count()).toBeLessThan(8);
    await page.fill('#n', '1');
  });

  it('colours tokens by probability and shows the top alternatives on hover', async () => {
    await page.check('#show-probabilities');
    await page.fill('#max_tokens', '8');
    await page.fill('#prompt', 'The weather today is');
    await page.click('#generate');
    await page.waitForSelector('.completion[data-finish-reason]');
    const tokens = page.locator('.completion .token');
    expect(await tokens.count()).toBe(8);
    const first = tokens.first();
    expect(await first.getAttribute('style')).toMatch(/^background-color: rgb\(/);
    await first.hover();
    await page.waitForSelector('#token-popover:not([hidden])');
    const alternatives = await page.locator('#token-popover li').allTextContents();
    expect(alternatives).toHaveLength(5);
    for (const alternative of alternatives) expect(alternative).toMatch(/%$/);
    // The chosen token's probability, from its logprob, is the one in the popover title.
    const logprob = Number(await first.getAttribute('data-logprob'));
    expect(await page.textContent('#token-popover .popover-title')).toContain(
      `${(Math.exp(logprob) * 100).toFixed(Math.exp(logprob) >= 0.1 ? 1 : 2)}%`,
    );
    await page.screenshot({ path: `${ARTIFACTS}playground-probabilities.png`, fullPage: true });
    await page.uncheck('#show-probabilities');
  });

  it('builds zero-, one- and few-shot prompts with buildFewShotPrompt and answers the query', async () => {
    await page.click('#tab-fewshot');
    const examples = [
      { input: 'sea otter', output: 'loutre de mer' },
      { input: 'peppermint', output: 'menthe poivrée' },
      { input: 'plush giraffe', output: 'girafe peluche' },
    ];
    // As the server builds it: fitted to the 64-token context with 16 tokens kept for the answer,
    // so the demonstration farthest from the query is dropped.
    const build = (query: string, shots: number): ReturnType<typeof buildFewShotPrompt> =>
      buildFewShotPrompt({
        description: 'Translate English to French.',
        examples,
        query,
        shots,
        tokenizer: { encode },
        maxTokens: 64,
        reserveTokens: 16,
      });
    const few = build('cheese', 3);
    expect(few.shotsUsed).toBe(2);
    await expect.poll(() => page.textContent('#fs-prompt')).toBe(few.prompt);
    await expect
      .poll(() => page.textContent('#fs-token-count'))
      .toBe(`${few.tokenCount ?? 0} / 64 tokens, 2 shots (1 dropped to fit the context)`);
    await page.check('input[name="fs-mode"][value="zero"]');
    await expect.poll(() => page.textContent('#fs-prompt')).toBe(build('cheese', 0).prompt);
    await page.check('input[name="fs-mode"][value="one"]');
    await expect.poll(() => page.textContent('#fs-prompt')).toBe(build('cheese', 1).prompt);
    await expect.poll(() => page.textContent('#fs-token-count')).toContain('1 shot');
    await page.check('input[name="fs-mode"][value="few"]');
    await page.fill('#fs-query', 'bread');
    const bread = build('bread', 3).prompt;
    await expect.poll(() => page.textContent('#fs-prompt')).toBe(bread);

    await page.click('#fs-generate');
    await expect.poll(() => page.textContent('#fs-result'), GENERATION).not.toBe('…');
    const answer = await postJson(`${server.baseUrl}/v1/completions`, {
      model: TEST_MODEL_ID,
      prompt: bread,
      max_tokens: 16,
      temperature: 0,
      stop: ['\n'],
    });
    expect(await page.textContent('#fs-result')).toBe((answer.json.choices as { text: string }[])[0]?.text);
    await page.screenshot({ path: `${ARTIFACTS}playground-fewshot.png`, fullPage: true });
  });

  it("shows each layer's pattern and per-head attention heatmaps for the prompt", async () => {
    await page.click('#tab-attention');
    await page.fill('#attention-prompt', 'The cat sat on the mat.');
    await page.click('#attention-run');
    await page.waitForSelector('.attention-layer');
    const layers = page.locator('.attention-layer');
    expect(await layers.count()).toBe(2);
    expect(await layers.nth(0).locator('h3').textContent()).toBe('Layer 0 — dense');
    expect(await layers.nth(1).locator('h3').textContent()).toBe('Layer 1 — local(8)');
    // One pattern mask and one heatmap per head (2 heads) in each layer.
    expect(await layers.nth(1).locator('canvas').count()).toBe(3);
    const heatmap = layers.nth(0).locator('canvas[aria-label="Layer 0 head 1 attention weights"]');
    const box = await heatmap.boundingBox();
    if (box === null) throw new Error('the heatmap is not visible');
    // The last query row, first key column: the last token's attention to the first.
    await page.mouse.move(box.x + 2, box.y + box.height - 2);
    await page.waitForSelector('#attention-tooltip:not([hidden])');
    expect(await page.textContent('#attention-tooltip')).toMatch(/^head 1: “\.” → “The” \d+\.\d%$/);
    await page.screenshot({ path: `${ARTIFACTS}playground-attention.png`, fullPage: true });
  });

  it('answers a question and classifies a text in the Applications tab as @fewshot/prompting does', async () => {
    const { model, tokenizer, eosTokenId } = server.served;
    await page.click('#tab-apps');
    await page.selectOption('#app-template', 'qa');
    await page.fill('#app-question', 'Who wrote the letter?');
    await page.fill('#app-context', 'The letter was written by Anna in Paris.');
    await page.click('#app-run');
    const appResult = async () => ['', '…'].includes((await page.textContent('#app-result')) ?? '');
    await expect.poll(appResult, GENERATION).toBe(false);
    const answered = await answerQuestion(model, tokenizer, 'Who wrote the letter?', {
      context: 'The letter was written by Anna in Paris.',
      ...(eosTokenId === undefined ? {} : { eosTokenId }),
    });
    expect(await page.textContent('#app-prompt')).toBe(answered.prompt);
    expect(await page.textContent('#app-result')).toBe(answered.answer);

    await page.selectOption('#app-template', 'classify');
    await page.click('#app-run');
    await page.waitForSelector('#app-scores tr');
    const classified = await classify(model, tokenizer, 'I absolutely love this product!', {
      description: 'Classify the sentiment of the text as Positive or Negative.',
      labels: ['Positive', 'Negative'],
      examples: [
        { input: 'This movie is amazing!', output: 'Positive' },
        { input: 'Terrible experience, would not recommend.', output: 'Negative' },
      ],
    });
    expect(await page.textContent('#app-result')).toBe(classified.label);
    expect(await page.locator('#app-scores tr td:nth-child(1)').allTextContents()).toEqual(
      classified.scores.map((score) => score.label),
    );
    const logprobs = await page.locator('#app-scores tr td:nth-child(3)').allTextContents();
    expect(logprobs.map(Number)).toEqual(classified.scores.map((score) => expect.closeTo(score.logprob, 2) as unknown));
    await page.screenshot({ path: `${ARTIFACTS}playground-applications.png`, fullPage: true });
  });

  it('lays out in one column on a narrow screen', async () => {
    await page.click('#tab-complete');
    await page.setViewportSize({ width: 420, height: 900 });
    const editor = await page.locator('#panel-complete .editor').boundingBox();
    const controls = await page.locator('#controls').boundingBox();
    expect(controls?.y).toBeGreaterThan((editor?.y ?? 0) + (editor?.height ?? 0) - 1);
    await page.screenshot({ path: `${ARTIFACTS}playground-narrow.png`, fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
  });
});
