// @ts-check
import { postJson, streamCompletion } from './api.js';
import { byId, debounce, element, showError } from './dom.js';
import { tokenSpan } from './probabilities.js';

/** Sliders whose values are sent as they are, under their element id. */
const NUMBER_CONTROLS = [
  'max_tokens',
  'temperature',
  'top_p',
  'top_k',
  'min_p',
  'typical_p',
  'frequency_penalty',
  'presence_penalty',
  'repetition_penalty',
];

/**
 * The Complete tab: prompt editor, sampling controls, streaming with a stop button, a token
 * count against the context, and the optional probability colouring of generated tokens. With
 * the "Run in this browser" switch on, the same requests run on the model loaded in the page.
 * @param {{ modelId: () => string | undefined, contextLength: () => number | undefined }} model
 * @param {{ enabled: () => boolean, model: () => import('./in-page.js').InPageModel | undefined }} inPage
 */
export function setUpCompletePanel(model, inPage) {
  const prompt = byId('prompt', HTMLTextAreaElement);
  const generateButton = byId('generate', HTMLButtonElement);
  const stopButton = byId('stop', HTMLButtonElement);
  const appendButton = byId('append', HTMLButtonElement);
  const showProbabilities = byId('show-probabilities', HTMLInputElement);
  const tokenCount = byId('token-count', HTMLSpanElement);
  const completions = byId('completions', HTMLDivElement);
  const errorLine = byId('completion-error', HTMLParagraphElement);
  const popover = byId('token-popover', HTMLDivElement);
  const controls = byId('controls', HTMLFormElement);
  /** @type {AbortController | undefined} */
  let running;

  for (const id of NUMBER_CONTROLS) {
    const input = byId(id, HTMLInputElement);
    const output = controls.querySelector(`output[for="${id}"]`);
    const show = () => {
      if (output !== null) output.textContent = input.value;
    };
    input.addEventListener('input', show);
    show();
  }
  controls.addEventListener('reset', () =>
    setTimeout(() => {
      for (const id of NUMBER_CONTROLS) byId(id, HTMLInputElement).dispatchEvent(new Event('input'));
    }),
  );
  byId('max_tokens', HTMLInputElement).addEventListener('input', () => countTokens());

  const countTokens = debounce(async () => {
    const local = inPage.model();
    const contextLength = local?.model.contextLength ?? model.contextLength();
    try {
      const count = local?.countTokens(prompt.value) ?? (await postJson('/api/tokenize', { text: prompt.value })).count;
      const room = contextLength === undefined ? '' : ` / ${contextLength}`;
      const maxTokens = Number(byId('max_tokens', HTMLInputElement).value);
      tokenCount.textContent = `${count}${room} tokens`;
      tokenCount.classList.toggle('over', contextLength !== undefined && count + maxTokens > contextLength);
      tokenCount.title =
        contextLength === undefined
          ? ''
          : `prompt + maximum length = ${count + maxTokens} of a ${contextLength}-token context`;
    } catch {
      tokenCount.textContent = '';
    }
  }, 150);
  prompt.addEventListener('input', countTokens);

  /** The request body from the controls; throws with the control's name on bad input. */
  const requestBody = () => {
    /** @type {Record<string, unknown>} */
    const body = { model: inPage.model()?.id ?? model.modelId(), prompt: prompt.value };
    for (const id of NUMBER_CONTROLS) body[id] = Number(byId(id, HTMLInputElement).value);
    body.n = Number(byId('n', HTMLInputElement).value);
    const bestOf = Number(byId('best_of', HTMLInputElement).value);
    if (bestOf > Number(body.n)) body.best_of = bestOf;
    const seed = byId('seed', HTMLInputElement).value;
    if (seed !== '') body.seed = Number(seed);
    const stops = byId('stop_sequences', HTMLTextAreaElement)
      .value.split('\n')
      .filter((line) => line !== '')
      .map((line) => line.replace(/\\n/g, '\n'));
    if (stops.length > 0) body.stop = stops;
    const bias = byId('logit_bias', HTMLInputElement).value.trim();
    if (bias !== '') {
      try {
        body.logit_bias = JSON.parse(bias);
      } catch {
        throw new Error('Logit bias: not valid JSON; write it as {"token id": bias}');
      }
    }
    if (showProbabilities.checked) body.logprobs = 5;
    return body;
  };

  /** One output block per choice, filled as deltas arrive. */
  const outputFor = (/** @type {number} */ index) => {
    let block = completions.querySelector(`[data-index="${index}"]`);
    if (!(block instanceof HTMLElement)) {
      block = element('pre', { className: 'completion' });
      block.setAttribute('data-index', String(index));
      block.append(element('span', { className: 'echo', text: prompt.value }));
      completions.append(block);
    }
    return /** @type {HTMLElement} */ (block);
  };

  /** @param {import('./api.js').ChoiceDelta} delta */
  const render = (delta) => {
    const block = outputFor(delta.index);
    const { logprobs } = delta;
    if (logprobs !== null && logprobs.tokens.length > 0) {
      logprobs.tokens.forEach((token, i) =>
        block.append(tokenSpan(token, logprobs.token_logprobs[i] ?? 0, logprobs.top_logprobs[i] ?? null, popover)),
      );
    } else if (delta.text !== '' && logprobs === null) {
      block.append(element('span', { className: 'generated', text: delta.text }));
    }
    if (delta.finish_reason !== null) block.dataset.finishReason = delta.finish_reason;
  };

  const generate = async () => {
    if (running !== undefined) return;
    showError(errorLine, '');
    const local = inPage.model();
    if (inPage.enabled() && local === undefined) {
      showError(errorLine, 'The model is not loaded in this page yet: wait, or switch off "Run in this browser"');
      return;
    }
    let body;
    try {
      body = requestBody();
    } catch (error) {
      showError(errorLine, /** @type {Error} */ (error).message);
      return;
    }
    completions.replaceChildren();
    running = new AbortController();
    generateButton.disabled = true;
    appendButton.disabled = true;
    stopButton.disabled = false;
    completions.classList.add('running');
    try {
      if (local !== undefined) {
        await local.complete(body, render, running.signal);
      } else if (body.best_of !== undefined) {
        // best_of picks among finished candidates, so it cannot stream.
        const result = await postJson('/v1/completions', body, running.signal);
        for (const choice of result.choices) render({ ...choice, finish_reason: choice.finish_reason });
      } else {
        await streamCompletion(body, render, running.signal);
      }
    } catch (error) {
      if (!running.signal.aborted) showError(errorLine, /** @type {Error} */ (error).message);
    } finally {
      running = undefined;
      generateButton.disabled = false;
      stopButton.disabled = true;
      appendButton.disabled = completions.childElementCount === 0;
      completions.classList.remove('running');
    }
  };

  generateButton.addEventListener('click', () => void generate());
  appendButton.addEventListener('click', () => {
    // The first completion's generated text: every span after the echoed prompt.
    const first = completions.querySelector('[data-index="0"]');
    const generated = [...(first?.children ?? [])]
      .filter((span) => !span.classList.contains('echo'))
      .map((span) => span.textContent)
      .join('');
    prompt.value += generated;
    completions.replaceChildren();
    appendButton.disabled = true;
    countTokens();
    prompt.focus();
  });
  stopButton.addEventListener('click', () => running?.abort());
  return {
    generate,
    countTokens,
    /** @param {string} text */
    setPrompt(text) {
      prompt.value = text;
      countTokens();
    },
  };
}
