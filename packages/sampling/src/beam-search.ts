import { CompletionText } from './completion-text.js';
import { type GenerationRun, forward } from './generation-run.js';
import type { Completion, GeneratedToken, GenerationEvent } from './generation-types.js';
import { applyProcessors } from './logits-processor.js';
import { tokenLogprobs } from './logprobs.js';
import { topKIndices } from './partial-select.js';
import { Scratch } from './scratch.js';
import { logSoftmax, logSoftmaxInto, logSumExpF32 } from './softmax.js';
import { type FinishReason, tokenFinishReason } from './stopping-criteria.js';
import { decodeAll } from './token-decoder.js';

/** Log-probabilities of one beam's next token, reused from beam to beam and step to step. */
const logProbScratch = new Scratch((n) => new Float64Array(n));

interface Beam<Cache> {
  readonly tokens: readonly GeneratedToken[];
  /** Sum of the processed log-probabilities: what beams are ranked by. */
  readonly score: number;
  readonly cache: Cache;
  readonly logits: Float32Array;
}

interface Hypothesis {
  readonly tokens: readonly GeneratedToken[];
  readonly score: number;
  readonly finishReason: FinishReason;
}

interface Candidate {
  readonly parent: number;
  readonly id: number;
  readonly score: number;
}

/**
 * The length normalisation beams are ranked by: sum log p / norm(len)^α with norm(len) = len
 * (`'power'`, Hugging Face's `length_penalty`) or (5 + len) / 6 (`'gnmt'`, Wu et al. 2016, the
 * form behind GPT-3's "beam width 4, length penalty α = 0.6"). len counts generated tokens,
 * including a final EOS. α > 0 favours longer completions, α < 0 shorter ones.
 */
export function normalizedBeamScore(score: number, length: number, alpha: number, form: 'power' | 'gnmt'): number {
  // An empty hypothesis (interrupted before its first token) scores 0 whatever the form.
  if (length === 0) return score;
  const norm = form === 'power' ? length : (5 + length) / 6;
  return score / norm ** alpha;
}

/**
 * Beam search: keeps the `numBeams` best partial completions by summed log-probability (after
 * the logits processors, without warpers or randomness), extending each by its best tokens every
 * step. A beam that emits EOS or a stop string becomes a finished hypothesis; the search ends
 * when `numBeams` hypotheses are finished and no live beam can still beat the worst of them, or
 * at the token budget. Each beam has its own cache; a beam chosen by several successors is forked
 * (`model.forkCache`, which beam search requires), one chosen by none is disposed. Events are
 * yielded for the `n` best hypotheses once the search is over.
 */
export async function* beamSearch<Cache>(
  run: GenerationRun<Cache>,
  cache: Cache,
  firstLogits: Float32Array,
): AsyncGenerator<GenerationEvent, Completion[]> {
  const { config, model } = run;
  const width = config.numBeams;
  const limits = { ...config, contextLength: model.contextLength };
  const normalized = (h: { score: number; tokens: readonly unknown[] }): number =>
    normalizedBeamScore(h.score, h.tokens.length, config.lengthPenalty, config.lengthNormalization);
  const finished: Hypothesis[] = [];
  let beams: Beam<Cache>[] = [{ tokens: [], score: 0, cache, logits: firstLogits }];

  while (beams.length > 0) {
    const interrupted = run.interruption.check();
    if (interrupted !== undefined) {
      for (const beam of beams) finished.push({ ...beam, finishReason: interrupted });
      break;
    }
    const start = performance.now();
    const candidates: Candidate[] = [];
    // `logSumExp` of each beam's raw logits: the normaliser shared by the logprobs of all its
    // candidates, and, when no processor rewrites the logits, that of the ranking too.
    const logZs = beams.map((beam) => logSumExpF32(beam.logits));
    beams.forEach((beam, parent) => {
      let logProbs: Float64Array;
      if (run.processors.length === 0)
        logProbs = logSoftmaxInto(beam.logits, logProbScratch.take(beam.logits.length), logZs[parent]!);
      else {
        const logits = beam.logits.slice();
        const ids = [...run.prompt, ...beam.tokens.map((t) => t.id)];
        applyProcessors(run.processors, logits, { ids, promptLength: run.prompt.length });
        logProbs = logSoftmax(logits);
      }
      for (const id of topKIndices(logProbs.subarray(0, beam.logits.length), 2 * width)) {
        candidates.push({ parent, id, score: beam.score + (logProbs[id] ?? -Infinity) });
      }
      run.timing.samplingSteps++;
    });
    // Best first; ties by parent then token id, so the search is deterministic.
    candidates.sort((a, b) => b.score - a.score || a.parent - b.parent || a.id - b.id);

    // The best `width` candidates that do not end on EOS or a stop string take the beam slots; a
    // candidate that reaches the budget takes a slot and is finished at once. As in Hugging Face,
    // an EOS/stop candidate finishes a hypothesis only if it ranks within the first `width`.
    const survivors: { candidate: Candidate; tokens: GeneratedToken[] }[] = [];
    let slots = 0;
    for (const [rank, candidate] of candidates.entries()) {
      if (slots === width) break;
      const parent = beams[candidate.parent];
      if (parent === undefined) continue;
      const { logprob, topLogprobs } = tokenLogprobs(
        parent.logits,
        candidate.id,
        config.logprobs ?? 0,
        run.decoder,
        logZs[candidate.parent],
      );
      const token: GeneratedToken =
        config.logprobs === undefined ? { id: candidate.id, logprob } : { id: candidate.id, logprob, topLogprobs };
      const tokens = [...parent.tokens, token];
      const reason = finishOf(tokens);
      if (reason === 'stop') {
        if (rank < width) finished.push({ tokens, score: candidate.score, finishReason: 'stop' });
        continue;
      }
      slots++;
      if (reason === 'length') finished.push({ tokens, score: candidate.score, finishReason: 'length' });
      else survivors.push({ candidate, tokens });
    }
    run.timing.samplingMs += performance.now() - start;

    // Branch caches: every extra child of a parent forks it, the last one inherits it.
    const children = new Map<number, number>();
    for (const { candidate } of survivors) children.set(candidate.parent, (children.get(candidate.parent) ?? 0) + 1);
    beams.forEach((beam, i) => {
      if (!children.has(i)) run.caches.dispose(beam.cache);
    });
    const caches = survivors.map(({ candidate }) => {
      const parent = beams[candidate.parent];
      if (parent === undefined) throw new Error('beam parent out of range');
      const left = (children.get(candidate.parent) ?? 1) - 1;
      children.set(candidate.parent, left);
      return left > 0 ? run.caches.fork(parent.cache) : parent.cache;
    });
    const next: Beam<Cache>[] = [];
    for (const [i, { candidate, tokens }] of survivors.entries()) {
      const childCache = caches[i] as Cache;
      const logits = await forward(run, [candidate.id], childCache, 'generated');
      next.push({ tokens, score: candidate.score, cache: childCache, logits });
    }
    beams = next;

    if (finished.length >= width) {
      const worst = finished.map(normalized).sort((a, b) => b - a)[width - 1] ?? -Infinity;
      const best = Math.max(...beams.map(normalized));
      if (best <= worst) break;
    }
  }
  for (const beam of beams) run.caches.dispose(beam.cache);

  const ranked = finished
    .map((h) => ({ ...h, normalized: normalized(h) }))
    .sort((a, b) => b.normalized - a.normalized)
    .slice(0, config.n);
  const completions: Completion[] = [];
  for (const [index, hypothesis] of ranked.entries()) {
    const text = new CompletionText(run.decoder, config.stop, config.eosTokenIds);
    for (const token of hypothesis.tokens) yield { type: 'token', index, token, text: text.push(token.id).text };
    const tail = text.finish();
    const completion: Completion = {
      index,
      text: text.text,
      tokens: hypothesis.tokens,
      finishReason: hypothesis.finishReason,
      logprob: hypothesis.tokens.reduce((sum, t) => sum + t.logprob, 0),
      score: hypothesis.normalized,
    };
    yield { type: 'finish', index, text: tail.text, completion };
    completions.push(completion);
  }
  return completions;

  /** Why a beam with these tokens is over: EOS or a stop string ('stop'), the budget ('length'). */
  function finishOf(tokens: readonly GeneratedToken[]): FinishReason | undefined {
    const last = tokens[tokens.length - 1];
    if (last === undefined) return undefined;
    if (config.stop.length > 0) {
      const text = decodeAll(
        run.decoder,
        tokens.map((t) => t.id),
      );
      if (config.stop.some((s) => text.includes(s))) return 'stop';
    }
    return tokenFinishReason(last.id, tokens.length, run.prompt.length + tokens.length, limits);
  }
}
