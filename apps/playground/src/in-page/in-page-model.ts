import {
  type BackendChoice,
  type FileProgress,
  type GptModel,
  type ModelLocation,
  fetchHuggingFaceModel,
} from '@fewshot/model';
import { type BpeTokenizer, fromTokenizerJson, fromVocabAndMerges, getEncoding } from '@fewshot/tokenizer';
import { type ChoiceDelta, completionEvents } from '../completions/completion-events.js';
import { parseCompletionRequest } from '../completions/completion-request.js';
import { StepScheduler } from '../step-scheduler.js';
import { type InPageBackendName, startInPageBackend } from './in-page-backend.js';

/** Where the page loads its model from: the server's files of the model it serves, or a Hub repo. */
export type InPageSource =
  | { readonly kind: 'server' }
  | { readonly kind: 'hub'; readonly repo: string; readonly revision?: string; readonly endpoint?: string };

export interface InPageLoadOptions {
  readonly source: InPageSource;
  readonly backend: InPageBackendName;
  /** The directory of TF.js's `.wasm` binaries (the server serves them under `/browser/wasm/`). */
  readonly wasmDirectory: string;
  readonly onProgress?: (progress: FileProgress) => void;
  readonly signal?: AbortSignal;
}

/** What the page may ask of one generation (it asks for at most 8 completions, best of 20). */
const IN_PAGE_LIMITS = { maxChoices: 160, maxTokens: 40_960 } as const;

/**
 * A model running in the page: loaded with `fetchHuggingFaceModel` of `@fewshot/model`, tokenized
 * with `@fewshot/tokenizer`, and completing requests through the server's own code — the same
 * request validation (`parseCompletionRequest`), generation (`completionEvents` on
 * `@fewshot/sampling`) and step scheduler — so a request gives the same deltas as the server's stream.
 */
export class InPageModel {
  private readonly scheduler = new StepScheduler();

  private constructor(
    readonly id: string,
    readonly model: GptModel,
    readonly tokenizer: BpeTokenizer,
    readonly eosTokenId: number | undefined,
    readonly backend: BackendChoice,
  ) {}

  static async load(options: InPageLoadOptions): Promise<InPageModel> {
    const backend = await startInPageBackend(options.backend, options.wasmDirectory);
    const { id, location } =
      options.source.kind === 'server' ? await serverLocation(options.signal) : hubLocation(options.source);
    const fetched = await fetchHuggingFaceModel(location, {
      ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
    try {
      const { tokenizerFiles, generationConfig, huggingFaceConfig } = fetched;
      const tokenizerJson = tokenizerFiles['tokenizer.json'];
      const vocab = tokenizerFiles['vocab.json'];
      const merges = tokenizerFiles['merges.txt'];
      // As loadPretrained of @fewshot/hub: tokenizer.json, else vocab.json + merges.txt, else GPT-2's r50k_base.
      const tokenizer =
        tokenizerJson !== undefined
          ? fromTokenizerJson(tokenizerJson, { name: fetched.name })
          : vocab !== undefined && merges !== undefined
            ? fromVocabAndMerges(vocab, merges, { name: fetched.name })
            : getEncoding('r50k_base');
      const candidates = [
        firstId(generationConfig?.eos_token_id),
        huggingFaceConfig.eos_token_id,
        tokenizer.specialTokens['<|endoftext|>'],
      ];
      const vocabSize = fetched.model.vocabSize;
      const eosTokenId = candidates.find(
        (id): id is number => Number.isInteger(id) && (id as number) >= 0 && (id as number) < vocabSize,
      );
      return new InPageModel(id, fetched.model, tokenizer, eosTokenId, backend);
    } catch (error) {
      fetched.model.dispose();
      throw error;
    }
  }

  countTokens(text: string): number {
    return this.tokenizer.encode(text, 'all').length;
  }

  /**
   * Runs a `/v1/completions` request body (the fields the page sends the server) in the page,
   * calling `onDelta` with each choice delta as the server's stream carries them. A bad field
   * throws the server's error (an `ApiError` naming the field); aborting `signal` stops generating.
   */
  async complete(
    body: Record<string, unknown>,
    onDelta: (delta: ChoiceDelta) => void,
    signal: AbortSignal,
  ): Promise<void> {
    const request = parseCompletionRequest(body, {
      modelId: this.id,
      contextLength: this.model.contextLength,
      vocabSize: this.model.vocabSize,
      eosTokenId: this.eosTokenId,
      // The page sends every sampling field, so a checkpoint's generation_config.json defaults never apply.
      samplingDefaults: {},
      maxChoices: IN_PAGE_LIMITS.maxChoices,
      maxTokens: IN_PAGE_LIMITS.maxTokens,
      encode: (text) => this.tokenizer.encode(text, 'all'),
    });
    const events = completionEvents(this, request, { signal, scheduler: this.scheduler });
    for await (const event of events) {
      if (signal.aborted) break;
      if (event.type === 'delta') onDelta(event.delta);
    }
  }

  dispose(): void {
    this.model.dispose();
  }
}

/** The model's id (what requests name as `model`) and where its files are. */
interface Located {
  readonly id: string;
  readonly location: ModelLocation;
}

/** The first model the server serves, at `/api/model/files/`, with its listing (so nothing absent is asked for). */
async function serverLocation(signal: AbortSignal | undefined): Promise<Located> {
  const response = await fetch('/api/model/files', signal === undefined ? {} : { signal });
  if (!response.ok) throw new Error(`GET /api/model/files answered ${String(response.status)} ${response.statusText}`);
  const listing = (await response.json()) as { model: string; files: { name: string }[] };
  return { id: listing.model, location: { url: '/api/model/files/', files: listing.files.map((file) => file.name) } };
}

function hubLocation(source: Extract<InPageSource, { kind: 'hub' }>): Located {
  const location = {
    repo: source.repo,
    ...(source.revision === undefined || source.revision === '' ? {} : { revision: source.revision }),
    ...(source.endpoint === undefined || source.endpoint === '' ? {} : { endpoint: source.endpoint }),
  };
  return { id: source.repo, location };
}

/** `eos_token_id` may be one id or a list of them. */
function firstId(value: unknown): unknown {
  return Array.isArray(value) ? (value as unknown[])[0] : value;
}
