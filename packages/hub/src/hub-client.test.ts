import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HubClient, normalizeEtag } from './hub-client.js';
import { hubSettings } from './hub-settings.js';
import { parseRepoReference } from './repo-reference.js';
import { type TestHub, gitBlobSha1, sha256, startTestHub } from './testing/hub-server.js';

const COMMIT = 'c'.repeat(40);
const FILES: Record<string, Uint8Array> = Object.fromEntries(
  ['config.json', 'vocab.json', 'merges.txt', 'model.safetensors', 'nested/a.txt', 'nested/b.txt'].map((name, i) => [
    name,
    new Uint8Array(10 + i).fill(i),
  ]),
);
let hub: TestHub;
let client: HubClient;

beforeAll(async () => {
  hub = await startTestHub({
    'org/many': { commits: { [COMMIT]: FILES }, refs: { main: COMMIT } },
    'org/old-name': { commits: {}, refs: {}, renamedTo: 'org/many' },
    'org/hostile': { commits: { [COMMIT]: FILES }, refs: { main: COMMIT }, etag: '../../../escape' },
  });
  client = new HubClient(hubSettings({ endpoint: `${hub.endpoint}/`, token: undefined }, {}));
});

afterAll(() => hub.close());

describe('HubClient', () => {
  it('lists every file at the commit the revision names, across tree pages', async () => {
    const listing = await client.listFiles(parseRepoReference('org/many'));
    expect(listing.commit).toBe(COMMIT);
    expect(listing.files.map((file) => file.path).sort()).toEqual(Object.keys(FILES).sort());
    const weights = listing.files.find((file) => file.path === 'model.safetensors');
    expect(weights).toEqual({
      path: 'model.safetensors',
      type: 'file',
      size: 13,
      lfsOid: sha256(FILES['model.safetensors'] ?? new Uint8Array()),
    });
    expect(hub.requests.filter((request) => request.path.endsWith(`/tree/${COMMIT}`)).length).toBe(2);
  });

  it('reads the metadata of a small file and of an LFS file behind a redirect to another host', async () => {
    const repo = parseRepoReference('org/many');
    const small = await client.fileMetadata(repo, 'config.json');
    expect(small).toEqual({
      commit: COMMIT,
      etag: gitBlobSha1(FILES['config.json'] ?? new Uint8Array()),
      size: 10,
      location: `${hub.endpoint}/org/many/resolve/main/config.json`,
    });
    const large = await client.fileMetadata(repo, 'model.safetensors');
    const hash = sha256(FILES['model.safetensors'] ?? new Uint8Array());
    expect(large.etag).toBe(hash);
    expect(large.size).toBe(13);
    expect(large.location).toBe(`${hub.endpoint.replace('127.0.0.1', 'localhost')}/lfs/${hash}`);
  });

  it('follows a redirect on the endpoint host (a renamed repo) to the metadata', async () => {
    const renamed = await client.fileMetadata(parseRepoReference('org/old-name'), 'config.json');
    expect(renamed).toMatchObject({ commit: COMMIT, location: `${hub.endpoint}/org/many/resolve/main/config.json` });
  });

  it('refuses an etag that is not a plain name, which would place a file outside the cache', async () => {
    await expect(client.fileMetadata(parseRepoReference('org/hostile'), 'config.json')).rejects.toThrow(
      'config.json of org/hostile@main: the endpoint sent ETag "../../../escape", not a name',
    );
  });

  it('keeps the token out of every error message', async () => {
    const secret = new HubClient(hubSettings({ endpoint: hub.endpoint, token: 'hf_secret_value' }, {}));
    const error = await secret.fileMetadata(parseRepoReference('org/absent'), 'config.json').then(
      () => new Error('resolved'),
      (caught: unknown) => caught as Error,
    );
    expect(error.message).toBe(
      'repository org/absent not found (HTTP 401); if it is private, set HF_TOKEN (Repository not found)',
    );
    expect(error.message).not.toContain('hf_secret_value');
  });

  it('builds resolve URLs as hf_hub_url does', () => {
    expect(client.resolveUrl(parseRepoReference('gpt2', 'refs/pr/1'), 'nested/a b.txt')).toBe(
      `${hub.endpoint}/gpt2/resolve/refs%2Fpr%2F1/nested/a%20b.txt`,
    );
  });

  it('normalises weak and quoted etags', () => {
    expect(normalizeEtag('W/"abc"')).toBe('abc');
    expect(normalizeEtag('"abc"')).toBe('abc');
  });
});
