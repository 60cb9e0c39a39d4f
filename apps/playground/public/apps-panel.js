// @ts-check
import { postJson } from './api.js';
import {
  codeRequest,
  labelLogprob,
  labelProbabilities,
  labelScoreRequest,
  parseLabelledLines,
  parseLabels,
  questionRequest,
} from './app-templates.js';
import { byId, element, showError } from './dom.js';

/**
 * The Applications tab: templates for code, question answering and classification (the
 * applications of @fewshot/prompting), each run through `/v1/completions` with its own prompt,
 * stop sequences and sampling settings; the prompt can be opened in the editor.
 * @param {{ modelId: () => string | undefined, openInEditor: (prompt: string) => void }} options
 */
export function setUpAppsPanel(options) {
  const template = byId('app-template', HTMLSelectElement);
  const prompt = byId('app-prompt', HTMLPreElement);
  const result = byId('app-result', HTMLPreElement);
  const scores = byId('app-scores', HTMLTableSectionElement);
  const errorLine = byId('app-error', HTMLParagraphElement);
  const runButton = byId('app-run', HTMLButtonElement);
  /** @type {string | undefined} */
  let lastPrompt;

  const showTemplate = () => {
    for (const fields of document.querySelectorAll('[data-template]')) {
      if (fields instanceof HTMLElement) fields.hidden = fields.dataset.template !== template.value;
    }
    result.textContent = '';
    scores.replaceChildren();
    showError(errorLine, '');
  };

  /**
   * The completion of `text`, with `max_tokens` cut to what the context leaves after the prompt,
   * as `@fewshot/prompting`'s applications stop when the context is full.
   * @param {string} text @param {Record<string, unknown>} request
   */
  const complete = async (text, request) => {
    lastPrompt = text;
    prompt.textContent = text;
    const { count, contextLength } = await postJson('/api/tokenize', { text });
    const room = contextLength - count;
    if (room < 1)
      throw new Error(`the prompt takes ${count} of the model's ${contextLength} tokens: no room to answer`);
    const maxTokens = Math.min(Number(request.max_tokens ?? 16), room);
    const answer = await postJson('/v1/completions', {
      model: options.modelId(),
      prompt: text,
      ...request,
      max_tokens: maxTokens,
    });
    return /** @type {string} */ (answer.choices[0]?.text ?? '');
  };

  const classify = async () => {
    const labels = parseLabels(byId('app-labels', HTMLInputElement).value);
    const examples = parseLabelledLines(byId('app-examples', HTMLTextAreaElement).value);
    const built = await postJson('/api/fewshot', {
      description: byId('app-class-description', HTMLInputElement).value,
      examples,
      query: byId('app-text', HTMLInputElement).value,
      shots: examples.length,
      reserve_tokens: 8,
    });
    lastPrompt = built.prompt;
    prompt.textContent = built.prompt;
    const scored = [];
    for (const label of labels) {
      const answer = await postJson('/v1/completions', {
        model: options.modelId(),
        ...labelScoreRequest(built.prompt, label),
      });
      scored.push({ label, logprob: labelLogprob(answer.choices[0].logprobs, built.prompt.length) });
    }
    const ranked = labelProbabilities(scored);
    const best = ranked.reduce((top, score) => (score.logprob > top.logprob ? score : top));
    result.textContent = best.label;
    scores.replaceChildren(
      ...ranked.map((score) => {
        const row = element('tr');
        row.append(
          element('td', { text: score.label }),
          element('td', { text: score.probability.toFixed(3) }),
          element('td', { text: score.logprob.toFixed(3) }),
        );
        return row;
      }),
    );
  };

  const run = async () => {
    runButton.disabled = true;
    result.textContent = '…';
    scores.replaceChildren();
    showError(errorLine, '');
    try {
      if (template.value === 'code') {
        const built = codeRequest(
          byId('app-description', HTMLInputElement).value,
          byId('app-language', HTMLInputElement).value,
        );
        result.textContent = await complete(built.prompt, built.request);
      } else if (template.value === 'qa') {
        const built = questionRequest(
          byId('app-question', HTMLInputElement).value,
          byId('app-context', HTMLTextAreaElement).value,
        );
        result.textContent = (await complete(built.prompt, built.request)).trim();
      } else await classify();
    } catch (error) {
      result.textContent = '';
      showError(errorLine, /** @type {Error} */ (error).message);
    } finally {
      runButton.disabled = false;
    }
  };

  template.addEventListener('change', showTemplate);
  runButton.addEventListener('click', () => void run());
  byId('app-open', HTMLButtonElement).addEventListener('click', () => {
    if (lastPrompt !== undefined) options.openInEditor(lastPrompt);
  });
  showTemplate();
  return { run };
}
