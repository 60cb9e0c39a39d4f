import { createRequire } from 'node:module';
import { ANALYZE_USAGE, analyzeCommand } from './commands/analyze.js';
import { ASK_USAGE, askCommand } from './commands/ask.js';
import { CLASSIFY_USAGE, classifyCommand } from './commands/classify.js';
import { CODE_USAGE, codeCommand } from './commands/code.js';
import { CONFIG_USAGE, configCommand } from './commands/config.js';
import { DOWNLOAD_USAGE, downloadCommand } from './commands/download.js';
import { EVAL_CODE_USAGE, evalCodeCommand } from './commands/eval-code.js';
import { EVAL_USAGE, evalCommand } from './commands/eval.js';
import { EXPORT_ONNX_USAGE, exportOnnxCommand } from './commands/export-onnx.js';
import { GENERATE_USAGE, generateCommand } from './commands/generate.js';
import { MODELS_USAGE, modelsCommand } from './commands/models.js';
import { PRESETS_USAGE, presetsCommand } from './commands/presets.js';
import { SCORE_USAGE, scoreCommand } from './commands/score.js';
import { TOKENIZE_USAGE, tokenizeCommand } from './commands/tokenize.js';
import { TRAIN_USAGE, trainCommand } from './commands/train.js';
import { type CliIo, CommandError, UsageError } from './io.js';

export { type CliIo, CommandError, UsageError } from './io.js';

const USAGE = `usage:
  ${PRESETS_USAGE}
  ${CONFIG_USAGE}
  ${TOKENIZE_USAGE}
  ${SCORE_USAGE}
  ${GENERATE_USAGE}
  ${EVAL_USAGE}
  ${EVAL_CODE_USAGE}
  ${CODE_USAGE}
  ${ASK_USAGE}
  ${CLASSIFY_USAGE}
  ${ANALYZE_USAGE}
  ${TRAIN_USAGE}
  ${DOWNLOAD_USAGE}
  ${MODELS_USAGE}
  ${EXPORT_ONNX_USAGE}
  fewshot --help | --version
`;

/** Runs one CLI invocation and returns the process exit code (0 ok, 1 failure, 2 usage). */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...args] = argv;
  try {
    switch (command) {
      case 'presets':
        if (args.length > 0) throw new UsageError(`presets takes no arguments\nusage: ${PRESETS_USAGE}`);
        presetsCommand(io);
        return 0;
      case 'config':
        configCommand(args, io);
        return 0;
      case 'tokenize':
        tokenizeCommand(args, io);
        return 0;
      case 'score':
        return await scoreCommand(args, io);
      case 'train':
        return await trainCommand(args, io);
      case 'eval':
        return await evalCommand(args, io);
      case 'generate':
        return await generateCommand(args, io);
      case 'download':
        return await downloadCommand(args, io);
      case 'models':
        return await modelsCommand(args, io);
      case 'export-onnx':
        return await exportOnnxCommand(args, io);
      case 'eval-code':
        return await evalCodeCommand(args, io);
      case 'code':
        return await codeCommand(args, io);
      case 'ask':
        return await askCommand(args, io);
      case 'classify':
        return await classifyCommand(args, io);
      case 'analyze':
        return analyzeCommand(args, io);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.stdout(USAGE);
        return command === undefined ? 2 : 0;
      case '--version':
      case '-v':
        io.stdout(`${version()}\n`);
        return 0;
      default:
        throw new UsageError(`unknown command "${command}"\n${USAGE}`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`fewshot: ${error.message}\n`);
      return 2;
    }
    if (isParseArgsError(error)) {
      // Node words some of these over several lines ("argument is ambiguous. Did you forget…"): keep one.
      io.stderr(`fewshot: ${(error as Error).message.replaceAll('\n', ' ')}\n`);
      return 2;
    }
    if (error instanceof CommandError) {
      io.stderr(`fewshot: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

function version(): string {
  const manifest = createRequire(import.meta.url)('../package.json') as { version: string };
  return manifest.version;
}

/** node:util parseArgs reports unknown or malformed options with these codes. */
function isParseArgsError(error: unknown): boolean {
  return error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS');
}
