// `node --conditions=@fewshot/source --import ./typescript-loader.mjs script.ts` runs TypeScript sources.
import { register } from 'node:module';

register('./typescript-hooks.mjs', import.meta.url);
