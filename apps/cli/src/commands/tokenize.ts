import { TokenizerError, getEncoding } from '@fewshot/tokenizer';
import { usageHint } from '../command-help.js';
import { defineCommand, parseCommandArgs } from '../command-spec.js';
import { parseIdList } from '../id-list.js';
import { type CliIo, UsageError } from '../io.js';
import { JSON_OPTION } from '../model-options.js';
import { formatTable } from '../table.js';

export const TOKENIZE_COMMAND = defineCommand({
  name: 'tokenize',
  summary: 'GPT-2/GPT-3 (r50k_base) tokens of a text with their ids and spans, or the text of ids',
  usage: ['TEXT [--json]', '--decode ID,ID,...'],
  positionals: { TEXT: 'the text to tokenize (quote it); <|endoftext|> in it is the special token' },
  options: {
    decode: {
      type: 'string',
      value: 'ID,ID,...',
      valueType: 'list',
      allowed: 'of token ids',
      description: 'print the text of these ids instead',
    },
    ...JSON_OPTION,
  },
  examples: ['fewshot tokenize "Hello world"', 'fewshot tokenize --decode 15496,995'],
});

/** Shows how r50k_base splits a text, or turns ids back into text. */
export function tokenizeCommand(args: readonly string[], io: CliIo): void {
  const { values, positionals } = parseCommandArgs(TOKENIZE_COMMAND, args);
  const encoding = getEncoding('r50k_base');
  if (values.decode !== undefined) {
    if (positionals.length > 0) throw new UsageError('--decode takes ids, not TEXT');
    io.stdout(`${decodeIds(values.decode, encoding.decode.bind(encoding))}\n`);
    return;
  }
  if (positionals.length !== 1) throw new UsageError(`expected one TEXT (quote it)\n${usageHint(TOKENIZE_COMMAND)}`);
  const text = positionals[0] ?? '';
  // Special-token text such as <|endoftext|> is tokenized as the special token, as a user typing it means.
  const { ids, offsets } = encoding.encodeWithOffsets(text, 'all');
  const tokens = ids.map((id, i) => {
    const [start, end] = offsets[i] ?? [0, 0];
    return { id, text: encoding.decode([id]), start, end };
  });
  if (values.json) {
    io.stdout(`${JSON.stringify({ count: ids.length, tokens })}\n`);
    return;
  }
  io.stdout(`${ids.length} tokens, ${text.length} characters\n`);
  io.stdout(
    formatTable(
      ['id', 'token', 'span'],
      tokens.map((token) => [String(token.id), JSON.stringify(token.text), `${token.start}-${token.end}`]),
    ),
  );
}

function decodeIds(list: string, decode: (ids: number[]) => string): string {
  const ids = parseIdList('--decode', list);
  try {
    return decode(ids);
  } catch (error) {
    if (error instanceof TokenizerError) throw new UsageError(`--decode: ${error.message}`);
    throw error;
  }
}
