import { describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { BigramModel, bytesDecoder } from './__fixtures__/bigram-model.js';
import { normalizedBeamScore } from './beam-search.js';
import { GenerationOptionError } from './generation-error.js';
import type { GenerateRequest } from './generate.js';
import { generate, streamGenerate } from './generate.js';
import type { GenerationEvent } from './generation-types.js';

const L = Math.log;
// Vocabulary: 0 "a", 1 "b", 2 "#", 3 EOS, 4/5/6 the three byte pieces of "😀" split 2+1+1.
const PIECES: (string | number[])[] = ['a', 'b', '#', '', [0xf0, 0x9f], [0x98], [0x80]];
const decoder = bytesDecoder(PIECES);
/** Row = previous token; a bigram chain with known probabilities. */
const TABLE = [
  [L(0.1), L(0.6), L(0.2), L(0.05), L(0.05), -50, -50], // after a
  [L(0.5), L(0.1), L(0.3), L(0.1), -50, -50, -50], // after b
  [L(0.2), L(0.2), L(0.5), L(0.1), -50, -50, -50], // after #
  [0, 0, 0, 0, -50, -50, -50], // after EOS
  [-50, -50, -50, -50, -50, 0, -50], // emoji piece 1 → 2
  [-50, -50, -50, -50, -50, -50, 0], // piece 2 → 3
  [L(0.4), -50, -50, -50, L(0.6), -50, -50], // piece 3 → another emoji (0.6) or "a"
];

const request = (extra: Partial<GenerateRequest> = {}, model = new BigramModel(TABLE)): GenerateRequest => ({
  model: model,
  decoder,
  prompt: [0],
  ...extra,
});

async function collect(stream: AsyncIterable<GenerationEvent>): Promise<GenerationEvent[]> {
  const events: GenerationEvent[] = [];
  for await (const e of stream) events.push(e);
  return events;
}

describe('generate: greedy', () => {
  it('follows the argmax chain and stops at EOS', async () => {
    // a → b (0.6) → a (0.5) → b ...; EOS never wins: budget ends it.
    const { completions, usage } = await generate(request({ temperature: 0, maxNewTokens: 4, eosTokenId: 3 }));
    expect(completions[0]?.tokens.map((t) => t.id)).toEqual([1, 0, 1, 0]);
    expect(completions[0]?.text).toBe('baba');
    expect(completions[0]?.finishReason).toBe('length');
    expect(usage).toEqual({ promptTokens: 1, completionTokens: 4, totalTokens: 5 });
    expect(completions[0]?.tokens[0]?.logprob).toBeCloseTo(L(0.6), 5);
  });

  it('prefills the prompt once and then feeds one token per step', async () => {
    const model = new BigramModel(TABLE);
    await generate(request({ temperature: 0, maxNewTokens: 3, prompt: [2, 2, 0] }, model));
    expect(model.created).toHaveLength(1);
    expect(model.created[0]?.calls).toEqual([[2, 2, 0], [1], [0]]);
    expect(model.created[0]?.disposed).toBe(true);
  });

  it('ends with EOS (excluded from the text) once minNewTokens allows it', async () => {
    const table = TABLE.map((row) => [...row]);
    table[1] = [-50, -50, -50, 0, -50, -50, -50]; // after b, EOS is certain.
    const { completions } = await generate(request({ temperature: 0, eosTokenId: 3 }, new BigramModel(table)));
    expect(completions[0]?.text).toBe('b');
    expect(completions[0]?.finishReason).toBe('stop');
    const delayed = await generate(
      request({ temperature: 0, eosTokenId: 3, minNewTokens: 3, maxNewTokens: 3 }, new BigramModel(table)),
    );
    expect(delayed.completions[0]?.tokens.map((t) => t.id)).toEqual([1, 0, 1]);
  });
});

describe('generate: sampling', () => {
  it('is deterministic for a seed and reports the seed it drew', async () => {
    const a = await generate(request({ seed: 99, maxNewTokens: 20 }));
    const b = await generate(request({ seed: 99, maxNewTokens: 20 }));
    expect(a.completions).toEqual(b.completions);
    const unseeded = await generate(request({ maxNewTokens: 20 }));
    const replay = await generate(request({ maxNewTokens: 20, seed: unseeded.seed }));
    expect(replay.completions).toEqual(unseeded.completions);
  });

  it('draws first tokens with the bigram frequencies (fixed seed)', async () => {
    const runs = 3000;
    const { completions } = await generate(request({ seed: 3, n: 128, maxNewTokens: 1 }));
    const more = await Promise.all(
      Array.from({ length: runs / 128 - 1 }, (_, i) => generate(request({ seed: 100 + i, n: 128, maxNewTokens: 1 }))),
    );
    const ids = [...completions, ...more.flatMap((r) => r.completions)].map((c) => c.tokens[0]?.id);
    const expected = [0.1, 0.6, 0.2, 0.05, 0.05];
    expected.forEach((p, id) => {
      const count = ids.filter((x) => x === id).length;
      expect(Math.abs(count - ids.length * p)).toBeLessThanOrEqual(4 * Math.sqrt(ids.length * p * (1 - p)));
    });
  });

  it('draws token pairs with the frequencies of the penalised, warped distribution (fixed seed)', async () => {
    // Naive reference: presence penalty on generated ids, temperature, then a full-sort nucleus.
    const options = { presencePenalty: 0.5, temperature: 0.8, topP: 0.75 };
    const next = (prev: number, generated: number[]): number[] => {
      const logits = (TABLE[prev] ?? []).map(
        (v, id) => (v - (generated.includes(id) ? options.presencePenalty : 0)) / options.temperature,
      );
      const z = logits.reduce((sum, v) => sum + Math.exp(v), 0);
      const probs = logits.map((v) => Math.exp(v) / z);
      const order = probs.map((_, id) => id).sort((a, b) => (probs[b] ?? 0) - (probs[a] ?? 0) || a - b);
      const kept = new Set<number>();
      let mass = 0;
      for (const id of order) {
        if (mass >= options.topP) break;
        kept.add(id);
        mass += probs[id] ?? 0;
      }
      return probs.map((p, id) => (kept.has(id) ? p / mass : 0));
    };
    const expected = new Map<string, number>();
    next(0, []).forEach((p1, first) => {
      next(first, [first]).forEach((p2, second) => expected.set(`${first},${second}`, p1 * p2));
    });

    const batches = await Promise.all(
      Array.from({ length: 32 }, (_, i) => generate(request({ ...options, seed: 500 + i, n: 128, maxNewTokens: 2 }))),
    );
    const pairs = batches.flatMap((r) => r.completions.map((c) => c.tokens.map((t) => t.id).join(',')));
    for (const [pair, p] of expected) {
      const count = pairs.filter((x) => x === pair).length;
      if (p === 0) expect(count).toBe(0);
      else expect(Math.abs(count - pairs.length * p)).toBeLessThanOrEqual(4 * Math.sqrt(pairs.length * p * (1 - p)));
    }
  });

  it('forks the prefilled cache for n completions and disposes every cache', async () => {
    const model = new BigramModel(TABLE);
    const { completions } = await generate(request({ seed: 1, n: 3, maxNewTokens: 5 }, model));
    expect(completions.map((c) => c.index)).toEqual([0, 1, 2]);
    expect(model.created).toHaveLength(3);
    expect(model.created.every((c) => c.disposed)).toBe(true);
    expect(model.created[0]?.calls[0]).toEqual([0]); // Only the first cache saw a prefill.
    expect(model.created[1]?.calls[0]).toHaveLength(1);
  });

  it('without forkCache, prefills each completion separately with the same results', async () => {
    const forked = await generate(request({ seed: 8, n: 2, maxNewTokens: 6 }));
    const separate = await generate(request({ seed: 8, n: 2, maxNewTokens: 6 }, new BigramModel(TABLE, 1024, false)));
    expect(separate.completions).toEqual(forked.completions);
  });

  it('bestOf returns the n candidates with the highest mean logprob', async () => {
    const all = await generate(request({ seed: 4, n: 5, maxNewTokens: 6 }));
    const best = await generate(request({ seed: 4, n: 2, bestOf: 5, maxNewTokens: 6 }));
    const mean = (c: { logprob: number; tokens: readonly unknown[] }): number => c.logprob / c.tokens.length;
    const expected = [...all.completions]
      .sort((x, y) => mean(y) - mean(x))
      .slice(0, 2)
      .map((c) => c.text);
    expect(best.completions.map((c) => c.text)).toEqual(expected);
    expect(best.completions.map((c) => c.index)).toEqual([0, 1]);
    expect(best.usage.completionTokens).toBe(all.usage.completionTokens);
  });
});

describe('streamGenerate', () => {
  it('streams a multi-token emoji without U+FFFD and matches the non-streamed text', async () => {
    const opts = { prompt: [6], temperature: 0, maxNewTokens: 6 };
    const events = await collect(streamGenerate(request(opts)));
    const deltas = events.flatMap((e) => (e.type === 'done' ? [] : [e.text]));
    expect(deltas.join('')).toBe('😀😀');
    expect(deltas.some((d) => d.includes('\uFFFD'))).toBe(false);
    expect(deltas.filter((d) => d !== '')).toEqual(['😀', '😀']);
    const result = await generate(request(opts));
    const done = events.at(-1);
    expect(done?.type === 'done' && done.result.completions).toEqual(result.completions);
  });

  it('detects a stop string spanning tokens and leaves it out, as OpenAI does', async () => {
    // After b: a (0.5). After a, b is biased away: # (0.2). After #: # (0.5). Stop "##" spans two tokens.
    const events = await collect(
      streamGenerate(
        request({ prompt: [1], temperature: 0, stop: ['##', 'zz'], maxNewTokens: 10, logitBias: { '1': -100 } }),
      ),
    );
    const done = events.at(-1);
    if (done?.type !== 'done') throw new Error('no done event');
    expect(done.result.completions[0]?.text).toBe('a');
    expect(done.result.completions[0]?.finishReason).toBe('stop');
    expect(done.result.completions[0]?.tokens.map((t) => t.id)).toEqual([0, 2, 2]);
    expect(events.flatMap((e) => (e.type === 'done' ? [] : [e.text]))).toEqual(['a', '', '', '']);
  });

  it('stops with finish reason abort when the signal fires mid-stream', async () => {
    const controller = new AbortController();
    const events: GenerationEvent[] = [];
    for await (const e of streamGenerate(request({ seed: 2, maxNewTokens: 100, signal: controller.signal }))) {
      events.push(e);
      if (events.length === 3) controller.abort();
    }
    const done = events.at(-1);
    if (done?.type !== 'done') throw new Error('no done event');
    expect(done.result.completions[0]?.finishReason).toBe('abort');
    expect(done.result.completions[0]?.tokens).toHaveLength(3);
  });

  it('samples no further token once the signal fires during a forward pass', async () => {
    const controller = new AbortController();
    const model = new BigramModel(TABLE);
    model.beforeCall = (call) => {
      if (call === 3) controller.abort();
    };
    const { completions } = await generate(request({ seed: 2, maxNewTokens: 100, signal: controller.signal }, model));
    // Call 1 (prefill) gives token 1, call 2 token 2; call 3 is aborted before its token.
    expect(completions[0]?.finishReason).toBe('abort');
    expect(completions[0]?.tokens).toHaveLength(2);
  });

  it('stops with finish reason time_limit when the budget is spent', async () => {
    let now = 0;
    const spy = vi.spyOn(performance, 'now').mockImplementation(() => (now += 10));
    try {
      const { completions } = await generate(request({ seed: 2, maxNewTokens: 1000, timeLimitMs: 500 }));
      expect(completions[0]?.finishReason).toBe('time_limit');
      expect(completions[0]?.tokens.length).toBeLessThan(50);
    } finally {
      spy.mockRestore();
    }
  });

  it('disposes every cache when the consumer stops iterating early', async () => {
    const model = new BigramModel(TABLE);
    for await (const event of streamGenerate(request({ seed: 3, n: 3, maxNewTokens: 50 }, model))) {
      if (event.type === 'token' && event.index === 1) break;
    }
    expect(model.created.length).toBeGreaterThan(1);
    expect(model.created.every((c) => c.disposed)).toBe(true);
  });

  it('reports NaN logits instead of sampling from them', async () => {
    const table = TABLE.map((row, prev) => (prev === 1 ? row.map((v, id) => (id === 2 ? NaN : v)) : row));
    const model = new BigramModel(table);
    await expect(generate(request({ prompt: [1], seed: 1 }, model))).rejects.toThrow(
      'model.nextTokenLogits returned NaN for token id 2',
    );
    expect(model.created.every((c) => c.disposed)).toBe(true);
  });

  it('disposes every cache when the model throws', async () => {
    const model = new BigramModel(TABLE);
    model.beforeCall = (call) => {
      if (call === 4) throw new Error('device lost');
    };
    await expect(generate(request({ numBeams: 3, maxNewTokens: 5 }, model))).rejects.toThrow('device lost');
    expect(model.created.length).toBeGreaterThan(1);
    expect(model.created.every((c) => c.disposed)).toBe(true);
  });

  it('gives the same completions streamed or not, whatever the options', async () => {
    const options = fc.record({
      seed: fc.integer({ min: 0, max: 2 ** 31 }),
      temperature: fc.constantFrom(0, 0.7, 1, 1.5),
      topP: fc.constantFrom(0.5, 0.9, 1),
      n: fc.integer({ min: 1, max: 3 }),
      maxNewTokens: fc.integer({ min: 1, max: 12 }),
      stop: fc.constantFrom<string[]>([], ['#'], ['ab', '😀a'], ['bb']),
      prompt: fc.constantFrom<number[]>([0], [1, 2], [6]),
    });
    await fc.assert(
      fc.asyncProperty(options, async (o) => {
        const events = await collect(streamGenerate(request({ ...o, eosTokenId: 3 })));
        const result = await generate(request({ ...o, eosTokenId: 3 }));
        const done = events.at(-1);
        if (done?.type !== 'done') throw new Error('no done event');
        expect(done.result.completions).toEqual(result.completions);
        for (const completion of result.completions) {
          const mine = events.filter((e) => e.type !== 'done' && e.index === completion.index);
          expect(mine.map((e) => (e.type === 'done' ? '' : e.text)).join('')).toBe(completion.text);
          for (const stop of o.stop) expect(completion.text).not.toContain(stop);
          // Only a character cut off by the end of generation may come out as U+FFFD, at the end.
          expect(completion.text.replace(/\uFFFD$/, '')).not.toContain('\uFFFD');
          expect(mine.some((e) => e.type === 'token' && e.text.includes('\uFFFD'))).toBe(false);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('reports OpenAI-style logprobs with top alternatives from the raw distribution', async () => {
    const { completions } = await generate(
      request({ temperature: 0, maxNewTokens: 1, logprobs: 2, presencePenalty: 1 }),
    );
    const token = completions[0]?.tokens[0];
    expect(token?.logprob).toBeCloseTo(L(0.6), 5);
    expect(token?.topLogprobs?.map((t) => [t.id, t.text])).toEqual([
      [1, 'b'],
      [2, '#'],
    ]);
    expect(token?.topLogprobs?.[1]?.logprob).toBeCloseTo(L(0.2), 5);
  });
});

describe('generate: context and validation', () => {
  it('rejects a prompt that fills the context, or truncates it on the left', async () => {
    const model = new BigramModel(TABLE, 4);
    await expect(generate(request({ prompt: [0, 1, 0, 1] }, model))).rejects.toThrow(
      /prompt = "4 tokens" is invalid: expected at most contextLength − 1 = 3 tokens/,
    );
    const result = await generate(
      request(
        { prompt: [2, 0, 1, 0, 1], truncation: 'left', maxNewTokens: 2, temperature: 0 },
        new BigramModel(TABLE, 4),
      ),
    );
    expect(result.truncatedPromptTokens).toBe(3);
    expect(result.usage.promptTokens).toBe(2);
    expect(result.completions[0]?.tokens).toHaveLength(2);
  });

  it('stops with length at the context window', async () => {
    const { completions } = await generate(request({ prompt: [0, 1], maxNewTokens: 50 }, new BigramModel(TABLE, 5)));
    expect(completions[0]?.tokens).toHaveLength(3);
    expect(completions[0]?.finishReason).toBe('length');
  });

  it.each([
    [{ temperature: -1 }, /temperature = -1 is invalid: expected a finite number >= 0/],
    [{ topP: 0 }, /topP = 0 is invalid: expected a number in \(0, 1\]/],
    [{ topK: 1.5 }, /topK = 1.5 is invalid: expected an integer >= 0/],
    [{ maxNewTokens: 0 }, /maxNewTokens = 0 is invalid: expected an integer >= 1/],
    [{ presencePenalty: 3 }, /presencePenalty = 3 is invalid: expected a number in \[-2, 2\]/],
    [{ n: 3, bestOf: 2 }, /bestOf = 2 is invalid: expected an integer in 3..128/],
    [{ eosTokenId: 7 }, /eosTokenId = 7 is invalid: expected an integer in 0..6/],
    [{ stop: ['a', ''] }, /stop\[1\] = "" is invalid/],
    [{ logprobs: 21 }, /logprobs = 21 is invalid: expected an integer in 0..20/],
    [{ prompt: [] }, /prompt = \[\] is invalid/],
    [{ logitBias: { '2': -101 } }, /logitBias\[2\] = -101 is invalid: expected a number in \[-100, 100\]/],
    [{ bannedSequences: [[1, 9]] }, /bannedSequences\[0\]\[1\] = 9 is invalid: expected an integer in 0..6/],
    [{ truncation: 'right' }, /truncation = "right" is invalid: expected one of "error", "left"/],
  ] as const)('names the parameter, value and range: %o', async (options, message) => {
    const error = await generate(request(options as Partial<GenerateRequest>)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GenerationOptionError);
    expect((error as Error).message).toMatch(message);
  });
});

describe('beam search', () => {
  /** Exhaustive reference: every sequence of exactly `len` tokens, scored by summed log p. */
  function bestSequence(
    table: readonly (readonly number[])[],
    start: number,
    len: number,
  ): { ids: number[]; score: number } {
    let best = { ids: [] as number[], score: -Infinity };
    const walk = (prev: number, ids: number[], score: number): void => {
      if (ids.length === len) {
        if (score > best.score) best = { ids, score };
        return;
      }
      const row = table[prev] ?? [];
      const lse = Math.log(row.reduce((s, v) => s + Math.exp(v), 0));
      row.forEach((v, id) => {
        walk(id, [...ids, id], score + v - lse);
      });
    };
    walk(start, [], 0);
    return best;
  }

  it('finds the most likely fixed-length sequence where greedy does not', async () => {
    const table = [
      [L(0.05), L(0.55), L(0.4), -50, -50, -50, -50], // after a: b looks best...
      [L(0.34), L(0.33), L(0.33), -50, -50, -50, -50], // ...but b leads nowhere certain
      [L(0.95), L(0.05), -50, -50, -50, -50, -50], // # leads to a with 0.95
      ...TABLE.slice(3),
    ];
    const greedy = await generate(request({ temperature: 0, maxNewTokens: 2 }, new BigramModel(table)));
    const beams = await generate(request({ numBeams: 3, maxNewTokens: 2, n: 2 }, new BigramModel(table)));
    const reference = bestSequence(table, 0, 2);
    expect(greedy.completions[0]?.tokens.map((t) => t.id)).toEqual([1, 0]);
    expect(beams.completions[0]?.tokens.map((t) => t.id)).toEqual(reference.ids);
    expect(reference.ids).toEqual([2, 0]);
    expect(beams.completions[0]?.score).toBeCloseTo(reference.score / 2, 5);
    expect(beams.completions).toHaveLength(2);
  });

  it('branches and disposes caches exactly once', async () => {
    const model = new BigramModel(TABLE);
    await generate(request({ numBeams: 4, maxNewTokens: 5 }, model));
    expect(model.created.length).toBeGreaterThan(1);
    expect(model.created.every((c) => c.disposed)).toBe(true);
    for (const cache of model.created.slice(1)) expect(cache.calls.every((ids) => ids.length === 1)).toBe(true);
  });

  it('needs forkCache, and says so before calling the model', async () => {
    const model = new BigramModel(TABLE, 1024, false);
    await expect(generate(request({ numBeams: 2 }, model))).rejects.toThrow(/numBeams = 2 is invalid: .*forkCache/);
    expect(model.created).toHaveLength(0);
  });

  it('returns at most numBeams hypotheses at the token budget, the best first', async () => {
    const { completions } = await generate(request({ numBeams: 3, n: 3, maxNewTokens: 3 }));
    const reference = bestSequence(TABLE, 0, 3);
    expect(completions).toHaveLength(3);
    expect(completions.every((c) => c.finishReason === 'length' && c.tokens.length === 3)).toBe(true);
    expect(completions[0]?.tokens.map((t) => t.id)).toEqual(reference.ids);
    const scores = completions.map((c) => c.score ?? NaN);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('normalises by len^α or GNMT ((5 + len) / 6)^α', () => {
    expect(normalizedBeamScore(-6, 4, 1, 'power')).toBe(-1.5);
    expect(normalizedBeamScore(-6, 1, 0.6, 'gnmt')).toBe(-6);
    expect(normalizedBeamScore(-6, 7, 0.6, 'gnmt')).toBeCloseTo(-6 / 2 ** 0.6, 12);
  });
});

describe('beam search endings', () => {
  it('ends a beam at EOS or a stop string and returns the text without either', async () => {
    const eos = await generate(
      request(
        { numBeams: 2, maxNewTokens: 8, eosTokenId: 3, prompt: [2] },
        new BigramModel([
          [-50, -50, -50, 0, -50, -50, -50], // a → EOS
          [0, -50, -50, -50, -50, -50, -50], // b → a
          [L(0.3), L(0.7), -50, -50, -50, -50, -50], // # → b or a
          ...TABLE.slice(3),
        ]),
      ),
    );
    // # then: "a" EOS (0.3) vs "b" "a" EOS (0.7); length-normalised (α = 1): ln0.3/2 vs ln0.7/3.
    expect(eos.completions[0]?.text).toBe('ba');
    expect(eos.completions[0]?.finishReason).toBe('stop');
    expect(eos.completions[0]?.score).toBeCloseTo(L(0.7) / 3, 5);

    // From "b" the likeliest path is a (0.5), b (0.6): the stop string "ab" ends the best beam.
    const stop = await generate(request({ numBeams: 2, maxNewTokens: 8, prompt: [1], stop: ['ab'] }));
    expect(stop.completions[0]?.tokens.map((t) => t.id)).toEqual([0, 1]);
    expect(stop.completions[0]?.text).toBe('');
    expect(stop.completions[0]?.finishReason).toBe('stop');
  });
});
