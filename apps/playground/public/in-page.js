// @ts-check
import { byId, element } from './dom.js';

/** The in-page bundle (`pnpm build` writes it; the server serves it) and TF.js's `.wasm` binaries beside it. */
const BUNDLE_URL = '/browser/fewshot-in-page.js';
const WASM_DIRECTORY = '/browser/wasm/';

/**
 * The bundle's `InPageModel` (apps/playground/src/in-page/in-page-model.ts), as this page uses it.
 * @typedef {import('./api.js').ChoiceDelta} ChoiceDelta
 * @typedef {{ file: string, loaded: number, total: number | undefined }} FileProgress
 * @typedef {(delta: ChoiceDelta) => void} OnDelta
 * @typedef {object} InPageModel
 * @property {string} id
 * @property {{ contextLength: number, config: { nLayer: number } }} model
 * @property {{ name: string }} backend
 * @property {(text: string) => number} countTokens
 * @property {(body: Record<string, unknown>, onDelta: OnDelta, signal: AbortSignal) => Promise<void>} complete
 * @property {() => void} dispose
 */

/** Which backends this browser offers: WASM everywhere, WebGL and WebGPU where present. */
function offeredBackends() {
  let webgl = false;
  try {
    const canvas = document.createElement('canvas');
    webgl = (canvas.getContext('webgl2') ?? canvas.getContext('webgl')) !== null;
  } catch {
    // No WebGL in this browser.
  }
  return { wasm: typeof WebAssembly === 'object', webgl, webgpu: 'gpu' in navigator };
}

/**
 * The "Run in this browser" switch: when on, the page loads the model itself — the server's files
 * of the model it serves, or a Hugging Face Hub repo — with the bundled `@fewshot/model`, and the
 * Complete tab generates here on the chosen TF.js backend. Each file's progress is shown in bytes.
 * `onChange` is called whenever the model the page would use changes.
 * @param {{ onChange: () => void }} options
 */
export function setUpInPage({ onChange }) {
  const toggle = byId('run-in-browser', HTMLInputElement);
  const section = byId('in-page', HTMLElement);
  const source = byId('in-page-source', HTMLSelectElement);
  const repo = byId('in-page-repo', HTMLInputElement);
  const revision = byId('in-page-revision', HTMLInputElement);
  const backend = byId('in-page-backend', HTMLSelectElement);
  const loadButton = byId('in-page-load', HTMLButtonElement);
  const progress = byId('in-page-progress', HTMLProgressElement);
  const status = byId('in-page-status', HTMLParagraphElement);
  const fileList = byId('in-page-files', HTMLUListElement);
  /** @type {InPageModel | undefined} */
  let loaded;
  /** @type {AbortController | undefined} */
  let loading;

  const offered = /** @type {Record<string, boolean>} */ (offeredBackends());
  for (const option of backend.options) {
    option.disabled = offered[option.value] !== true;
    if (option.disabled) option.textContent += ' (not in this browser)';
  }
  source.addEventListener('change', () => {
    for (const label of section.querySelectorAll('[data-hub]'))
      if (label instanceof HTMLElement) label.hidden = source.value !== 'hub';
  });

  const unload = () => {
    loading?.abort();
    loading = undefined;
    loaded?.dispose();
    loaded = undefined;
    delete document.body.dataset.inPage;
    onChange();
  };

  const load = async () => {
    unload();
    const controller = new AbortController();
    loading = controller;
    document.body.dataset.inPage = 'loading';
    status.textContent = 'loading the model into this page…';
    status.classList.remove('error');
    fileList.replaceChildren();
    /** @type {Map<string, { row: HTMLLIElement, loaded: number, total: number | undefined }>} */
    const files = new Map();
    /** @type {(bytes: number) => string} */
    let formatBytes = String;
    /** @param {FileProgress} update */
    const onProgress = (update) => {
      let entry = files.get(update.file);
      if (entry === undefined) {
        entry = { row: element('li'), loaded: 0, total: undefined };
        entry.row.dataset.file = update.file;
        fileList.append(entry.row);
        files.set(update.file, entry);
      }
      entry.loaded = update.loaded;
      entry.total = update.total;
      entry.row.dataset.loaded = String(update.loaded);
      const of = update.total === undefined ? '' : ` / ${formatBytes(update.total)}`;
      entry.row.textContent = `${update.file} ${formatBytes(update.loaded)}${of}`;
      const all = [...files.values()];
      progress.max = Math.max(
        1,
        all.reduce((sum, file) => sum + (file.total ?? file.loaded), 0),
      );
      progress.value = all.reduce((sum, file) => sum + file.loaded, 0);
    };
    try {
      const repoId = repo.value.trim();
      if (source.value === 'hub' && repoId === '')
        throw new Error('Repo id: write a Hugging Face Hub repo id, e.g. openai-community/gpt2');
      const bundleUrl = BUNDLE_URL;
      /** @type {{ InPageModel: { load(options: unknown): Promise<InPageModel> }, formatBytes: typeof formatBytes }} */
      const bundle = await import(bundleUrl).catch(() => {
        throw new Error(`${BUNDLE_URL} is not there: build the playground (pnpm --filter @fewshot/playground build)`);
      });
      formatBytes = bundle.formatBytes;
      const model = await bundle.InPageModel.load({
        source:
          source.value === 'hub' ? { kind: 'hub', repo: repoId, revision: revision.value.trim() } : { kind: 'server' },
        backend: backend.value,
        wasmDirectory: WASM_DIRECTORY,
        signal: controller.signal,
        onProgress,
      });
      if (controller.signal.aborted) {
        model.dispose();
        return;
      }
      loaded = model;
      const bytes = [...files.values()].reduce((sum, file) => sum + file.loaded, 0);
      status.textContent =
        `${model.id} runs in this browser · ${model.model.config.nLayer} layers · ` +
        `${model.model.contextLength}-token context · ${model.backend.name} · ${formatBytes(bytes)} loaded`;
      document.body.dataset.inPage = 'ready';
      onChange();
    } catch (error) {
      if (controller.signal.aborted) return;
      status.textContent = `could not load the model into this page: ${/** @type {Error} */ (error).message}`;
      status.classList.add('error');
      document.body.dataset.inPage = 'failed';
    } finally {
      if (loading === controller) loading = undefined;
    }
  };

  toggle.addEventListener('change', () => {
    section.hidden = !toggle.checked;
    if (toggle.checked) void load();
    else unload();
  });
  loadButton.addEventListener('click', () => void load());

  return {
    /** Whether generation should happen in the page (the switch is on). */
    enabled: () => toggle.checked,
    /** The model loaded in the page, once it is ready. */
    model: () => loaded,
  };
}
