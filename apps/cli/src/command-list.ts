import type { CommandSpec } from './command-spec.js';
import { ANALYZE_COMMAND, analyzeCommand } from './commands/analyze.js';
import { ASK_COMMAND, askCommand } from './commands/ask.js';
import { CLASSIFY_COMMAND, classifyCommand } from './commands/classify.js';
import { CODE_COMMAND, codeCommand } from './commands/code.js';
import { CONFIG_COMMAND, configCommand } from './commands/config.js';
import { DOWNLOAD_COMMAND, downloadCommand } from './commands/download.js';
import { EVAL_CODE_COMMAND, evalCodeCommand } from './commands/eval-code.js';
import { EVAL_COMMAND, evalCommand } from './commands/eval.js';
import { EXPORT_ONNX_COMMAND, exportOnnxCommand } from './commands/export-onnx.js';
import { GENERATE_COMMAND, generateCommand } from './commands/generate.js';
import { MODELS_COMMAND, modelsCommand } from './commands/models.js';
import { PRESETS_COMMAND, presetsCommand } from './commands/presets.js';
import { SCORE_COMMAND, scoreCommand } from './commands/score.js';
import { TOKENIZE_COMMAND, tokenizeCommand } from './commands/tokenize.js';
import { TRAIN_COMMAND } from './commands/train-flags.js';
import { trainCommand } from './commands/train.js';
import { type CliIo, UsageError } from './io.js';

/** A command: what it accepts (its spec) and what runs it, resolving to the exit code. */
export interface CliCommand {
  readonly spec: CommandSpec;
  readonly run: (args: readonly string[], io: CliIo) => number | Promise<number>;
}

/** Every command, in the order `fewshot --help` lists them. */
export const COMMANDS: readonly CliCommand[] = [
  { spec: PRESETS_COMMAND, run: (args, io) => (presetsCommand(args, io), 0) },
  { spec: CONFIG_COMMAND, run: (args, io) => (configCommand(args, io), 0) },
  { spec: TOKENIZE_COMMAND, run: (args, io) => (tokenizeCommand(args, io), 0) },
  { spec: SCORE_COMMAND, run: scoreCommand },
  { spec: GENERATE_COMMAND, run: generateCommand },
  { spec: EVAL_COMMAND, run: (args, io) => evalCommand(args, io) },
  { spec: EVAL_CODE_COMMAND, run: (args, io) => evalCodeCommand(args, io) },
  { spec: CODE_COMMAND, run: codeCommand },
  { spec: ASK_COMMAND, run: askCommand },
  { spec: CLASSIFY_COMMAND, run: classifyCommand },
  { spec: ANALYZE_COMMAND, run: analyzeCommand },
  { spec: TRAIN_COMMAND, run: trainCommand },
  { spec: DOWNLOAD_COMMAND, run: downloadCommand },
  { spec: MODELS_COMMAND, run: modelsCommand },
  { spec: EXPORT_ONNX_COMMAND, run: exportOnnxCommand },
];

/** The command called `name`; a name that is none is a usage error that lists them. */
export function findCommand(name: string): CliCommand {
  const command = COMMANDS.find((candidate) => candidate.spec.name === name);
  if (command !== undefined) return command;
  const names = COMMANDS.map((candidate) => candidate.spec.name).join(', ');
  throw new UsageError(`unknown command "${name}"; the commands are ${names} (\`fewshot --help\` describes them)`);
}
