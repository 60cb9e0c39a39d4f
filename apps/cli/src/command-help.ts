import { parseArgs } from 'node:util';
import { type CommandSpec, type OptionSpec, parserOptions } from './command-spec.js';

/** `--help` and `-h`, which every command takes. */
const HELP_OPTION = { type: 'boolean', short: 'h' } as const;

/**
 * Whether the arguments ask for help: `--help` or `-h` as an option, not as another option's value
 * (`--prompt=-h`) nor after `--`. Nothing else is checked, so help comes even when the rest is wrong.
 */
export function asksForHelp(spec: CommandSpec, args: readonly string[]): boolean {
  const { tokens } = parseArgs({
    args: [...args],
    options: { ...parserOptions(spec.options), help: HELP_OPTION },
    allowPositionals: true,
    strict: false,
    tokens: true,
  });
  return tokens.some((token) => token.kind === 'option' && token.name === 'help');
}

/** `fewshot NAME --help`: summary, synopsis, arguments, one line per option, notes and examples. */
export function formatCommandHelp(spec: CommandSpec): string {
  const options: [string, string][] = [
    ...Object.entries(spec.options).map(([name, option]): [string, string] => [
      optionLabel(name, option),
      optionLine(option),
    ]),
    ['-h, --help', 'print this help'],
  ];
  const positionals = Object.entries(spec.positionals ?? {});
  const width = Math.max(...[...options, ...positionals].map(([label]) => label.length)) + 2;
  const row = ([label, text]: readonly [string, string]): string => `  ${label.padEnd(width)}${text}`;
  const sections = [
    `fewshot ${spec.name}: ${spec.summary}`,
    ['usage:', ...spec.usage.map((usage) => `  ${synopsis(spec, usage)}`)].join('\n'),
    ...(positionals.length === 0 ? [] : [['arguments:', ...positionals.map(row)].join('\n')]),
    ['options:', ...options.map(row)].join('\n'),
    ...(spec.notes === undefined ? [] : [spec.notes.join('\n')]),
    [spec.examples.length === 1 ? 'example:' : 'examples:', ...spec.examples.map((example) => `  ${example}`)].join(
      '\n',
    ),
  ];
  return `${sections.join('\n\n')}\n`;
}

/** The synopsis lines, and where to read about every option: appended to a usage error. */
export function usageHint(spec: CommandSpec): string {
  const lines = spec.usage.map((usage, i) => `${i === 0 ? 'usage: ' : '       '}${synopsis(spec, usage)}`);
  return `${lines.join('\n')}\n${helpPointer(spec.name)}`;
}

/** Where the options of a command are described. */
export const helpPointer = (name: string): string => `\`fewshot ${name} --help\` describes every option`;

/** `fewshot --help`: each command with its one-line summary. */
export function formatCommandList(specs: readonly CommandSpec[]): string {
  const width = Math.max(...specs.map((spec) => spec.name.length)) + 2;
  return [
    'usage: fewshot <command> [options]',
    '',
    'commands:',
    ...specs.map((spec) => `  ${spec.name.padEnd(width)}${spec.summary}`),
    '',
    '`fewshot <command> --help` (or `fewshot help <command>`) prints its options and an example;',
    '`fewshot --version` prints the version.',
    '',
  ].join('\n');
}

const synopsis = (spec: CommandSpec, usage: string): string => `fewshot ${spec.name}${usage === '' ? '' : ` ${usage}`}`;

function optionLabel(name: string, option: OptionSpec): string {
  return option.type === 'boolean' ? `--${name}` : `--${name} ${option.value}`;
}

/** The description, then in brackets the type, what is allowed and the default. */
function optionLine(option: OptionSpec): string {
  const facts: string[] = [];
  if (option.type === 'boolean') facts.push('switch');
  else {
    const allowed = option.allowed;
    const kind =
      allowed === undefined
        ? option.valueType
        : typeof allowed === 'string'
          ? `${option.valueType} ${allowed}`
          : `one of ${allowed.join(', ')}`;
    facts.push(option.multiple === true ? `${kind}, repeatable` : kind);
    const fallback = option.default ?? option.defaultText;
    if (fallback !== undefined) facts.push(`default ${fallback}`);
  }
  return `${option.description} [${facts.join('; ')}]`;
}
