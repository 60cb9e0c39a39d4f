// @ts-check
import { byId, element } from './dom.js';

/** @param {number} count */
function formatCount(count) {
  if (count >= 1e9) return `${(count / 1e9).toFixed(2)}B`;
  if (count >= 1e6) return `${(count / 1e6).toFixed(2)}M`;
  if (count >= 1e3) return `${(count / 1e3).toFixed(1)}K`;
  return String(count);
}

/**
 * The Model tab: the served model's shape, parameters, attention pattern per layer and backend.
 * @param {any} info the `GET /api/model` answer
 */
export function renderModelInfo(info) {
  const { config, parameters, backend } = info;
  const rows = [
    ['Model', info.id],
    ['Type', info.modelType],
    ['Backend', `${backend.name} (${backend.reason})`],
    ['Layers × width × heads', `${config.nLayer} × ${config.dModel} × ${config.nHead}`],
    ['Context', `${config.contextLength} tokens`],
    ['Vocabulary', `${config.vocabSize} (${info.tokenizer.name})`],
    ['Parameters', `${formatCount(parameters.total)} (${formatCount(parameters.nonEmbedding)} non-embedding)`],
    ['Attention', info.attention.map((/** @type {{ description: string }} */ layer) => layer.description).join(', ')],
    ['Live tensors', `${info.memory.numTensors} (${formatCount(info.memory.numBytes)}B)`],
  ];
  const table = element('table');
  for (const [name, value] of rows) {
    const row = element('tr');
    row.append(element('th', { text: name }), element('td', { text: String(value) }));
    table.append(row);
  }
  byId('model-info', HTMLDivElement).replaceChildren(table);
}
