#!/usr/bin/env node
/**
 * Serves the custom desktop at http://localhost:3000/ (an origin the demo instance approves):
 * index.html, and /switchboard-streams.js, the browser build of @switchboard/streams
 * (`npm run build` makes it). `PORT=0` picks a free port.
 */
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';

const files = {
  '/': ['text/html', new URL('./index.html', import.meta.url)],
  '/switchboard-streams.js': ['text/javascript', new URL('../../packages/streams/dist/switchboard-streams.js', import.meta.url)],
};

const server = createServer(async (req, res) => {
  const [type, file] = files[new URL(req.url ?? '/', 'http://x').pathname] ?? [];
  if (!file) return res.writeHead(404).end('Not found');
  const body = await readFile(file).catch(() => undefined);
  if (!body) return res.writeHead(500).end(`Could not read ${file.pathname}: run \`npm run build\` first.`);
  res.writeHead(200, { 'content-type': `${type}; charset=utf-8`, 'cache-control': 'no-store' }).end(body);
});
server.listen(Number(process.env.PORT ?? 3000), '127.0.0.1', () => {
  console.log(`The custom desktop: http://localhost:${server.address().port}/`);
});
