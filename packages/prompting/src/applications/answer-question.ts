import type { GenerationOptions, LanguageModel } from '@fewshot/sampling';
import { buildFewShotPrompt } from '../build-prompt.js';
import type { Demonstration } from '../example.js';
import { closedBookQaTemplate } from '../prompt-template.js';
import { type ApplicationResult, type ApplicationTokenizer, generateWithDefaults } from './application-generate.js';

/**
 * The seed's `answer_question` defaults: 100 new tokens, greedy (its `do_sample=False` overrides
 * its temperature 0.2), and the answer ends with its line, as in the paper's QA evaluations.
 */
export const ANSWER_QUESTION_DEFAULTS = {
  maxNewTokens: 100,
  temperature: 0,
  stop: ['\n'],
} as const satisfies GenerationOptions;

export interface AnswerQuestionOptions extends GenerationOptions {
  /** A passage to answer from (the seed's prompt); without one the question is closed-book. */
  readonly context?: string;
  /** Closed-book demonstrations (question → answer) shown first in the paper's `Q:` / `A:` format. */
  readonly examples?: readonly Demonstration[];
}

export interface AnsweredQuestion extends ApplicationResult {
  /** The completion, trimmed. */
  readonly answer: string;
}

/**
 * Answers a question (the seed's `answer_question`). With a context the prompt is the seed's:
 * `Answer the question based on the context.`, the context and `Question: … / Answer:`. Without,
 * it is the GPT-3 paper's closed-book TriviaQA format, `Q: … / A:`, after any examples.
 */
export async function answerQuestion<Cache>(
  model: LanguageModel<Cache>,
  tokenizer: ApplicationTokenizer,
  question: string,
  options: AnswerQuestionOptions = {},
): Promise<AnsweredQuestion> {
  const { context, examples = [], ...sampling } = options;
  const prompt =
    context === undefined
      ? buildFewShotPrompt({ template: closedBookQaTemplate, examples, query: question, excludeQuery: false }).prompt
      : `Answer the question based on the context.\n\nContext: ${context}\n\nQuestion: ${question}\nAnswer:`;
  const run = await generateWithDefaults(model, tokenizer, prompt, ANSWER_QUESTION_DEFAULTS, sampling);
  return { ...run, answer: run.completion.trim() };
}
