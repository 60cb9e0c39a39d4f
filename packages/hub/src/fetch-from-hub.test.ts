import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type FileProgress,
  type GptModel,
  ModelFetchError,
  fetchHuggingFaceModel,
  selectBrowserBackend,
} from '@fewshot/model';
import { loadHuggingFaceModel } from '@fewshot/model/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestHub, type TestRepo, startTestHub } from './testing/hub-server.js';
import { type CheckpointVariant, PLAIN, tinyRepoFiles } from './testing/tiny-checkpoints.js';

// @fewshot/model's browser loader against this package's test Hub: the model package cannot
// depend on @fewshot/hub (hub depends on it), so the check that both speak the Hub's protocol alike lives here.

const COMMIT = (i: number): string => i.toString(16).padStart(40, '0');
const IDS = [5, 77, 120, 3, 299, 42];
const TOKEN = 'hf_secret';
const VARIANTS: Record<string, CheckpointVariant> = {
  plain: PLAIN,
  sharded: { ...PLAIN, format: 'sharded', buffers: 'BOOL' },
  'bare names, F16': { ...PLAIN, prefix: false, dtype: 'F16' },
};
const decoder = new TextDecoder();
let hub: TestHub;
let directory: string;
/** Logits of IDS from `loadHuggingFaceModel` reading the plain repo's files from disk. */
let expected: number[];

function logitsOf(model: GptModel): number[] {
  const { logits } = model.forward(IDS);
  const values = Array.from(logits.dataSync());
  logits.dispose();
  return values;
}

beforeAll(async () => {
  await selectBrowserBackend('wasm');
  directory = await mkdtemp(join(tmpdir(), 'fewshot-fetch-hub-'));
  for (const [file, bytes] of Object.entries(tinyRepoFiles('gpt2'))) await writeFile(join(directory, file), bytes);
  const { model } = await loadHuggingFaceModel(directory);
  expected = logitsOf(model);
  model.dispose();
  const repos: Record<string, TestRepo> = {};
  Object.entries(VARIANTS).forEach(([name, variant], i) => {
    repos[`tiny/${name.replace(/\W+/g, '-')}`] = {
      commits: { [COMMIT(i + 1)]: tinyRepoFiles('gpt2', variant, { eos_token_id: 299 }) },
      refs: { main: COMMIT(i + 1), v1: COMMIT(i + 1) },
    };
  });
  repos['tiny/private'] = { commits: { [COMMIT(9)]: tinyRepoFiles('gpt2') }, refs: { main: COMMIT(9) }, token: TOKEN };
  repos['tiny/gated'] = { commits: { [COMMIT(10)]: tinyRepoFiles('gpt2') }, refs: { main: COMMIT(10) }, gated: true };
  hub = await startTestHub(repos);
}, 60_000);

afterAll(async () => {
  await hub.close();
  await rm(directory, { recursive: true, force: true });
});

describe('fetchHuggingFaceModel of @fewshot/model against the test Hub', () => {
  for (const name of Object.keys(VARIANTS)) {
    it(`loads the ${name} repo with the file-system loader's logits`, async () => {
      const repo = `tiny/${name.replace(/\W+/g, '-')}`;
      const fetched = await fetchHuggingFaceModel({ repo, endpoint: hub.endpoint });
      // Every variant holds the same weights, exactly (multiples of 1/64), so the logits are equal.
      expect(logitsOf(fetched.model)).toEqual(expected);
      fetched.model.dispose();
      const files = tinyRepoFiles('gpt2');
      expect(fetched.tokenizerFiles).toEqual({
        'vocab.json': decoder.decode(files['vocab.json']),
        'merges.txt': decoder.decode(files['merges.txt']),
      });
      expect(fetched.generationConfig).toEqual({ eos_token_id: 299 });
      expect(fetched.name).toBe(repo);
    });
  }

  it('resolves the revision once, reads every file at that commit, follows LFS redirects', async () => {
    hub.requests.length = 0;
    const progress: FileProgress[] = [];
    const fetched = await fetchHuggingFaceModel(
      { repo: 'tiny/plain', revision: 'v1', endpoint: `${hub.endpoint}/` },
      { onProgress: (update) => progress.push(update) },
    );
    fetched.model.dispose();
    expect(fetched.commit).toBe(COMMIT(1));
    const paths = hub.requests.map((request) => request.path);
    expect(paths[0]).toBe('/api/models/tiny/plain/revision/v1');
    const resolved = paths.filter((path) => path.includes('/resolve/'));
    expect(resolved.sort()).toEqual(
      ['config.json', 'generation_config.json', 'merges.txt', 'model.safetensors', 'vocab.json'].map(
        (file) => `/tiny/plain/resolve/${COMMIT(1)}/${file}`,
      ),
    );
    const weights = tinyRepoFiles('gpt2')['model.safetensors'];
    expect(hub.requests.filter((request) => request.path.startsWith('/lfs/')).map((request) => request.host)).toEqual([
      hub.endpoint.replace('127.0.0.1', 'localhost').slice(7),
    ]);
    expect(progress.filter((update) => update.file === 'model.safetensors').at(-1)).toEqual({
      file: 'model.safetensors',
      loaded: weights?.byteLength,
      total: weights?.byteLength,
    });
  });

  it("sends the token, and reports the Hub's error codes when access fails", async () => {
    const fetched = await fetchHuggingFaceModel({ repo: 'tiny/private', endpoint: hub.endpoint, token: TOKEN });
    expect(logitsOf(fetched.model)).toEqual(expected);
    fetched.model.dispose();
    const failure = async (location: Parameters<typeof fetchHuggingFaceModel>[0]): Promise<ModelFetchError> => {
      const error: unknown = await fetchHuggingFaceModel(location).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ModelFetchError);
      return error as ModelFetchError;
    };
    expect(await failure({ repo: 'tiny/private', endpoint: hub.endpoint })).toMatchObject({
      status: 401,
      code: 'RepoNotFound',
    });
    expect(await failure({ repo: 'tiny/nothing', endpoint: hub.endpoint })).toMatchObject({
      status: 401,
      code: 'RepoNotFound',
    });
    expect(await failure({ repo: 'tiny/gated', endpoint: hub.endpoint })).toMatchObject({
      status: 403,
      code: 'GatedRepo',
    });
    const revision = await failure({ repo: 'tiny/plain', revision: 'v9', endpoint: hub.endpoint });
    expect(revision).toMatchObject({ status: 404, code: 'RevisionNotFound' });
    expect(revision.message).toBe(
      `${hub.endpoint}/api/models/tiny/plain/revision/v9: ` +
        'answered 404 Not Found (RevisionNotFound: Invalid rev id: v9)',
    );
  });
});
