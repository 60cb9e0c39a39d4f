// @ts-check
import { getJson } from './api.js';
import { setUpAppsPanel } from './apps-panel.js';
import { setUpAttentionPanel } from './attention-panel.js';
import { setUpCompletePanel } from './complete-panel.js';
import { byId } from './dom.js';
import { setUpFewShotPanel } from './few-shot-panel.js';
import { setUpInPage } from './in-page.js';
import { renderModelInfo } from './model-panel.js';

/** @type {any} the `GET /api/model` answer, once the model is ready */
let modelInfo;
const model = {
  modelId: () => /** @type {string | undefined} */ (modelInfo?.id),
  contextLength: () => /** @type {number | undefined} */ (modelInfo?.config.contextLength),
  layers: () => modelInfo?.attention,
};

const tabs = [...document.querySelectorAll('[role="tab"]')].filter((tab) => tab instanceof HTMLButtonElement);
/** @param {HTMLButtonElement} selected */
function selectTab(selected) {
  for (const tab of tabs) {
    const isSelected = tab === selected;
    tab.setAttribute('aria-selected', String(isSelected));
    const panel = document.getElementById(tab.getAttribute('aria-controls') ?? '');
    if (panel !== null) panel.hidden = !isSelected;
  }
}
for (const tab of tabs) tab.addEventListener('click', () => selectTab(tab));
const currentTab = () => tabs.find((tab) => tab.getAttribute('aria-selected') === 'true')?.id;

const inPage = setUpInPage({ onChange: () => complete.countTokens() });
const complete = setUpCompletePanel(model, inPage);
const fewShot = setUpFewShotPanel({
  modelId: model.modelId,
  openInEditor: (prompt) => {
    complete.setPrompt(prompt);
    selectTab(byId('tab-complete', HTMLButtonElement));
  },
});
const apps = setUpAppsPanel({
  modelId: model.modelId,
  openInEditor: (prompt) => {
    complete.setPrompt(prompt);
    selectTab(byId('tab-complete', HTMLButtonElement));
  },
});
const attention = setUpAttentionPanel(model);

// Ctrl+Enter (⌘+Enter on a Mac) generates on the tab in view.
document.addEventListener('keydown', (event) => {
  if (event.key !== 'Enter' || !(event.ctrlKey || event.metaKey)) return;
  event.preventDefault();
  const tab = currentTab();
  if (tab === 'tab-complete') void complete.generate();
  else if (tab === 'tab-fewshot') void fewShot.generate();
  else if (tab === 'tab-apps') void apps.run();
  else if (tab === 'tab-attention') void attention.run();
});

/** Polls `/health` until the model is ready (503 while it loads), then loads its info. */
async function connect() {
  const status = byId('model-status', HTMLParagraphElement);
  for (;;) {
    try {
      const health = await fetch('/health');
      const body = await health.json();
      if (health.ok) break;
      status.textContent = body.status === 'failed' ? `model failed to load: ${body.error}` : 'loading model…';
      if (body.status === 'failed') return;
    } catch {
      status.textContent = 'server unreachable, retrying…';
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  modelInfo = await getJson('/api/model');
  status.textContent =
    `${modelInfo.id} · ${modelInfo.config.nLayer} layers · ` +
    `${modelInfo.config.contextLength}-token context · ${modelInfo.backend.name}`;
  document.body.dataset.ready = 'true';
  renderModelInfo(modelInfo);
  complete.countTokens();
  fewShot.rebuild();
}

void connect();
