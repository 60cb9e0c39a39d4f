import { type Demonstration, PromptingError, parseExamplesJsonl } from '@fewshot/prompting';
import { type CliIo, CommandError } from '../io.js';

/** Reads `--examples FILE`: JSON Lines of `{"input", "output"}`; a fault names the file, the line and the field. */
export function readExamplesFile(file: string, io: CliIo): Demonstration[] {
  let text: string;
  try {
    text = io.readFile(file);
  } catch (error) {
    throw new CommandError(`--examples ${file}: cannot be read (${(error as Error).message})`);
  }
  try {
    return parseExamplesJsonl(text, file);
  } catch (error) {
    if (error instanceof PromptingError) throw new CommandError(error.message);
    throw error;
  }
}
