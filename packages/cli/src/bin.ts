#!/usr/bin/env node
import type { RunningServer } from '@switchboard/server';
import { main } from './index.js';

const io = {
  out: (l: string) => process.stdout.write(`${l}\n`),
  err: (l: string) => process.stderr.write(`${l}\n`),
  env: process.env,
};

const result = await main(process.argv.slice(2), io).catch((err: unknown) => {
  io.err(`switchboard: ${(err as Error).message}`);
  return 1;
});

if (typeof result === 'number') {
  process.exitCode = result;
} else {
  const server: RunningServer = result;
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    io.out(`\n${signal} received: finishing open requests and closing storage…`);
    const force = setTimeout(() => {
      io.err('switchboard: shutdown took longer than 10 s, exiting anyway');
      process.exit(1);
    }, 10_000);
    force.unref();
    server.close().then(
      () => {
        io.out('Stopped.');
        process.exit(0);
      },
      (err: unknown) => {
        io.err(`switchboard: error while stopping: ${(err as Error).message}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}
