import { parseArgs } from 'node:util';
import { DECODING_DTYPES, type DecodingDtype } from '@fewshot/kernels';
import { BACKEND_NAMES, type BackendName } from '@fewshot/model/node';

export const PLAYGROUND_USAGE =
  'fewshot-playground [--model DIR|ORG/NAME[@REV]]... [--revision REV] [--port N] [--host ADDRESS]\n' +
  '                   [--backend wasm|cpu|tensorflow] [--weights int8|float16|float32] [--log-prompts]\n' +
  '  PORT and HOST in the environment stand in for --port and --host.';

export interface PlaygroundCliOptions {
  /** What to serve, each a directory or a Hub repo; empty for the bundled fewshot-mini. */
  readonly models: readonly string[];
  /** The revision of the one Hub repo named (else each name carries its own `@rev`). */
  readonly revision: string | undefined;
  readonly port: number;
  readonly host: string;
  readonly backend: BackendName | undefined;
  /** Decoding from a copy of the weights stored as this type (`quantizeForDecoding`); undefined: as loaded. */
  readonly weights: DecodingDtype | undefined;
  /** Log each request's prompt text beside its log line. */
  readonly logPrompts: boolean;
  readonly help: boolean;
}

export const DEFAULT_PORT = 3000;
export const DEFAULT_HOST = '127.0.0.1';

/**
 * The command line's flags, over `PORT` and `HOST` from `env`, checked: errors name the flag or
 * variable, the value and what is allowed.
 */
export function parsePlaygroundArgs(
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>> = {},
): PlaygroundCliOptions {
  const { values } = parseArgs({
    args: [...args],
    options: {
      model: { type: 'string', multiple: true },
      revision: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      backend: { type: 'string' },
      weights: { type: 'string' },
      'log-prompts': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const models = values.model ?? [];
  if (values.revision !== undefined && models.length !== 1) {
    throw new RangeError(
      `--revision ${values.revision}: applies to exactly one --model; with several, write each as ORG/NAME@REV`,
    );
  }
  const [portSource, portText] =
    values.port !== undefined
      ? ['--port', values.port]
      : env.PORT !== undefined && env.PORT !== ''
        ? ['PORT', env.PORT]
        : ['', undefined];
  const port = portText === undefined ? DEFAULT_PORT : Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new RangeError(`${portSource} ${portText ?? ''}: expected an integer in [0, 65535] (0 picks a free port)`);
  const backend = values.backend;
  if (backend !== undefined && !(BACKEND_NAMES as readonly string[]).includes(backend)) {
    throw new RangeError(`--backend ${backend}: expected one of ${BACKEND_NAMES.join(', ')}`);
  }
  const weights = values.weights;
  if (weights !== undefined && !(DECODING_DTYPES as readonly string[]).includes(weights)) {
    throw new RangeError(`--weights ${weights}: expected one of ${DECODING_DTYPES.join(', ')}`);
  }
  const host = values.host ?? (env.HOST === '' ? undefined : env.HOST) ?? DEFAULT_HOST;
  if (host === '') throw new RangeError('--host: expected an address, e.g. 127.0.0.1 or 0.0.0.0');
  return {
    models,
    revision: values.revision,
    port,
    host,
    backend: backend as BackendName | undefined,
    weights: weights as DecodingDtype | undefined,
    logPrompts: values['log-prompts'],
    help: values.help,
  };
}
