import { ANSWER_QUESTION_DEFAULTS, GENERATE_CODE_DEFAULTS, answerQuestion, generateCode } from '@fewshot/prompting';
import type { LanguageModel } from '@fewshot/sampling';
import { getEncoding } from '@fewshot/tokenizer';
import { describe, expect, it } from 'vitest';
import {
  codeRequest,
  labelLogprob,
  labelProbabilities,
  labelScoreRequest,
  parseLabelledLines,
  parseLabels,
  questionRequest,
} from '../public/app-templates.js';

const tokenizer = getEncoding('r50k_base');

/** A model that records the prompt it is given and ends every generation at once (end of text). */
function recordingModel(): LanguageModel<null> & { prompts: string[] } {
  const prompts: string[] = [];
  return {
    prompts,
    vocabSize: 50_257,
    contextLength: 1024,
    createCache: () => null,
    nextTokenLogits: (ids) => {
      if (ids.length > 1) prompts.push(tokenizer.decode(ids));
      const logits = new Float32Array(50_257);
      logits[50_256] = 10;
      return logits;
    },
  };
}

describe('the playground’s application templates', () => {
  it('write the prompts @fewshot/prompting’s applications write, with their settings', async () => {
    const model = recordingModel();
    await generateCode(model, tokenizer, 'quicksort', { language: 'JavaScript', eosTokenId: 50_256 });
    await answerQuestion(model, tokenizer, 'Capital of Italy?', {
      context: 'Rome is the capital of Italy.',
      eosTokenId: 50_256,
    });
    await answerQuestion(model, tokenizer, 'Capital of Italy?', { eosTokenId: 50_256 });
    const code = codeRequest('quicksort', 'JavaScript');
    const withContext = questionRequest('Capital of Italy?', 'Rome is the capital of Italy.');
    const closedBook = questionRequest('Capital of Italy?', '  ');
    expect([code.prompt, withContext.prompt, closedBook.prompt]).toEqual(model.prompts);
    const { maxNewTokens, temperature, topP, stop } = GENERATE_CODE_DEFAULTS;
    expect(code.request).toEqual({ max_tokens: maxNewTokens, temperature, top_p: topP, stop });
    expect(withContext.request).toEqual({
      max_tokens: ANSWER_QUESTION_DEFAULTS.maxNewTokens,
      temperature: ANSWER_QUESTION_DEFAULTS.temperature,
      stop: ANSWER_QUESTION_DEFAULTS.stop,
    });
  });

  it('score a label from the echoed log-probabilities of its own tokens', () => {
    const prompt = 'Input: great\nOutput:';
    expect(labelScoreRequest(prompt, 'Positive')).toEqual({
      prompt: 'Input: great\nOutput: Positive',
      max_tokens: 0,
      echo: true,
      logprobs: 0,
      temperature: 0,
    });
    // Tokens "Input", ":", " great", "\n", "Output", ":", " Pos", "itive": the last two start at or after the prompt's
    // end.
    const logprobs = {
      token_logprobs: [null, -1, -2, -3, -4, -5, -0.5, -0.25],
      text_offset: [0, 5, 6, 12, 13, 19, 20, 24],
    };
    expect(labelLogprob(logprobs, prompt.length)).toBe(-0.75);
    const ranked = labelProbabilities([
      { label: 'Positive', logprob: Math.log(0.3) },
      { label: 'Negative', logprob: Math.log(0.1) },
    ]);
    expect(ranked.map((score) => score.probability)).toEqual([expect.closeTo(0.75, 12), expect.closeTo(0.25, 12)]);
  });

  it('read labels and examples, naming what is wrong', () => {
    expect(parseLabels(' Positive, Negative ,')).toEqual(['Positive', 'Negative']);
    expect(() => parseLabels('Positive')).toThrow('labels "Positive": expected at least two distinct labels');
    expect(parseLabelledLines('a => b => c\n\n x => y ')).toEqual([
      { input: 'a => b', output: 'c' },
      { input: 'x', output: 'y' },
    ]);
    expect(() => parseLabelledLines('no label')).toThrow('example 1 ("no label") is missing "=> label"');
  });
});
