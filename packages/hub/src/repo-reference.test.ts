import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hubSettings } from './hub-settings.js';
import { parseRepoReference, repoFolderName, repoIdFromFolder } from './repo-reference.js';

describe('parseRepoReference', () => {
  it.each([
    ['gpt2', undefined, { repoId: 'gpt2', revision: 'main' }],
    ['EleutherAI/gpt-neo-125m', undefined, { repoId: 'EleutherAI/gpt-neo-125m', revision: 'main' }],
    ['org/name@v1.0', undefined, { repoId: 'org/name', revision: 'v1.0' }],
    ['org/name', 'refs/pr/3', { repoId: 'org/name', revision: 'refs/pr/3' }],
    ['org/name@dev', 'dev', { repoId: 'org/name', revision: 'dev' }],
  ])('%s with revision %s', (text, revision, expected) => {
    expect(parseRepoReference(text, revision)).toEqual(expected);
  });

  it.each([
    [
      'a/b/c',
      undefined,
      'model "a/b/c" is not a Hub repo name: expected org/name or name (letters, digits, - _ .), optionally @revision',
    ],
    ['org/na--me', undefined, 'model "org/na--me" is not a Hub repo name'],
    ['../etc', undefined, 'model "../etc" is not a Hub repo name'],
    ['org/name@', undefined, 'revision "" is invalid: expected a branch, tag or commit name'],
    ['org/name@../../x', undefined, 'revision "../../x" is invalid'],
    ['org/name@a', 'b', 'model "org/name@a" names revision a but revision b was also given'],
  ])('refuses %s', (text, revision, message) => {
    expect(() => parseRepoReference(text, revision)).toThrow(message);
  });

  it('names cache folders as huggingface_hub does', () => {
    expect(repoFolderName('EleutherAI/gpt-neo-125m')).toBe('models--EleutherAI--gpt-neo-125m');
    expect(repoFolderName('gpt2')).toBe('models--gpt2');
    expect(repoIdFromFolder('models--EleutherAI--gpt-neo-125m')).toBe('EleutherAI/gpt-neo-125m');
    expect(repoIdFromFolder('datasets--org--x')).toBeUndefined();
  });
});

describe('hubSettings', () => {
  it('reads the environment in huggingface_hub order', () => {
    expect(
      hubSettings({}, { HF_HOME: '/h', HF_ENDPOINT: 'http://e/', HF_TOKEN: ' t ', HF_HUB_OFFLINE: 'True' }),
    ).toEqual({
      endpoint: 'http://e',
      token: 't',
      cacheDir: '/h/hub',
      offline: true,
    });
    expect(hubSettings({}, { HF_HOME: '/h', HF_HUB_CACHE: '/c' }).cacheDir).toBe('/c');
    expect(hubSettings({}, { XDG_CACHE_HOME: '/x' }).cacheDir).toBe('/x/huggingface/hub');
    expect(hubSettings({}, {})).toMatchObject({ endpoint: 'https://huggingface.co', token: undefined, offline: false });
  });

  it('takes the token huggingface-cli login saved when HF_TOKEN is unset', () => {
    const home = mkdtempSync(join(tmpdir(), 'fewshot-hf-home-'));
    try {
      writeFileSync(join(home, 'token'), 'hf_saved\n');
      expect(hubSettings({}, { HF_HOME: home }).token).toBe('hf_saved');
      expect(hubSettings({}, { HF_HOME: home, HF_TOKEN: 'hf_env' }).token).toBe('hf_env');
      writeFileSync(join(home, 'other'), 'hf_other');
      expect(hubSettings({}, { HF_HOME: home, HF_TOKEN_PATH: join(home, 'other') }).token).toBe('hf_other');
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
