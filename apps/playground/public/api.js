// @ts-check

/** An error answered by the server in OpenAI's shape, with the parameter at fault. */
export class ApiRequestError extends Error {
  /**
   * @param {number} status
   * @param {string} message
   * @param {string | null} param
   */
  constructor(status, message, param) {
    super(message);
    this.status = status;
    this.param = param;
  }
}

/**
 * @param {Response} response
 * @returns {Promise<never>}
 */
async function raise(response) {
  /** @type {{ error?: { message?: string, param?: string | null } }} */
  let body = {};
  try {
    body = await response.json();
  } catch {
    // Not JSON: fall back to the status line.
  }
  throw new ApiRequestError(
    response.status,
    body.error?.message ?? `${response.status} ${response.statusText}`,
    body.error?.param ?? null,
  );
}

/**
 * GET a JSON resource.
 * @param {string} path
 * @returns {Promise<any>}
 */
export async function getJson(path) {
  const response = await fetch(path);
  if (!response.ok) return raise(response);
  return response.json();
}

/**
 * POST a JSON body and read the JSON answer.
 * @param {string} path
 * @param {unknown} body
 * @param {AbortSignal} [signal]
 * @returns {Promise<any>}
 */
export async function postJson(path, body, signal) {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
    signal,
  });
  if (!response.ok) return raise(response);
  return response.json();
}

/**
 * @typedef {{ tokens: string[], token_logprobs: (number | null)[], top_logprobs: (Record<string, number> | null)[],
 * text_offset: number[] }} Logprobs
 * @typedef {{ index: number, text: string, logprobs: Logprobs | null, finish_reason: string | null }} ChoiceDelta
 */

/**
 * Streams `/v1/completions` as server-sent events, calling `onDelta` for every choice delta
 * until `data: [DONE]`. Aborting `signal` closes the connection, which cancels the generation.
 * @param {Record<string, unknown>} body
 * @param {(delta: ChoiceDelta) => void} onDelta
 * @param {AbortSignal} signal
 */
export async function streamCompletion(body, onDelta, signal) {
  const response = await fetch('/v1/completions', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ ...body, stream: true }),
    signal,
  });
  if (!response.ok || response.body === null) return raise(response);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffered += value;
    let end;
    while ((end = buffered.indexOf('\n\n')) >= 0) {
      const event = buffered.slice(0, end);
      buffered = buffered.slice(end + 2);
      const data = event
        .split('\n')
        .filter((line) => line.startsWith('data: '))
        .map((line) => line.slice(6))
        .join('\n');
      if (data === '[DONE]') return;
      const chunk = JSON.parse(data);
      if (chunk.error !== undefined) throw new ApiRequestError(500, chunk.error.message, chunk.error.param ?? null);
      for (const choice of chunk.choices) onDelta(choice);
    }
  }
}
