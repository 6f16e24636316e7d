// The voice bench's server under test, in its own process (so /proc/<pid>/stat is its CPU
// alone): Switchboard's HTTP app (createApp, from the build) over SQLite in a scratch
// directory, with its voice signalling socket (/voice/v1/ws) and the werift media server.
// Calls are driven without contacts, as the voice tests do with MediaGrants: the token
// `bench.<call>.<a|b>` opens leg a or b of call <call>, and the first token of a call sets its
// routes (a and b active, hearing each other) as the call controller does for a contact.
// The tokens are not secret: this server listens on loopback for one bench run.
//
//   BENCH_DIR=<scratch dir> node bench/voice/server.mjs   → prints "… is up at http://127.0.0.1:<port>"
import path from 'node:path';
import { AccessDeniedException } from '@switchboard/core';
import { AgentSessions } from '../../packages/server/dist/api/agent/sessions.js';
import { createApp } from '../../packages/server/dist/app.js';
import { TokenSigner } from '../../packages/server/dist/auth/tokens.js';
import { WeriftMediaServer } from '../../packages/server/dist/media/index.js';
import { RoutingService } from '../../packages/server/dist/routing/service.js';
import { openStore } from '../../packages/server/dist/storage/db.js';

const dir = process.env.BENCH_DIR;
if (!dir) throw new Error('BENCH_DIR is required');

const party = (id, role) => ({ id, role, state: 'active', muted: false });
const routed = new Set();
const media = new WeriftMediaServer({ hostAddresses: ['127.0.0.1'] });
/** @type {import('../../packages/server/dist/api/voice/grants.js').AuthorizeVoice} */
const authorize = async (token) => {
  const m = /^bench\.([\w-]+)\.([ab])$/.exec(token ?? '');
  if (!m) throw new AccessDeniedException('The voice token is not valid');
  const [, callId, side] = m;
  if (!routed.has(callId)) {
    routed.add(callId);
    media.applyRoutes(callId, [party(`${callId}.a`, 'customer'), party(`${callId}.b`, 'agent')]);
  }
  return { callId, legId: `${callId}.${side}` };
};

const store = await openStore({ kind: 'sqlite', file: path.join(dir, 'sb.db') });
const routing = await RoutingService.start({
  store,
  signer: new TokenSigner(Buffer.alloc(32, 7)),
  now: Date.now,
  onError: (err) => console.error('routing error', err),
});
let url = '';
const app = createApp({
  routing,
  sessions: new AgentSessions({ store, now: Date.now, verifyPassword: async () => false }),
  store,
  keys: () => new Map(),
  corsOrigins: () => new Set(),
  now: Date.now,
  hashPassword: async (pw) => pw,
  logger: { level: 'warn' },
  ready: () => true,
  publicUrl: () => url,
  voice: { media, authorize },
});
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
console.log(`voice bench server is up at ${url}`);

process.on('SIGTERM', async () => {
  await app.close(); // closes the media server too
  await routing.close();
  await store.close();
  process.exit(0);
});
