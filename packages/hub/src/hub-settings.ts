import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Where and how to reach the Hub and keep its files, each field from the environment as huggingface_hub reads it. */
export interface HubSettings {
  /** `HF_ENDPOINT`, else the public Hub. No trailing slash. */
  readonly endpoint: string;
  /**
   * `HF_TOKEN`, else the token `huggingface-cli login` saved (`HF_TOKEN_PATH`, else `HF_HOME/token`):
   * sent as a Bearer token to the endpoint's host only.
   */
  readonly token: string | undefined;
  /** `HF_HUB_CACHE`, else `HF_HOME/hub`, else `XDG_CACHE_HOME/huggingface/hub`, else `~/.cache/huggingface/hub`. */
  readonly cacheDir: string;
  /** `HF_HUB_OFFLINE=1`: the cache only, no request at all. */
  readonly offline: boolean;
}

export const DEFAULT_ENDPOINT = 'https://huggingface.co';

/** `1`, `true`, `yes`, `on` (any case), as huggingface_hub reads boolean variables. */
export function isTrue(value: string | undefined): boolean {
  return value !== undefined && ['1', 'on', 'yes', 'true'].includes(value.trim().toLowerCase());
}

/** The settings from `env` (default `process.env`), each overridable. */
export function hubSettings(overrides: Partial<HubSettings> = {}, env: NodeJS.ProcessEnv = process.env): HubSettings {
  const home = env.HF_HOME ?? join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'huggingface');
  const token = (env.HF_TOKEN ?? readToken(env.HF_TOKEN_PATH ?? join(home, 'token')))?.trim();
  return {
    endpoint: (
      overrides.endpoint ??
      (env.HF_ENDPOINT === undefined || env.HF_ENDPOINT === '' ? DEFAULT_ENDPOINT : env.HF_ENDPOINT)
    ).replace(/\/+$/, ''),
    token: 'token' in overrides ? overrides.token : token === '' ? undefined : token,
    cacheDir: overrides.cacheDir ?? env.HF_HUB_CACHE ?? env.HUGGINGFACE_HUB_CACHE ?? join(home, 'hub'),
    offline: overrides.offline ?? (isTrue(env.HF_HUB_OFFLINE) || isTrue(env.TRANSFORMERS_OFFLINE)),
  };
}

function readToken(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
