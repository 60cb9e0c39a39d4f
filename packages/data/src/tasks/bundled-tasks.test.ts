import { readFileSync } from 'node:fs';
import { parseTaskJsonl } from '@fewshot/prompting';
import { describe, expect, it } from 'vitest';
import { readBrownCorpus } from '../brown/brown-corpus.js';
import { splitDocuments } from '../brown/split-documents.js';
import { TASK_FAMILY_NAMES } from '../synthetic/task-families.js';
import { BUNDLED_TASK_RECIPE, bundledTaskContents } from './bundled-task-contents.js';
import { BUNDLED_TASKS, resolveBundledTask } from './bundled-tasks.js';

const brown = readBrownCorpus();
const read = (name: string) => readFileSync(resolveBundledTask(name).file, 'utf8');

describe('bundled tasks', () => {
  it('lists one episode task per synthetic family, the Brown LAMBADA sample and the JavaScript code problems', () => {
    const names = [...TASK_FAMILY_NAMES.map((family) => `synthetic-${family}`), 'lambada-brown', 'humaneval-js'];
    expect(Object.keys(BUNDLED_TASKS).sort()).toEqual(names.sort());
    expect(resolveBundledTask('humaneval-js')).toMatchObject({ kind: 'code' });
    expect(resolveBundledTask('synthetic-word-mapping')).toMatchObject({ kind: 'episode' });
    expect(resolveBundledTask('lambada-brown')).toMatchObject({ kind: 'lambada' });
  });

  it('ships files identical to what the generator writes (scripts/generate-tasks.mjs)', () => {
    const contents = bundledTaskContents(brown);
    for (const name of Object.keys(BUNDLED_TASKS)) expect(read(name), name).toBe(contents[name]);
  });

  it('parses with the @fewshot/prompting harness as the kind it is listed with', () => {
    for (const task of Object.values(BUNDLED_TASKS)) {
      expect(parseTaskJsonl(task.name, read(task.name), task.file, task.kind).kind, task.name).toBe(task.kind);
    }
  });

  it('writes episode lines with 16 examples and a query', () => {
    for (const family of TASK_FAMILY_NAMES) {
      const lines = read(`synthetic-${family}`).trimEnd().split('\n');
      expect(lines).toHaveLength(BUNDLED_TASK_RECIPE.itemsPerFamily);
      for (const line of lines) {
        const item = JSON.parse(line) as {
          examples: { input: string; output: string }[];
          input: string;
          output: string;
        };
        expect(Object.keys(item)).toEqual(['examples', 'input', 'output']);
        expect(item.examples).toHaveLength(16);
        expect(typeof item.input === 'string' && typeof item.output === 'string').toBe(true);
      }
    }
  });

  it('cuts lambada-brown from held-out Brown documents only, in lambada_openai format', () => {
    const task = parseTaskJsonl('lambada-brown', read('lambada-brown'));
    expect(task.kind).toBe('lambada');
    expect(task.items).toHaveLength(BUNDLED_TASK_RECIPE.lambadaPassages);
    const { train, validation } = splitDocuments(brown);
    const flat = (texts: { text: string }[]) => texts.map((document) => document.text.replace(/\s+/g, ' '));
    const [trainTexts, validationTexts] = [flat(train), flat(validation)];
    for (const { text } of task.items as { text: string }[]) {
      expect(
        validationTexts.some((document) => document.includes(text)),
        text,
      ).toBe(true);
      expect(
        trainTexts.some((document) => document.includes(text)),
        text,
      ).toBe(false);
      const words = text.split(' ').length;
      expect(words, text).toBeGreaterThanOrEqual(BUNDLED_TASK_RECIPE.lambadaWords.min);
      expect(words, text).toBeLessThanOrEqual(BUNDLED_TASK_RECIPE.lambadaWords.max);
    }
  });

  it('names the bundled tasks when asked for an unknown one', () => {
    expect(() => resolveBundledTask('lambada')).toThrow(
      new RegExp(
        'task = "lambada" is invalid: expected a task file or one of the bundled tasks: ' +
          'synthetic-word-mapping, .*lambada-brown',
      ),
    );
    expect(() => resolveBundledTask('toString')).toThrow(/task = "toString"/);
  });
});
