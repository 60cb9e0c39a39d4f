import { samplingDefaults } from '@fewshot/hub';
import {
  type GenerateRequest,
  GenerationOptionError,
  type GenerationResult,
  type LanguageModel,
  generate,
  streamGenerate,
} from '@fewshot/sampling';
import type { BpeTokenizer } from '@fewshot/tokenizer';
import { checkIdsInVocabulary, parseIdList } from '../id-list.js';
import { usageHint } from '../command-help.js';
import { defineCommand, parseCommandArgs } from '../command-spec.js';
import { type CliIo, UsageError } from '../io.js';
import { loadCliModel } from '../load-model.js';
import { JSON_OPTION, MODEL_OPTIONS, WEIGHTS_OPTION } from '../model-options.js';
import { flagError, generationOptionsFromFlags } from './generate-options.js';
import { formatLogprobsTable, generateJson } from './generate-output.js';
import { SAMPLING_OPTIONS } from './sampling-options.js';

export const GENERATE_COMMAND = defineCommand({
  name: 'generate',
  summary: 'continue a prompt, streaming the text as it is generated',
  usage: ['(--prompt TEXT | --ids ID,ID,...) [options]'],
  options: {
    prompt: { type: 'string', value: 'TEXT', valueType: 'text', description: "the prompt, in the model's tokenizer" },
    ids: {
      type: 'string',
      value: 'ID,ID,...',
      valueType: 'list',
      allowed: 'of token ids',
      description: 'the prompt as token ids',
    },
    ...MODEL_OPTIONS,
    ...WEIGHTS_OPTION,
    ...JSON_OPTION,
    ...SAMPLING_OPTIONS,
  },
  notes: [
    "A checkpoint's generation_config.json replaces the sampling defaults above; a flag given replaces both.",
    'Ctrl-C stops cleanly: what was generated is printed, and the exit code is 130.',
  ],
  examples: [
    'fewshot generate --prompt "Once upon a time" --max-new-tokens 40 --top-p 0.9 --seed 7',
    "fewshot generate --prompt $'Q: What is 2 + 2?\\nA:' --greedy --stop '\\n' --json",
  ],
});

/** Exit code of a generation the user interrupted (Ctrl-C), as shells report SIGINT. */
export const INTERRUPTED_EXIT_CODE = 130;

/**
 * Continues a prompt with a checkpoint through `@fewshot/sampling`: streams the text as it is
 * generated, or with `--json` prints one object once done (see `generate-output.ts`). The end of
 * text token of the checkpoint ends a completion, and its `generation_config.json` gives defaults
 * that the flags override. An abort (`io.signal`) stops cleanly: what was
 * generated is printed, with finish reason `abort` and exit code 130.
 */
export async function generateCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(GENERATE_COMMAND, args);
  if ((values.prompt === undefined) === (values.ids === undefined)) {
    throw new UsageError(`give exactly one of --prompt and --ids\n${usageHint(GENERATE_COMMAND)}`);
  }
  const promptFlag = values.prompt === undefined ? '--ids' : '--prompt';
  const options = generationOptionsFromFlags(values);
  const listedIds = values.ids === undefined ? undefined : parseIdList('--ids', values.ids);

  const { model, tokenizer, eosTokenId, generationConfig, backend } = await loadCliModel(values, io);
  try {
    const prompt = listedIds ?? encodePrompt(tokenizer, values.prompt ?? '');
    checkIdsInVocabulary(promptFlag, prompt, model.vocabSize);
    if (prompt.length >= model.contextLength && options.truncation !== 'left') {
      throw new UsageError(
        `${promptFlag}: gives ${prompt.length} tokens; the model's context holds ` +
          `${model.contextLength}, so a prompt may have at most ${model.contextLength - 1}` +
          ' (--truncate left drops the oldest tokens)',
      );
    }
    const request: GenerateRequest = {
      eosTokenId,
      ...samplingDefaults(generationConfig, prompt.length, model.vocabSize),
      ...options,
      model: interruptible(model),
      decoder: tokenizer,
      prompt,
      signal: io.signal,
    };
    const result = values.json ? await generate(request) : await streamText(request, io);
    if (values.json)
      io.stdout(
        `${JSON.stringify(
          generateJson(result, prompt, tokenizer, options.logprobs !== undefined, {
            backend: backend.name,
            threads: backend.threads,
          }),
        )}\n`,
      );
    else if (options.logprobs !== undefined) {
      for (const completion of result.completions) {
        if (result.completions.length > 1) io.stdout(`--- logprobs of completion ${completion.index + 1} ---\n`);
        io.stdout(formatLogprobsTable(completion, tokenizer));
      }
    }
    if (result.completions.some((completion) => completion.finishReason === 'abort')) {
      io.stderr('fewshot: generation interrupted\n');
      return INTERRUPTED_EXIT_CODE;
    }
    return 0;
  } catch (error) {
    if (error instanceof GenerationOptionError) throw flagError(error, promptFlag);
    throw error;
  } finally {
    model.dispose();
  }
}

/**
 * The model with a turn of the event loop before each forward pass. On the WASM and CPU backends
 * a forward pass resolves as a microtask, so a whole generation would run without ever letting
 * the SIGINT handler (a macrotask) run: Ctrl-C would be heard only once it was over.
 */
export function interruptible<Cache>(model: LanguageModel<Cache>): LanguageModel<Cache> {
  return {
    vocabSize: model.vocabSize,
    contextLength: model.contextLength,
    createCache: () => model.createCache(),
    nextTokenLogits: async (ids, cache) => {
      await new Promise(setImmediate);
      return model.nextTokenLogits(ids, cache);
    },
    ...(model.forkCache === undefined ? {} : { forkCache: model.forkCache.bind(model) }),
    ...(model.disposeCache === undefined ? {} : { disposeCache: model.disposeCache.bind(model) }),
  };
}

function encodePrompt(tokenizer: BpeTokenizer, text: string): number[] {
  // Special-token text such as <|endoftext|> is the special token, as a user typing it means.
  const ids = tokenizer.encode(text, 'all');
  if (ids.length === 0)
    throw new UsageError(
      '--prompt is empty; to generate from nothing, start from the end-of-text token: --prompt "<|endoftext|>"',
    );
  return ids;
}

/**
 * Writes each text delta as it arrives. Several completions come one after another, each under
 * a header line; every completion ends with a newline.
 */
async function streamText(request: GenerateRequest, io: CliIo): Promise<GenerationResult> {
  const several = (request.n ?? 1) > 1;
  let started = -1;
  for await (const event of streamGenerate(request)) {
    if (event.type === 'done') return event.result;
    if (several && event.index !== started) io.stdout(`--- completion ${event.index + 1} ---\n`);
    started = event.index;
    io.stdout(event.text);
    if (event.type === 'finish') io.stdout('\n');
  }
  throw new Error('streamGenerate ended without its done event');
}
