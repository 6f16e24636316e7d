/**
 * Starts the real HTTP app on 127.0.0.1:0 over a real store, with one bare instance and
 * one access key seeded directly (no instance file), and an unmodified ConnectClient
 * pointed at it.
 */
import { randomUUID } from 'node:crypto';
import { ConnectClient } from '@aws-sdk/client-connect';
import type { AccessKey, Instance, User } from '@switchboard/core';
import type { KeyRing } from '../src/api/admin/auth.js';
import { AgentSessions } from '../src/api/agent/sessions.js';
import { type AppDeps, createApp } from '../src/app.js';
import { TokenSigner } from '../src/auth/tokens.js';
import { RoutingService } from '../src/routing/service.js';
import type { Store } from '../src/storage/types.js';

export const TEST_KEY = { accessKeyId: 'AKIDTESTKEY000000001', secretAccessKey: 'test-secret-key-000000000001' } as const;
export const OTHER_KEY = { accessKeyId: 'AKIDOTHERKEY00000001', secretAccessKey: 'other-secret-key-00000000001' } as const;

export interface TestServer {
  readonly url: string;
  readonly store: Store;
  readonly instance: Instance;
  /** A second instance, reachable only with OTHER_KEY. */
  readonly otherInstance: Instance;
  readonly client: ConnectClient;
  readonly routing: RoutingService;
  readonly sessions: AgentSessions;
  clientWith(key: { accessKeyId: string; secretAccessKey: string }): ConnectClient;
  close(): Promise<void>;
}

const bareInstance = (alias: string, now: number): Instance => ({
  id: randomUUID(),
  alias,
  region: 'us-east-1',
  accountId: '123456789012',
  approvedOrigins: ['http://localhost:5173'],
  createdTime: now,
  tags: {},
});

const accessKey = (key: { accessKeyId: string; secretAccessKey: string }, now: number): AccessKey => ({
  id: randomUUID(),
  name: key.accessKeyId,
  secretAccessKey: key.secretAccessKey,
  tags: {},
  lastModifiedTime: now,
});

/** A user with defaults, to store directly where a test needs users but not their set-up. */
export const bareUser = (id: string, name: string): User => ({
  id,
  name,
  tags: {},
  lastModifiedTime: Date.now(),
  identityInfo: {},
  phoneConfig: { phoneType: 'SOFT_PHONE', autoAccept: false, afterContactWorkTimeLimit: 0 },
  routingProfileId: '00000000-0000-4000-8000-000000000000',
  securityProfileIds: [],
  autoAccept: {},
  afterContactWorkTimeLimit: {},
});

/** Cheap stand-in for argon2 in tests that don't test hashing. */
export const fakeHash = async (pw: string): Promise<string> => `test-hash:${pw}`;
export const fakeVerify = async (hash: string, pw: string): Promise<boolean> => hash === `test-hash:${pw}`;

export async function startTestServer(
  store: Store,
  opts: {
    now?: () => number;
    offerTimeoutMs?: number;
    /** The approved origins (CORS, the agent desktop's frame-ancestors); default the instance's. */
    corsOrigins?: () => ReadonlySet<string>;
    /** The built agent desktop to serve at /ccp/. */
    ccpDir?: string;
    /** Web voice's media server, token check and DTMF listener (createApp's `voice`). */
    voice?: AppDeps['voice'];
  } = {},
): Promise<TestServer> {
  const now = opts.now ?? Date.now;
  const instance = bareInstance('test', now());
  const otherInstance = bareInstance('other', now());
  await store.instances.put(instance);
  await store.instances.put(otherInstance);
  await store.resources.create(instance.id, 'accessKey', accessKey(TEST_KEY, now()));
  await store.resources.create(otherInstance.id, 'accessKey', accessKey(OTHER_KEY, now()));
  const keys: KeyRing = new Map([
    [TEST_KEY.accessKeyId, { secret: TEST_KEY.secretAccessKey, instanceIds: new Set([instance.id]) }],
    [OTHER_KEY.accessKeyId, { secret: OTHER_KEY.secretAccessKey, instanceIds: new Set([otherInstance.id]) }],
  ]);
  let url = '';
  const routing = await RoutingService.start({
    store,
    signer: new TokenSigner(Buffer.alloc(32, 7)),
    now,
    onError: (err) => console.error('routing error', err),
    ...(opts.offerTimeoutMs !== undefined ? { offerTimeoutMs: opts.offerTimeoutMs } : {}),
  });
  const sessions = new AgentSessions({ store, now, verifyPassword: fakeVerify });
  const app = createApp({
    routing,
    sessions,
    store,
    keys: () => keys,
    corsOrigins: opts.corsOrigins ?? (() => new Set(instance.approvedOrigins)),
    ...(opts.ccpDir !== undefined ? { ccpDir: opts.ccpDir } : {}),
    ...(opts.voice !== undefined ? { voice: opts.voice } : {}),
    now,
    hashPassword: fakeHash,
    logger: false,
    ready: () => true,
    publicUrl: () => url,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const clients: ConnectClient[] = [];
  const clientWith = (key: { accessKeyId: string; secretAccessKey: string }) => {
    // maxAttempts 1: a test must see the server's first answer, not a retried one.
    const c = new ConnectClient({ region: 'us-east-1', endpoint: url, credentials: key, maxAttempts: 1 });
    clients.push(c);
    return c;
  };
  const client = clientWith(TEST_KEY);
  return {
    url,
    store,
    instance,
    otherInstance,
    client,
    routing,
    sessions,
    clientWith,
    close: async () => {
      for (const c of clients) c.destroy();
      await app.close();
      await routing.close();
      await store.close();
    },
  };
}
