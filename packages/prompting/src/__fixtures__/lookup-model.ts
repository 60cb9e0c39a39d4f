import { ScriptedModel, type ScriptTokenizer } from './scripted-model.js';

/**
 * A perfect in-context learner for lookup episodes, to test the harness against answers known in
 * advance: after a prompt ending in `Input: X\nOutput:` it answers ` Y` when an earlier
 * demonstration reads `Input: X\nOutput: Y`, else ` ?`, and then keeps writing the next line
 * (`\nInput:`), so only a stop at the newline ends the answer where it should.
 */
export function lookupModel(tokenizer: ScriptTokenizer, vocabSize: number, contextLength: number): ScriptedModel {
  return new ScriptedModel(tokenizer, vocabSize, contextLength, (prompt) => `${answerFor(prompt)}\nInput:`);
}

function answerFor(prompt: string): string {
  const query = /Input: ([^\n]*)\nOutput:$/.exec(prompt)?.[1];
  if (query === undefined) return ' ?';
  const lines = prompt.split('\n');
  for (let i = 0; i + 1 < lines.length - 2; i++) {
    if (lines[i] === `Input: ${query}` && lines[i + 1]!.startsWith('Output: '))
      return ` ${lines[i + 1]!.slice('Output: '.length)}`;
  }
  return ' ?';
}
