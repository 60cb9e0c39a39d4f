import { createRequire } from 'node:module';
import { asksForHelp, formatCommandHelp, formatCommandList, helpPointer } from './command-help.js';
import { COMMANDS, findCommand } from './command-list.js';
import { type CliIo, CommandError, UsageError } from './io.js';

export { type CliIo, CommandError, UsageError } from './io.js';

/**
 * Runs one CLI invocation and returns the process exit code (0 ok, 1 failure, 2 usage).
 * `fewshot --help` lists the commands; `fewshot COMMAND --help` (`-h`, `fewshot help COMMAND`)
 * prints the command's options, from the table its parser reads.
 */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...args] = argv;
  try {
    switch (name) {
      case undefined:
        io.stdout(formatCommandList(COMMANDS.map((command) => command.spec)));
        return 2;
      case '--help':
      case '-h':
        io.stdout(formatCommandList(COMMANDS.map((command) => command.spec)));
        return 0;
      case 'help':
        return help(args, io);
      case '--version':
      case '-v':
        io.stdout(`${version()}\n`);
        return 0;
      default:
        break;
    }
    const command = findCommand(name);
    if (asksForHelp(command.spec, args)) {
      io.stdout(formatCommandHelp(command.spec));
      return 0;
    }
    try {
      return await command.run(args, io);
    } catch (error) {
      if (!isParseArgsError(error)) throw error;
      // Node words some of these over several lines ("argument is ambiguous. Did you forget…"): keep one.
      throw new UsageError(`${error.message.replaceAll('\n', ' ')} (${helpPointer(name)})`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`fewshot: ${error.message}\n`);
      return 2;
    }
    if (error instanceof CommandError) {
      io.stderr(`fewshot: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

/** `fewshot help [COMMAND]`. */
function help(args: readonly string[], io: CliIo): number {
  const [name, ...extra] = args;
  if (name === undefined) {
    io.stdout(formatCommandList(COMMANDS.map((command) => command.spec)));
    return 0;
  }
  if (extra.length > 0) throw new UsageError(`help takes one command name, not ${args.length}`);
  io.stdout(formatCommandHelp(findCommand(name).spec));
  return 0;
}

function version(): string {
  const manifest = createRequire(import.meta.url)('../package.json') as { version: string };
  return manifest.version;
}

/** node:util parseArgs reports unknown or malformed options with these codes. */
function isParseArgsError(error: unknown): error is TypeError {
  return error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS');
}
