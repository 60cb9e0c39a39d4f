// @ts-check

/**
 * The prompts and settings of @fewshot/prompting's applications (the seed's generate_code and
 * answer_question, and few-shot classification), written for the page, which reaches the model
 * only through the HTTP API. Each matches what the library writes for the same input.
 */

/**
 * `generateCode`: a comment naming the language and the task, then a blank line; sampled at
 * temperature 0.3 and top-p 0.95 for up to 200 tokens, and ending at the next blank line.
 * @param {string} description
 * @param {string} language
 * @returns {{ prompt: string, request: { max_tokens: number, temperature: number, top_p: number, stop: string[] } }}
 */
export function codeRequest(description, language) {
  return {
    prompt: `// ${language} code for: ${description}\n\n`,
    request: { max_tokens: 200, temperature: 0.3, top_p: 0.95, stop: ['\n\n'] },
  };
}

/**
 * `answerQuestion`: with a passage the seed's prompt, without one the paper's closed-book
 * `Q: … / A:` format; greedy, up to 100 tokens, ending with the line.
 * @param {string} question
 * @param {string} context empty for closed-book
 * @returns {{ prompt: string, request: { max_tokens: number, temperature: number, stop: string[] } }}
 */
export function questionRequest(question, context) {
  const prompt =
    context.trim() === ''
      ? `Q: ${question}\nA:`
      : `Answer the question based on the context.\n\nContext: ${context.trim()}\n\nQuestion: ${question}\nAnswer:`;
  return { prompt, request: { max_tokens: 100, temperature: 0, stop: ['\n'] } };
}

/**
 * Labelled examples written one per line as `input => label`; blank lines are skipped.
 * @param {string} text
 * @returns {{ input: string, output: string }[]}
 */
export function parseLabelledLines(text) {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, index) => {
      const cut = line.lastIndexOf('=>');
      if (cut < 0) throw new Error(`example ${index + 1} ("${line.trim()}") is missing "=> label"`);
      return { input: line.slice(0, cut).trim(), output: line.slice(cut + 2).trim() };
    });
}

/**
 * The labels of a classification, comma-separated: at least two, all distinct.
 * @param {string} text
 * @returns {string[]}
 */
export function parseLabels(text) {
  const labels = text
    .split(',')
    .map((label) => label.trim())
    .filter((label) => label !== '');
  if (labels.length < 2 || new Set(labels).size !== labels.length) {
    throw new Error(`labels "${text}": expected at least two distinct labels, comma-separated`);
  }
  return labels;
}

/**
 * The completions request that scores `label` after `prompt` (`classify` scores ` label` as
 * the continuation): the text echoed with its tokens' log-probabilities, nothing generated.
 * @param {string} prompt
 * @param {string} label
 */
export function labelScoreRequest(prompt, label) {
  return { prompt: `${prompt} ${label}`, max_tokens: 0, echo: true, logprobs: 0, temperature: 0 };
}

/**
 * log P(label | prompt): the sum of the echoed log-probabilities of the tokens that start at or
 * after the end of `prompt` (the label's tokens).
 * @param {{ token_logprobs: (number | null)[], text_offset: number[] }} logprobs
 * @param {number} promptLength in UTF-16 code units, as the API's text offsets count
 * @returns {number}
 */
export function labelLogprob(logprobs, promptLength) {
  let total = 0;
  logprobs.text_offset.forEach((offset, i) => {
    if (offset >= promptLength) total += logprobs.token_logprobs[i] ?? 0;
  });
  return total;
}

/**
 * Each label's share of the probability the model gives to all of them.
 * @param {{ label: string, logprob: number }[]} scores
 * @returns {{ label: string, logprob: number, probability: number }[]}
 */
export function labelProbabilities(scores) {
  const top = Math.max(...scores.map((score) => score.logprob));
  const weights = scores.map((score) => Math.exp(score.logprob - top));
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  return scores.map((score, i) => ({ ...score, probability: (weights[i] ?? 0) / total }));
}
