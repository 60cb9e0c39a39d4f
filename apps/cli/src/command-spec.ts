import { type ParseArgsConfig, parseArgs } from 'node:util';

/** What a string option's value is, as its help line names it. */
export type ValueType = 'integer' | 'number' | 'text' | 'list' | 'file' | 'directory' | 'model' | 'name';

interface OptionHelp {
  /** What the option does, in a few words (its help line). */
  readonly description: string;
}

/** A switch: present or not. */
export interface BooleanOption extends OptionHelp {
  readonly type: 'boolean';
  /** The parser's default; without one, an absent switch is `undefined`. */
  readonly default?: boolean;
}

/** An option with a value, given as `--name VALUE` or `--name=VALUE`. */
export interface StringOption extends OptionHelp {
  readonly type: 'string';
  /** Repeatable: every occurrence is kept, in order. */
  readonly multiple?: boolean;
  /** The parser's default, printed as the option's default. */
  readonly default?: string;
  /** The placeholder of the value in help: `N`, `TEXT`, `DIR`. */
  readonly value: string;
  readonly valueType: ValueType;
  /** What is allowed: the values themselves, or a range such as `≥ 1`. */
  readonly allowed?: string | readonly string[];
  /**
   * The default that applies when the option is absent and the parser has none to give (the
   * library's own, or one a command computes), as help prints it.
   */
  readonly defaultText?: string;
}

export type OptionSpec = BooleanOption | StringOption;
export type OptionTable = Readonly<Record<string, OptionSpec>>;

/**
 * One command of the CLI: what its parser accepts and what its help prints, from the same table
 * (see `command-help.ts`), so that the two cannot disagree.
 */
export interface CommandSpec<T extends OptionTable = OptionTable> {
  readonly name: string;
  /** One line for `fewshot --help`. */
  readonly summary: string;
  /** Synopses after `fewshot NAME`, e.g. `MODEL [options]`; each option they name is in `options`. */
  readonly usage: readonly string[];
  /** The positional arguments, by placeholder; a command without them rejects any. */
  readonly positionals?: Readonly<Record<string, string>>;
  readonly options: T;
  /** Lines of text after the options: defaults that come from elsewhere, exit codes. */
  readonly notes?: readonly string[];
  /** Complete command lines, each runnable as written. */
  readonly examples: readonly string[];
}

/** Declares a command, keeping its option table's literal types for {@link parseCommandArgs}. */
export function defineCommand<const T extends OptionTable>(spec: CommandSpec<T>): CommandSpec<T> {
  return spec;
}

type OptionValue<O extends OptionSpec> = O extends StringOption
  ? O extends { readonly multiple: true }
    ? string[]
    : string
  : boolean;

/** Parsed values: an option with a parser default is always there, any other may be `undefined`. */
export type OptionValues<T extends OptionTable> = {
  -readonly [K in keyof T as T[K] extends { readonly default: string | boolean } ? K : never]: OptionValue<T[K]>;
} & {
  -readonly [K in keyof T as T[K] extends { readonly default: string | boolean } ? never : K]?: OptionValue<T[K]>;
};

/**
 * Parses a command's arguments with `node:util`'s `parseArgs`, strictly: an option outside the
 * table, a value missing or a positional argument the command does not take is a `TypeError`
 * with an `ERR_PARSE_ARGS_*` code.
 */
export function parseCommandArgs<T extends OptionTable>(
  spec: CommandSpec<T>,
  args: readonly string[],
): { values: OptionValues<T>; positionals: string[] } {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: parserOptions(spec.options),
    allowPositionals: spec.positionals !== undefined,
    strict: true,
  });
  return { values: values as OptionValues<T>, positionals };
}

/** The table as `parseArgs` takes it: type, repetition and default. */
export function parserOptions(table: OptionTable): NonNullable<ParseArgsConfig['options']> {
  return Object.fromEntries(
    Object.entries(table).map(([name, option]) => [
      name,
      {
        type: option.type,
        ...(option.type === 'string' && option.multiple === true ? { multiple: true } : {}),
        ...(option.default === undefined ? {} : { default: option.default }),
      },
    ]),
  );
}
