// @ts-check
import { postJson } from './api.js';
import { byId, debounce, element, showError } from './dom.js';

/**
 * Tokens kept free for the answer: the prompt is fitted to the context minus these, and they are the answer's budget.
 */
const ANSWER_TOKENS = 16;

/** Demonstrations the builder starts with (GPT-3's English→French example, Brown et al. 2020, Figure 2.1). */
const STARTING_EXAMPLES = [
  { input: 'sea otter', output: 'loutre de mer' },
  { input: 'peppermint', output: 'menthe poivrée' },
  { input: 'plush giraffe', output: 'girafe peluche' },
];

/**
 * The Few-shot tab: task description, examples and query assembled by @fewshot/prompting's
 * `buildFewShotPrompt` on the server (the exact prompt and its token count), a zero/one/few-shot
 * switch, and the model's answer.
 * @param {{ modelId: () => string | undefined, openInEditor: (prompt: string) => void }} options
 */
export function setUpFewShotPanel(options) {
  const description = byId('fs-description', HTMLTextAreaElement);
  const examples = byId('fs-examples', HTMLDivElement);
  const query = byId('fs-query', HTMLInputElement);
  const k = byId('fs-k', HTMLInputElement);
  const kLabel = byId('fs-k-label', HTMLLabelElement);
  const preview = byId('fs-prompt', HTMLPreElement);
  const tokenCount = byId('fs-token-count', HTMLSpanElement);
  const errorLine = byId('fs-error', HTMLParagraphElement);
  const result = byId('fs-result', HTMLPreElement);
  const generateButton = byId('fs-generate', HTMLButtonElement);
  /** @type {{ prompt: string, stop: string[] } | undefined} */
  let built;

  /** @param {{ input: string, output: string }} example */
  const addExample = (example) => {
    const row = element('div', { className: 'example' });
    const input = element('input');
    input.value = example.input;
    input.placeholder = 'input';
    input.setAttribute('aria-label', 'Example input');
    const output = element('input');
    output.value = example.output;
    output.placeholder = 'output';
    output.setAttribute('aria-label', 'Example output');
    const remove = element('button', { text: '×', className: 'link' });
    remove.type = 'button';
    remove.title = 'Remove this example';
    remove.addEventListener('click', () => {
      row.remove();
      rebuild();
    });
    row.append(input, output, remove);
    examples.append(row);
  };

  const mode = () =>
    /** @type {HTMLInputElement | null} */ (document.querySelector('input[name="fs-mode"]:checked'))?.value ?? 'few';
  const shots = () => {
    const chosen = mode();
    return chosen === 'zero' ? 0 : chosen === 'one' ? 1 : Number(k.value);
  };

  const rebuild = debounce(async () => {
    kLabel.hidden = mode() !== 'few';
    const pool = [...examples.querySelectorAll('.example')].map((row) => {
      const [input, output] = row.querySelectorAll('input');
      return { input: input?.value ?? '', output: output?.value ?? '' };
    });
    k.max = String(Math.max(2, pool.length));
    try {
      const answer = await postJson('/api/fewshot', {
        description: description.value,
        examples: pool,
        query: query.value,
        shots: shots(),
        reserve_tokens: ANSWER_TOKENS,
      });
      built = answer;
      preview.textContent = answer.prompt;
      const dropped = answer.shotsRequested - answer.shotsUsed;
      tokenCount.textContent =
        `${answer.tokenCount} / ${answer.contextLength} tokens, ` +
        `${answer.shotsUsed} shot${answer.shotsUsed === 1 ? '' : 's'}` +
        (dropped > 0 ? ` (${dropped} dropped to fit the context)` : '');
      showError(errorLine, '');
    } catch (error) {
      built = undefined;
      preview.textContent = '';
      tokenCount.textContent = '';
      showError(errorLine, /** @type {Error} */ (error).message);
    }
  }, 120);

  const generate = async () => {
    if (built === undefined) return;
    generateButton.disabled = true;
    result.textContent = '…';
    try {
      const answer = await postJson('/v1/completions', {
        model: options.modelId(),
        prompt: built.prompt,
        max_tokens: ANSWER_TOKENS,
        temperature: 0,
        stop: built.stop,
      });
      result.textContent = answer.choices[0]?.text ?? '';
    } catch (error) {
      result.textContent = '';
      showError(errorLine, /** @type {Error} */ (error).message);
    } finally {
      generateButton.disabled = false;
    }
  };

  for (const example of STARTING_EXAMPLES) addExample(example);
  byId('fs-add-example', HTMLButtonElement).addEventListener('click', () => {
    addExample({ input: '', output: '' });
    rebuild();
  });
  byId('panel-fewshot', HTMLElement).addEventListener('input', rebuild);
  generateButton.addEventListener('click', () => void generate());
  byId('fs-open', HTMLButtonElement).addEventListener('click', () => {
    if (built !== undefined) options.openInEditor(built.prompt);
  });
  return { rebuild, generate };
}
