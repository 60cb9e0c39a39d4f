import { basename, extname } from 'node:path';
import type { BundledTask } from '@fewshot/data';
import { type EvaluationTask, PromptingError, parseTaskJsonl } from '@fewshot/prompting';
import { CommandError, type CliIo, UsageError } from '../io.js';
import type { EvalKind } from './eval-options.js';

/** A task named on the command line, read and checked, ready to run. */
export type LoadedTask =
  | {
      readonly name: string;
      readonly file: string;
      readonly kind: EvaluationTask['kind'];
      readonly task: EvaluationTask;
    }
  | { readonly name: string; readonly file: string; readonly kind: 'bpb'; readonly text: string };

/**
 * Resolves `--task NAME|FILE`: a bundled task's name, else a file path (relative to the working
 * directory). The kind is `--kind` when given, else the bundled task's, else `bpb` for a `.txt`
 * file, else whatever the JSONL lines hold. A malformed file is a {@link CommandError} naming the
 * file, the line and the field.
 */
export function loadTask(
  reference: string,
  kindFlag: EvalKind | undefined,
  io: CliIo,
  bundled: Readonly<Record<string, BundledTask>>,
): LoadedTask {
  const entry = Object.hasOwn(bundled, reference) ? bundled[reference] : undefined;
  const file = entry?.file ?? reference;
  const name = entry === undefined ? basename(reference, extname(reference)) : reference;
  let contents: string;
  try {
    contents = io.readFile(file);
  } catch (error) {
    if (entry !== undefined)
      throw new CommandError(
        `--task ${reference}: the bundled task file ${file} cannot be read (${(error as Error).message})`,
      );
    const names = Object.keys(bundled);
    throw new UsageError(
      `--task ${reference}: neither a bundled task ` +
        `(${names.length === 0 ? 'none are installed' : names.join(', ')}) nor a readable file`,
    );
  }
  const kind = kindFlag ?? entry?.kind ?? (extname(file) === '.txt' ? 'bpb' : undefined);
  if (kind === 'bpb') {
    if (contents.trim() === '') throw new CommandError(`${file}: empty; bits per byte needs some text`);
    return { name, file, kind, text: contents };
  }
  try {
    const task = parseTaskJsonl(name, contents, file, kind);
    return { name, file, kind: task.kind, task };
  } catch (error) {
    if (error instanceof PromptingError) throw new CommandError(error.message);
    throw error;
  }
}
