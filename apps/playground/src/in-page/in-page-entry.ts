/**
 * The in-page bundle's entry (`/browser/fewshot-in-page.js`): what the page's scripts import to
 * run the model in the browser instead of on the server.
 */
export { formatBytes } from '@fewshot/common';
export { IN_PAGE_BACKENDS, type InPageBackendName } from './in-page-backend.js';
export { type InPageLoadOptions, InPageModel, type InPageSource } from './in-page-model.js';
