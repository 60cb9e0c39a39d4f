#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { run } from './cli.js';

// The first Ctrl-C asks the running command to stop cleanly (a generation prints what it has);
// the listener is removed then, so a second Ctrl-C ends the process at once.
const interrupt = new AbortController();
process.once('SIGINT', () => {
  interrupt.abort();
});

// A reader that stops early (`fewshot generate … | head`) closes the pipe: stop quietly, as Unix tools do.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(0);
});

process.exitCode = await run(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readFile: (path) => readFileSync(path, 'utf8'),
  signal: interrupt.signal,
});
