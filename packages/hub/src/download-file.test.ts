import { createHash } from 'node:crypto';
import { lstat, mkdtemp, readFile, readdir, readlink, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadFile } from './download-file.js';
import { HubError } from './hub-error.js';
import { type HubSettings, hubSettings } from './hub-settings.js';
import { parseRepoReference } from './repo-reference.js';
import { type TestHub, startTestHub } from './testing/hub-server.js';

const COMMIT = 'a'.repeat(40);
const OLD_COMMIT = 'b'.repeat(40);
const WEIGHTS = Uint8Array.from({ length: 5000 }, (_, i) => (i * 7) % 251);
const CONFIG = new TextEncoder().encode('{"model_type":"gpt2"}');
let hub: TestHub;
const caches: string[] = [];

async function settings(overrides: Partial<HubSettings> = {}): Promise<HubSettings> {
  const cacheDir = await mkdtemp(join(tmpdir(), 'fewshot-hub-'));
  caches.push(cacheDir);
  return hubSettings({ endpoint: hub.endpoint, cacheDir, offline: false, token: undefined, ...overrides }, {});
}

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

beforeAll(async () => {
  hub = await startTestHub({
    'org/tiny': {
      commits: {
        [COMMIT]: { 'config.json': CONFIG, 'model.safetensors': WEIGHTS },
        [OLD_COMMIT]: { 'config.json': new Uint8Array([123, 125]) },
      },
      refs: { main: COMMIT, v1: OLD_COMMIT },
    },
    'org/private': {
      commits: { [COMMIT]: { 'model.safetensors': WEIGHTS } },
      refs: { main: COMMIT },
      token: 'secret-token',
    },
    'org/gated': { commits: { [COMMIT]: { 'config.json': CONFIG } }, refs: { main: COMMIT }, gated: true },
  });
});

afterAll(async () => {
  await hub.close();
  await Promise.all(caches.map((cache) => rm(cache, { recursive: true, force: true })));
});

describe('downloadFile', () => {
  it('lays files out as huggingface_hub does: blobs by etag, relative snapshot symlinks, refs', async () => {
    const s = await settings();
    const repo = parseRepoReference('org/tiny');
    const weights = await downloadFile(repo, 'model.safetensors', { settings: s });
    const config = await downloadFile(repo, 'config.json', { settings: s });
    const root = join(s.cacheDir, 'models--org--tiny');
    expect(weights).toEqual({ path: join(root, 'snapshots', COMMIT, 'model.safetensors'), commit: COMMIT });
    expect(await readlink(weights.path)).toBe(`../../blobs/${sha256(WEIGHTS)}`);
    const gitSha1 = createHash('sha1').update(`blob ${CONFIG.length}\0`).update(CONFIG).digest('hex');
    expect(await readlink(config.path)).toBe(`../../blobs/${gitSha1}`);
    expect(new Uint8Array(await readFile(weights.path))).toEqual(WEIGHTS);
    expect(await readFile(join(root, 'refs', 'main'), 'utf8')).toBe(COMMIT);
    expect((await readdir(join(root, 'blobs'))).sort()).toEqual([gitSha1, sha256(WEIGHTS)].sort());
  });

  it('sends the token to the endpoint only, never to the storage host the weights redirect to', async () => {
    const s = await settings({ token: 'secret-token' });
    hub.requests.length = 0;
    await downloadFile(parseRepoReference('org/private'), 'model.safetensors', { settings: s });
    const toHub = hub.requests.filter((request) => request.host.startsWith('127.0.0.1'));
    const toStorage = hub.requests.filter((request) => request.host.startsWith('localhost'));
    expect(toHub.length).toBeGreaterThan(0);
    expect(toStorage.length).toBeGreaterThan(0);
    expect(toHub.every((request) => request.authorization === 'Bearer secret-token')).toBe(true);
    expect(toStorage.every((request) => request.authorization === undefined)).toBe(true);
  });

  it('resolves a tag and a commit to their own snapshots', async () => {
    const s = await settings();
    const tagged = await downloadFile(parseRepoReference('org/tiny@v1'), 'config.json', { settings: s });
    expect(tagged.commit).toBe(OLD_COMMIT);
    expect(await readFile(tagged.path, 'utf8')).toBe('{}');
    const pinned = await downloadFile(parseRepoReference('org/tiny', COMMIT), 'config.json', { settings: s });
    expect(await readFile(pinned.path, 'utf8')).toBe('{"model_type":"gpt2"}');
  });

  it('answers from the cache alone when offline, and names what is missing', async () => {
    const s = await settings();
    await downloadFile(parseRepoReference('org/tiny'), 'config.json', { settings: s });
    hub.requests.length = 0;
    const offline = { ...s, offline: true };
    const cached = await downloadFile(parseRepoReference('org/tiny'), 'config.json', { settings: offline });
    expect(cached.commit).toBe(COMMIT);
    expect(hub.requests).toEqual([]);
    await expect(
      downloadFile(parseRepoReference('org/tiny'), 'model.safetensors', { settings: offline }),
    ).rejects.toThrow(
      `model.safetensors of org/tiny@main is not in the cache ${s.cacheDir} and downloads are off (HF_HUB_OFFLINE)`,
    );
  });

  it('resumes an interrupted download with a Range request and checks the result', async () => {
    const s = await settings();
    hub.faults.set(sha256(WEIGHTS), 'truncate-once');
    hub.requests.length = 0;
    const progress: number[] = [];
    const file = await downloadFile(parseRepoReference('org/tiny'), 'model.safetensors', {
      settings: s,
      onProgress: (event) => progress.push(event.bytes),
    });
    expect(new Uint8Array(await readFile(file.path))).toEqual(WEIGHTS);
    const ranges = hub.requests.filter((request) => request.path.startsWith('/lfs/')).map((request) => request.range);
    expect(ranges).toEqual([undefined, `bytes=${WEIGHTS.length / 2}-`]);
    expect(progress.at(-1)).toBe(WEIGHTS.length);
  });

  it('resumes from an .incomplete file another run left behind', async () => {
    const s = await settings();
    const blob = join(s.cacheDir, 'models--org--tiny', 'blobs', sha256(WEIGHTS));
    await downloadFile(parseRepoReference('org/tiny'), 'config.json', { settings: s });
    await writeFile(`${blob}.incomplete`, WEIGHTS.subarray(0, 1234));
    hub.requests.length = 0;
    const file = await downloadFile(parseRepoReference('org/tiny'), 'model.safetensors', { settings: s });
    expect(new Uint8Array(await readFile(file.path))).toEqual(WEIGHTS);
    expect(hub.requests.filter((request) => request.path.startsWith('/lfs/')).map((request) => request.range)).toEqual([
      'bytes=1234-',
    ]);
  });

  it.each([
    ['corrupt', /model\.safetensors of org\/tiny@main: SHA-256 [0-9a-f]{64} does not match the Hub's [0-9a-f]{64}$/],
    ['oversize', /model\.safetensors of org\/tiny@main: the server sent more than the 5000 bytes the Hub announced$/],
  ] as const)('refuses a %s download and leaves no partial file', async (fault, message) => {
    const s = await settings();
    hub.faults.set(sha256(WEIGHTS), fault);
    try {
      await expect(downloadFile(parseRepoReference('org/tiny'), 'model.safetensors', { settings: s })).rejects.toThrow(
        message,
      );
    } finally {
      hub.faults.delete(sha256(WEIGHTS));
    }
    const blobs = await readdir(join(s.cacheDir, 'models--org--tiny', 'blobs'));
    expect(blobs).toEqual([]);
    await expect(
      lstat(join(s.cacheDir, 'models--org--tiny', 'snapshots', COMMIT, 'model.safetensors')),
    ).rejects.toThrow();
  });

  it('fetches a blob once when two downloads of it run at the same time', async () => {
    const s = await settings();
    hub.requests.length = 0;
    const [first, second] = await Promise.all([
      downloadFile(parseRepoReference('org/tiny'), 'model.safetensors', { settings: s }),
      downloadFile(parseRepoReference('org/tiny'), 'model.safetensors', { settings: s }),
    ]);
    expect(second).toEqual(first);
    expect(new Uint8Array(await readFile(first.path))).toEqual(WEIGHTS);
    expect(hub.requests.filter((request) => request.path.startsWith('/lfs/')).length).toBe(1);
  });

  it('stops on an abort, keeping the bytes received for the next run', async () => {
    const s = await settings();
    const controller = new AbortController();
    hub.faults.set(sha256(WEIGHTS), 'truncate-always');
    try {
      await expect(
        downloadFile(parseRepoReference('org/tiny'), 'model.safetensors', {
          settings: s,
          signal: controller.signal,
          onProgress: ({ bytes }) => {
            if (bytes > 0) controller.abort();
          },
        }),
      ).rejects.toThrow(/^model\.safetensors of org\/tiny@main: download aborted/);
    } finally {
      hub.faults.delete(sha256(WEIGHTS));
    }
    const blobs = await readdir(join(s.cacheDir, 'models--org--tiny', 'blobs'));
    expect(blobs).toEqual([`${sha256(WEIGHTS)}.incomplete`]);
  });

  it('resumes a download whose connection stays open but stops sending', async () => {
    const s = await settings();
    hub.faults.set(sha256(WEIGHTS), 'stall-once');
    hub.requests.length = 0;
    const file = await downloadFile(parseRepoReference('org/tiny'), 'model.safetensors', {
      settings: s,
      timeouts: { headersMs: 5000, stallMs: 200 },
    });
    expect(new Uint8Array(await readFile(file.path))).toEqual(WEIGHTS);
    expect(hub.requests.filter((request) => request.path.startsWith('/lfs/')).map((request) => request.range)).toEqual([
      undefined,
      `bytes=${WEIGHTS.length / 2}-`,
    ]);
  });

  it('gives up on an endpoint that accepts and never answers', async () => {
    const sockets: Socket[] = [];
    const silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    try {
      const s = await settings({ endpoint: `http://127.0.0.1:${port}` });
      await expect(
        downloadFile(parseRepoReference('org/tiny'), 'config.json', {
          settings: s,
          timeouts: { headersMs: 200, stallMs: 200 },
        }),
      ).rejects.toThrow(
        `cannot reach http://127.0.0.1:${port} for config.json of org/tiny@main: no answer within 0.2 s`,
      );
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('starts over when the storage host ignores the Range', async () => {
    const s = await settings();
    const blob = join(s.cacheDir, 'models--org--tiny', 'blobs', sha256(WEIGHTS));
    await downloadFile(parseRepoReference('org/tiny'), 'config.json', { settings: s });
    await writeFile(`${blob}.incomplete`, new Uint8Array(100).fill(9));
    hub.faults.set(sha256(WEIGHTS), 'ignore-range');
    try {
      const file = await downloadFile(parseRepoReference('org/tiny'), 'model.safetensors', { settings: s });
      expect(new Uint8Array(await readFile(file.path))).toEqual(WEIGHTS);
    } finally {
      hub.faults.delete(sha256(WEIGHTS));
    }
  });

  it('gives up on a connection that keeps dropping, keeping the bytes for the next run', async () => {
    const s = await settings();
    hub.faults.set(sha256(WEIGHTS), 'truncate-always');
    try {
      await expect(downloadFile(parseRepoReference('org/tiny'), 'model.safetensors', { settings: s })).rejects.toThrow(
        /^model\.safetensors of org\/tiny@main: the download stopped at \d+ of 5000 bytes; run again to resume$/,
      );
    } finally {
      hub.faults.delete(sha256(WEIGHTS));
    }
    const file = await downloadFile(parseRepoReference('org/tiny'), 'model.safetensors', { settings: s });
    expect(new Uint8Array(await readFile(file.path))).toEqual(WEIGHTS);
  });

  it.each([
    [
      'org/missing',
      'config.json',
      'RepoNotFound',
      'repository org/missing not found (HTTP 401); if it is private, set HF_TOKEN (Repository not found)',
    ],
    ['org/tiny@nope', 'config.json', 'RevisionNotFound', 'revision nope not found in org/tiny (Invalid rev id: nope)'],
    ['org/tiny', 'vocab.json', 'EntryNotFound', 'vocab.json not found in org/tiny@main (vocab.json does not exist)'],
    [
      'org/gated',
      'config.json',
      'GatedRepo',
      'org/gated is gated: accept its conditions on the Hub, then set HF_TOKEN (Access to this model is restricted)',
    ],
    [
      'org/private',
      'model.safetensors',
      'RepoNotFound',
      'repository org/private not found (HTTP 401); if it is private, set HF_TOKEN (Repository not found)',
    ],
  ])('turns %s %s into one %s line', async (name, file, code, message) => {
    const s = await settings();
    const error = await downloadFile(parseRepoReference(name), file, { settings: s }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(HubError);
    expect((error as HubError).code).toBe(code);
    expect((error as HubError).message).toBe(message);
    expect(await readdir(s.cacheDir)).not.toContain('.locks');
  });

  it('names the endpoint it cannot reach', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const s = await settings({ endpoint: `http://127.0.0.1:${port}` });
    await expect(downloadFile(parseRepoReference('org/tiny'), 'config.json', { settings: s })).rejects.toThrow(
      new RegExp(`^cannot reach http://127\\.0\\.0\\.1:${port} for config\\.json of org/tiny@main: ECONNREFUSED`),
    );
  });
});
