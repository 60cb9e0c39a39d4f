// @ts-check
import { postJson } from './api.js';
import { byId, element, placePopover, showError } from './dom.js';

/** Largest heatmap side in CSS pixels; cells shrink to fit it. */
const HEATMAP_SIZE = 224;

/**
 * Draws a square matrix as a heatmap: `values[i][j]` in [0, 1] as the opacity of one cell,
 * `allowed(i, j)` false as a hatched grey (positions the layer's pattern hides).
 * @param {number[][]} values
 * @param {string} colour an `r, g, b` triple
 */
function heatmap(values, colour) {
  const n = values.length;
  const cell = Math.max(2, Math.floor(HEATMAP_SIZE / Math.max(1, n)));
  const canvas = element('canvas', { className: 'heatmap' });
  const scale = window.devicePixelRatio || 1;
  canvas.width = n * cell * scale;
  canvas.height = n * cell * scale;
  canvas.style.width = `${n * cell}px`;
  canvas.style.height = `${n * cell}px`;
  const context = canvas.getContext('2d');
  if (context === null) return canvas;
  context.scale(scale, scale);
  context.fillStyle = '#f3f4f6';
  context.fillRect(0, 0, n * cell, n * cell);
  values.forEach((row, i) =>
    row.forEach((value, j) => {
      if (value <= 0) return;
      context.fillStyle = `rgba(${colour}, ${Math.min(1, 0.08 + 0.92 * value)})`;
      context.fillRect(j * cell, i * cell, cell, cell);
    }),
  );
  canvas.dataset.cell = String(cell);
  return canvas;
}

/**
 * Which cell of a heatmap a pointer is over.
 * @param {HTMLCanvasElement} canvas
 * @param {MouseEvent} event
 */
function cellAt(canvas, event) {
  const cell = Number(canvas.dataset.cell);
  const bounds = canvas.getBoundingClientRect();
  return {
    query: Math.floor((event.clientY - bounds.top) / cell),
    key: Math.floor((event.clientX - bounds.left) / cell),
  };
}

/**
 * The Attention tab: for each layer its pattern mask (from the model info) and, for the prompt,
 * one heatmap of attention probabilities per head (from `POST /api/attention`).
 * @param {{ layers: () => { layer: number, description: string, mask: number[][] }[] | undefined }} model
 */
export function setUpAttentionPanel(model) {
  const promptInput = byId('attention-prompt', HTMLInputElement);
  const runButton = byId('attention-run', HTMLButtonElement);
  const container = byId('attention-layers', HTMLDivElement);
  const errorLine = byId('attention-error', HTMLParagraphElement);
  const tooltip = byId('attention-tooltip', HTMLDivElement);

  const run = async () => {
    showError(errorLine, '');
    runButton.disabled = true;
    try {
      const answer = await postJson('/api/attention', { prompt: promptInput.value });
      /** @type {string[]} */
      const tokens = answer.tokens.map((/** @type {{ text: string }} */ token) => token.text);
      const masks = model.layers() ?? [];
      container.replaceChildren();
      for (const layer of answer.layers) {
        const section = element('section', { className: 'attention-layer' });
        section.dataset.layer = String(layer.layer);
        section.append(element('h3', { text: `Layer ${layer.layer} — ${layer.description}` }));
        const row = element('div', { className: 'heatmaps' });
        const mask = masks[layer.layer]?.mask;
        if (mask !== undefined) {
          const figure = element('figure');
          figure.append(
            heatmap(mask, '55, 65, 81'),
            element('figcaption', { text: `pattern, ${mask.length} positions` }),
          );
          row.append(figure);
        }
        layer.weights.forEach((/** @type {number[][]} */ weights, /** @type {number} */ head) => {
          const figure = element('figure');
          const canvas = heatmap(weights, '37, 99, 235');
          canvas.setAttribute('aria-label', `Layer ${layer.layer} head ${head} attention weights`);
          canvas.addEventListener('mousemove', (event) => {
            const { query, key } = cellAt(canvas, event);
            const weight = weights[query]?.[key];
            if (weight === undefined) return;
            tooltip.textContent =
              `head ${head}: “${tokens[query] ?? ''}” → ` + `“${tokens[key] ?? ''}” ${(weight * 100).toFixed(1)}%`;
            placePopover(tooltip, new DOMRect(event.clientX, event.clientY, 0, 0));
          });
          canvas.addEventListener('mouseleave', () => (tooltip.hidden = true));
          figure.append(canvas, element('figcaption', { text: `head ${head}` }));
          row.append(figure);
        });
        section.append(row);
        container.append(section);
      }
      const legend = element('p', {
        className: 'muted tokens-legend',
        text: `Tokens: ${tokens.map((token, i) => `${i}:${token}`).join(' ')}`,
      });
      container.prepend(legend);
    } catch (error) {
      showError(errorLine, /** @type {Error} */ (error).message);
    } finally {
      runButton.disabled = false;
    }
  };
  runButton.addEventListener('click', () => void run());
  promptInput.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') void run();
  });
  return { run };
}
