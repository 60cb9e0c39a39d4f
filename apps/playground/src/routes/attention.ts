import { MAX_ATTENTION_WEIGHTS_LENGTH, attentionWeights } from '@fewshot/model';
import { describeAttentionPattern } from '@fewshot/config';
import { tokenText } from '@fewshot/sampling';
import { ApiError } from '../http/api-error.js';
import { readJsonBody } from '../http/read-json-body.js';
import { rejectUnknownFields, requiredString } from '../http/request-fields.js';
import { sendJson } from '../http/send.js';
import type { RouteContext } from './route-context.js';

/** Longest prompt the page's heatmaps show: beyond it the cells are too small to read. */
export const MAX_ATTENTION_TOKENS = Math.min(64, MAX_ATTENTION_WEIGHTS_LENGTH);

/**
 * `POST /api/attention` `{ prompt }`: every layer's pattern and, per head, the softmax attention
 * probabilities over the prompt's tokens (`weights[head][query][key]`, 4 decimals). It runs
 * through the generation queue, as it uses the model.
 */
export async function handleAttention(context: RouteContext): Promise<void> {
  const served = context.host.require();
  const body = await readJsonBody(context.request, context.limits);
  rejectUnknownFields(body, new Set(['prompt']));
  const ids = served.tokenizer.encode(requiredString(body, 'prompt'), 'all');
  if (ids.length === 0) throw ApiError.invalid('prompt', 'prompt is empty: give at least one token of text');
  const limit = Math.min(MAX_ATTENTION_TOKENS, served.model.contextLength);
  if (ids.length > limit)
    throw ApiError.invalid(
      'prompt',
      `prompt has ${ids.length} tokens; the attention view shows at most ${limit}`,
      'context_length_exceeded',
    );
  const weigh = (): ReturnType<typeof attentionWeights> => attentionWeights(served.model, ids);
  const layers = await context.queue.run(() => context.scheduler.run(weigh), context.signal);
  sendJson(context.response, 200, {
    tokens: ids.map((id) => ({ id, text: tokenText(served.tokenizer, id) })),
    layers: layers.map(({ layer, pattern, heads, length, weights }) => ({
      layer,
      pattern,
      description: describeAttentionPattern(pattern),
      weights: Array.from({ length: heads }, (_, head) =>
        Array.from({ length }, (_, query) =>
          Array.from(
            weights.subarray((head * length + query) * length, (head * length + query + 1) * length),
            (p) => Math.round(p * 1e4) / 1e4,
          ),
        ),
      ),
    })),
  });
}
