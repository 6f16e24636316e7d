/**
 * Property tests: the agent API (HTTP and websocket) under hostile input, against one real
 * server per storage backend. Malformed, oversized or unauthorised input gets the AWS-style
 * error its clients expect (x-amzn-errortype + message over HTTP, `{type:'error'}` frames over
 * the socket), never a 5xx, a stack trace, a hang or a crash; an agent's token reaches only
 * that agent's contacts; what was acknowledged before the garbage is still there after it.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConnectClient, ListContactFlowsCommand, StartChatContactCommand } from '@aws-sdk/client-connect';
import { DEMO_PASSWORD, demoConfig } from '@switchboard/core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { COMMANDS } from '../src/api/agent/commands.js';
import { type RunningServer, startServer } from '../src/server.js';
import { AgentSocket, login, type Session, stateArn } from './agent-client.js';
import { backends } from './backends.js';
import {
  expectAwsAnswer,
  expectRefused,
  expectStreamedBodyRefused,
  noStackTrace,
  request,
  upgrade,
  WatchedSocket,
} from './fuzz-support.js';
import { fakeHash, fakeVerify } from './harness.js';

const key = demoConfig.accessKeys[0]!;
const RUNS = Number(process.env.FUZZ_RUNS ?? 50);
const MiB = 1024 * 1024;

/** Commands about one contact: each must check that the contact is the caller's own. */
const CONTACT_COMMANDS = [
  'acceptContact',
  'rejectContact',
  'clearContact',
  'completeContact',
  'pauseContact',
  'resumeContact',
  'destroyConnection',
  'transferContact',
  'updateContactAttributes',
  'createTransport',
  'notifyContactIssue',
  'setContactWrapUp',
  'updateContact',
  'holdConnection',
  'resumeConnection',
  'muteParticipant',
  'unmuteParticipant',
  'createAdditionalConnection',
  'toggleActiveConnections',
  'conferenceConnections',
  'updateMonitorParticipantState',
  'pauseContactRecording',
  'resumeContactRecording',
] as const;
/** Commands about the calling agent only. */
const AGENT_COMMANDS = [
  'getAgentSnapshot',
  'getAgentConfiguration',
  'getAgentStates',
  'getAgentPermissions',
  'getDialableCountryCodes',
  'getRoutingProfileQueues',
  'putAgentState',
  'getEndpoints',
  'updateAgentConfiguration',
  'sendClientLogs',
  'searchQuickResponses',
  'getWrapUpCodes',
  'createTaskContact',
  'createTemplatedTask',
  'listTaskTemplates',
  'getTaskTemplate',
] as const;
const COMMAND_NAMES = Object.keys(COMMANDS);
/** The parameter names the commands read; random extra members avoid them. */
const KNOWN_PARAMS = new Set([
  'contactId',
  'connectionId',
  'endpoint',
  'attributes',
  'transportType',
  'participantId',
  'issueCode',
  'description',
  'state',
  'enqueueNextState',
  'configuration',
  'queueARNs',
  'logEvents',
  'wrapUpCode',
  'notes',
  'query',
  'channel',
  'maxResults',
  'nextToken',
  'targetMonitorMode',
  'ContactId',
  'Name',
  'Description',
  'References',
]);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Path segments that a URL parser would resolve away. */
const isDotSegment = (s: string) => s === '.' || s === '..';

interface Frame {
  readonly type?: unknown;
  readonly id?: unknown;
  readonly data?: unknown;
  readonly version?: unknown;
  readonly error?: { readonly type?: unknown; readonly message?: unknown };
}

/**
 * A websocket to the agent API that keeps every frame the server sends, checks that each is
 * a JSON object with type snapshot/delta/result/error, and pairs replies with the frames sent.
 */
class RawSocket extends WatchedSocket {
  readonly replies: Frame[] = [];
  readonly snapshots: Frame[] = [];

  private constructor(ws: WebSocket) {
    super(ws);
  }

  protected onFrame(value: unknown, text: string): void {
    const msg = value as Frame;
    if (msg === null || typeof msg !== 'object' || Array.isArray(msg)) this.bad.push(text.slice(0, 300));
    else if (msg.type === 'snapshot' || msg.type === 'delta') this.snapshots.push(msg);
    else if (msg.type === 'result' || msg.type === 'error') this.replies.push(msg);
    else this.bad.push(text.slice(0, 300));
  }

  static open(url: string, token: string): Promise<RawSocket> {
    const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/agent/v1/ws?token=${encodeURIComponent(token)}`);
    const s = new RawSocket(ws);
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(s));
      ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
      ws.once('error', reject);
    });
  }

  /** Sends one frame and waits for the one reply (result or error) it gets. */
  async exchange(data: string | Uint8Array, binary = false): Promise<Frame> {
    const n = this.replies.length;
    this.ws.send(data, { binary });
    await this.until(() => this.replies.length > n, `the reply to ${String(data).slice(0, 120)}`);
    return this.replies[n]!;
  }

  close(): void {
    this.ws.close();
  }
}

/** A reply frame as the protocol promises it: an error carries an AWS type and a message, never an internal one. */
function expectProtocolReply(reply: Frame, what: string): void {
  expect(['result', 'error'], `${what} → ${JSON.stringify(reply).slice(0, 300)}`).toContain(reply.type);
  noStackTrace(JSON.stringify(reply), what);
  if (reply.type === 'error') {
    expect(typeof reply.error?.type, `${what} → ${JSON.stringify(reply).slice(0, 300)}`).toBe('string');
    expect(typeof reply.error?.message, `${what} → ${JSON.stringify(reply).slice(0, 300)}`).toBe('string');
    expect(reply.error?.type, `${what} → ${JSON.stringify(reply).slice(0, 300)}`).not.toBe('InternalServiceException');
  }
}

// ---- generators shared by the properties -------------------------------------------------

/** Strings that break naive code: NUL, lone surrogates, astral characters, long ones. */
const nastyString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom('', ' ', '\u0000', 'a\u0000b', '\ud800', '\udfff', '%', '%zz', '💥', 'null', '__proto__', 'x'.repeat(300)),
);

/** A JSON object with random members whose names no command reads. */
const extraMembers = fc.dictionary(
  fc.string({ maxLength: 12 }).filter((k) => !KNOWN_PARAMS.has(k)),
  fc.jsonValue({ maxDepth: 2 }),
  { maxKeys: 3 },
);

/** Ways of (not) presenting a token that is not a valid session. */
const badTokenHeaders = (dead: readonly string[]) =>
  fc.oneof(
    fc.constant<Record<string, string>>({}),
    fc.constantFrom(...dead).map((t) => ({ authorization: `Bearer ${t}` })),
    fc.constantFrom(...dead).map((t) => ({ 'x-amz-bearer': t })),
    fc.constantFrom(...dead).map((t) => ({ cookie: `sb_agent=${encodeURIComponent(t)}` })),
    fc.string({ maxLength: 80 }).map((t) => ({ authorization: `Bearer ${t}` })),
    fc.string({ maxLength: 80 }).map((t) => ({ authorization: t })),
    fc.string({ minLength: 1, maxLength: 80 }).map((t) => ({ 'x-amz-bearer': t })),
    fc.string({ maxLength: 80 }).map((t) => ({ cookie: `sb_agent=${encodeURIComponent(t)}` })),
    fc.string({ maxLength: 80 }).map((t) => ({ cookie: t })),
    fc.constant({ authorization: `Bearer ${'a'.repeat(5000)}` }),
  );

describe.each(backends)('agent API under hostile input on $name', (backend) => {
  let server: RunningServer;
  let client: ConnectClient;
  let alice: Session;
  let bob: Session;
  let aliceSock: AgentSocket;
  let bobSock: AgentSocket;
  /** A chat offered to bob (connecting). */
  let bobContact: string;
  /** Bob's agent connection on it. */
  let bobConnection: string;
  /** A chat offered to alice. */
  let aliceContact: string;
  let quickConnectArns: string[];
  let stateArns: string[];
  /** Tokens that were valid once: one expired, one logged out. */
  let deadTokens: string[];
  const rawSockets: RawSocket[] = [];
  /** Every TCP connection the server accepted: an upgrade that is never answered leaves one open. */
  const connections = new Set<Socket>();

  const openRaw = async (token: string) => {
    const s = await RawSocket.open(server.url, token);
    rawSockets.push(s);
    return s;
  };

  const bobVersion = async () => {
    const res = await request(server.url, '/agent/v1/snapshot', {
      method: 'GET',
      headers: { authorization: `Bearer ${bob.token}` },
    });
    expect(res.status).toBe(200);
    return (JSON.parse(res.text) as { version: number }).version;
  };

  const command = (token: string | undefined, method: string, body: string | Uint8Array, headers: Record<string, string> = {}) =>
    request(server.url, `/agent/v1/commands/${method}`, {
      body,
      headers: {
        'content-type': 'application/json',
        ...(token !== undefined ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
    });

  const expectHealthy = async () => {
    const res = await request(server.url, '/healthz', { method: 'GET' });
    expect(res.status).toBe(200);
  };

  /**
   * Params shaped like the commands' own, so that most get past validation to the handlers:
   * each member is usually well-formed (real contact, quick connect and status ids among
   * random ones) and sometimes any JSON at all.
   */
  const shapedParams = () => {
    const anyValue = fc.jsonValue({ maxDepth: 2 });
    const mostly = <T>(good: fc.Arbitrary<T>) => fc.oneof({ weight: 4, arbitrary: good }, { weight: 1, arbitrary: anyValue });
    const contactId = fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(bobContact, aliceContact) },
      { weight: 1, arbitrary: fc.uuid() },
      { weight: 1, arbitrary: nastyString },
      {
        weight: 1,
        arbitrary: fc.constant(`arn:aws:connect:us-east-1:123456789012:instance/${server.instance.id}/contact/${bobContact}`),
      },
    );
    const dict = fc.dictionary(nastyString, nastyString, { maxKeys: 4 });
    return fc.record(
      {
        contactId: mostly(contactId),
        connectionId: mostly(fc.oneof(fc.constant(bobConnection), fc.string({ minLength: 1, maxLength: 40 }))),
        participantId: mostly(fc.oneof(fc.constant(bobConnection), nastyString)),
        transportType: mostly(
          fc.oneof({ weight: 3, arbitrary: fc.constant('chat_token') }, { weight: 1, arbitrary: nastyString }),
        ),
        endpoint: mostly(
          fc.record(
            {
              endpointARN: fc.oneof(fc.constantFrom(...quickConnectArns), nastyString),
              endpointId: nastyString,
              type: fc.constantFrom('agent', 'queue', 'phone_number'),
            },
            { requiredKeys: [] },
          ),
        ),
        attributes: mostly(dict),
        state: mostly(
          fc.record(
            { agentStateARN: fc.oneof(fc.constantFrom(...stateArns), nastyString), name: nastyString },
            { requiredKeys: [] },
          ),
        ),
        enqueueNextState: mostly(fc.boolean()),
        configuration: mostly(fc.record({ agentPreferences: mostly(dict) })),
        queueARNs: mostly(fc.oneof(nastyString, fc.array(nastyString, { maxLength: 5 }))),
        wrapUpCode: mostly(fc.oneof(fc.constantFrom('Resolved', 'Follow-up needed', 'Escalated'), nastyString)),
        notes: mostly(fc.oneof(nastyString, fc.string({ minLength: 4090, maxLength: 4100 }))),
        query: mostly(fc.oneof(nastyString, fc.constantFrom('greet', '/bye', 'anything else', ''))),
        channel: mostly(fc.oneof(fc.constantFrom('CHAT', 'Chat', 'VOICE', 'tasks'), nastyString)),
        maxResults: mostly(fc.oneof(fc.integer({ min: -1, max: 102 }), fc.double())),
        nextToken: mostly(fc.oneof(nastyString, fc.constant('eyJ2IjoxLCJvIjoyfQ'))),
        issueCode: mostly(fc.oneof(nastyString, fc.string({ minLength: 195, maxLength: 205 }))),
        description: mostly(fc.oneof(nastyString, fc.string({ minLength: 3995, maxLength: 4005 }))),
        logEvents: mostly(
          fc.oneof(
            fc.array(anyValue, { maxLength: 5 }),
            fc.integer({ min: 498, max: 502 }).map((n) => Array(n).fill({})),
          ),
        ),
      },
      { requiredKeys: ['contactId'] },
    );
  };

  beforeAll(async () => {
    server = await startServer({
      port: 0,
      logger: false,
      storage: await backend.fresh(),
      dataDir: mkdtempSync(path.join(tmpdir(), 'sb-agent-fuzz-')),
      hashPassword: fakeHash,
      verifyPassword: fakeVerify,
      // Offers stay put while the properties run.
      offerTimeoutMs: 3600_000,
    });
    server.app.server.on('connection', (s: Socket) => {
      connections.add(s);
      s.on('close', () => connections.delete(s));
    });
    client = new ConnectClient({
      region: 'us-east-1',
      endpoint: server.url,
      credentials: { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey },
      maxAttempts: 1,
    });
    const InstanceId = server.instance.id;
    const flows = Object.fromEntries(
      ((await client.send(new ListContactFlowsCommand({ InstanceId }))).ContactFlowSummaryList ?? []).map((f) => [f.Name, f.Id]),
    );
    const startChat = (flow: string, name: string) =>
      client.send(
        new StartChatContactCommand({ InstanceId, ContactFlowId: flows[flow], ParticipantDetails: { DisplayName: name } }),
      );

    alice = await login(server.url, 'alice', DEMO_PASSWORD);
    bob = await login(server.url, 'bob', DEMO_PASSWORD);
    aliceSock = await AgentSocket.open(server.url, alice.token);
    bobSock = await AgentSocket.open(server.url, bob.token);
    await aliceSock.waitFor(() => true, 'alice first snapshot');
    await bobSock.waitFor(() => true, 'bob first snapshot');

    // Bob (Support agents) takes the Support chat; alice (Sales agents) the Sales one.
    await bobSock.command('putAgentState', { state: { agentStateARN: stateArn(bobSock.latest!.data, 'Available') } });
    const support = await startChat('Support inbound', 'Fuzz Support');
    bobContact = support.ContactId!;
    const offered = await bobSock.waitFor(
      (d) => d.snapshot.contacts.some((c) => c.contactId === bobContact),
      'the support chat offered to bob',
    );
    const bobView = offered.data.snapshot.contacts.find((c) => c.contactId === bobContact)!;
    bobConnection = bobView.connections.find((c) => c.type === 'agent')!.connectionId;

    await aliceSock.command('putAgentState', { state: { agentStateARN: stateArn(aliceSock.latest!.data, 'Available') } });
    const sales = await startChat('Sales inbound', 'Fuzz Sales');
    aliceContact = sales.ContactId!;
    await aliceSock.waitFor((d) => d.snapshot.contacts.some((c) => c.contactId === aliceContact), 'the sales chat for alice');

    // Something acknowledged before the garbage, checked after it.
    const kept = await command(
      bob.token,
      'updateContactAttributes',
      JSON.stringify({ contactId: bobContact, attributes: { kept: 'yes' } }),
    );
    expect(kept.status).toBe(200);

    const endpoints = await aliceSock.command<{ endpoints: { endpointARN: string }[] }>('getEndpoints');
    quickConnectArns = endpoints.endpoints.map((e) => e.endpointARN);
    expect(quickConnectArns.length).toBeGreaterThan(0);
    stateArns = aliceSock.latest!.data.configuration.agentStates.map((s) => s.agentStateARN);

    const expired = await server.sessions.issue(InstanceId, { id: alice.userId }, 1);
    const gone = await login(server.url, 'alice', DEMO_PASSWORD);
    const out = await request(server.url, '/agent/v1/logout', { headers: { authorization: `Bearer ${gone.token}` } });
    expect(out.status).toBe(200);
    await sleep(5);
    deadTokens = [expired.token, gone.token];
  });

  afterAll(async () => {
    for (const s of rawSockets) s.close();
    aliceSock?.close();
    bobSock?.close();
    client?.destroy();
    // Sockets of upgrades the server never answered would keep close() waiting.
    for (const s of connections) s.destroy();
    await server?.close();
  });

  it('knows every command: each is about the caller, or about one of their contacts (and is checked for scoping below)', () => {
    expect([...COMMAND_NAMES].sort()).toEqual([...CONTACT_COMMANDS, ...AGENT_COMMANDS].sort());
  });

  it("another agent's contact: every contact command answers AccessDeniedException and leaves its owner untouched", async () => {
    const aliceRaw = await openRaw(alice.token);
    await aliceRaw.until(() => aliceRaw.snapshots.length > 0, 'alice first snapshot');
    const before = await bobVersion();
    const pushesBefore = bobSock.pushes.length;
    let nextId = 1;

    const paramsFor = (method: (typeof CONTACT_COMMANDS)[number]) =>
      fc
        .record({
          extra: extraMembers,
          attributes: fc.dictionary(nastyString, nastyString, { maxKeys: 4 }),
          endpointARN: fc.oneof(fc.constantFrom(...quickConnectArns), nastyString),
          connectionId: fc.option(fc.oneof(fc.constant(bobConnection), fc.string({ minLength: 1, maxLength: 40 })), {
            nil: undefined,
          }),
          participantId: fc.option(fc.oneof(fc.constant(bobConnection), nastyString), { nil: undefined }),
          issueCode: fc.option(fc.string({ maxLength: 200 }), { nil: undefined }),
          description: fc.option(fc.string({ maxLength: 400 }), { nil: undefined }),
          wrapUpCode: fc.oneof(fc.constantFrom('Resolved', 'Escalated', 'Nope'), fc.string({ minLength: 1, maxLength: 40 })),
          notes: fc.option(fc.string({ maxLength: 400 }), { nil: undefined }),
        })
        .map(({ extra, attributes, endpointARN, connectionId, participantId, issueCode, description, wrapUpCode, notes }) => {
          const base = { ...extra, contactId: bobContact };
          switch (method) {
            case 'destroyConnection':
            case 'holdConnection':
            case 'resumeConnection':
            case 'muteParticipant':
            case 'unmuteParticipant':
              return { ...base, ...(connectionId !== undefined ? { connectionId } : {}) };
            case 'transferContact':
            case 'createAdditionalConnection':
              return { ...base, endpoint: { endpointARN, type: 'agent' } };
            case 'updateMonitorParticipantState':
              return { ...base, targetMonitorMode: wrapUpCode === 'Nope' ? 'BARGE' : 'SILENT_MONITOR' };
            case 'updateContactAttributes':
              return { ...base, attributes };
            case 'createTransport':
              return { ...base, transportType: 'chat_token', ...(participantId !== undefined ? { participantId } : {}) };
            case 'notifyContactIssue':
              return {
                ...base,
                ...(issueCode !== undefined ? { issueCode } : {}),
                ...(description !== undefined ? { description } : {}),
              };
            case 'setContactWrapUp':
              return { ...base, wrapUpCode, ...(notes !== undefined ? { notes } : {}) };
            case 'updateContact':
              return { ...extra, ContactId: bobContact, ...(description !== undefined ? { Description: description } : {}) };
            default:
              return base;
          }
        });
    const attempt = fc
      .constantFrom(...CONTACT_COMMANDS)
      .chain((method) => fc.tuple(fc.constant(method), paramsFor(method), fc.constantFrom('http', 'ws')));

    await fc.assert(
      fc.asyncProperty(attempt, async ([method, params, via]) => {
        const what = `${via} ${method} ${JSON.stringify(params).slice(0, 200)}`;
        if (via === 'http') {
          const res = await command(alice.token, method, JSON.stringify(params));
          const { errorType } = expectAwsAnswer(res, what);
          expect(res.status, what).toBe(403);
          expect(errorType, what).toBe('AccessDeniedException');
        } else {
          const id = `scope-${nextId++}`;
          const reply = await aliceRaw.exchange(JSON.stringify({ id, method, params }));
          expectProtocolReply(reply, what);
          expect(reply, what).toMatchObject({ type: 'error', id, error: { type: 'AccessDeniedException' } });
        }
        expect(await bobVersion(), `${what} changed bob's snapshot`).toBe(before);
      }),
      { numRuns: RUNS },
    );
    await sleep(20);
    expect(bobSock.pushes.length, 'no push reached bob').toBe(pushesBefore);
    expect(bobSock.latest?.data.snapshot.contacts.find((c) => c.contactId === bobContact)?.state.type).toBe('connecting');
    expect(aliceRaw.bad).toEqual([]);
  });

  it('login: random JSON, strings and bytes get AWS-style errors, never a 5xx', async () => {
    // NUL has its own test below: here it would stop the exploration at its first failure.
    const noNul = (s: string) => !s.includes('\u0000');
    const known = fc.constantFrom('alice', 'bob', 'carol', DEMO_PASSWORD, server.instance.id, 'switchboard-demo');
    const str = fc.oneof(nastyString.filter(noNul), known);
    const field = fc.oneof(
      str,
      fc.jsonValue({ maxDepth: 1 }).filter((v) => !JSON.stringify(v).includes('\\u0000')),
    );
    const body = fc.oneof(
      // Shaped like a login, so that most bodies get past validation to the lookups.
      {
        weight: 4,
        arbitrary: fc
          .record({ instance: fc.option(str, { nil: undefined }), username: str, password: str })
          .map((v) => JSON.stringify(v)),
      },
      {
        weight: 1,
        arbitrary: fc
          .record(
            { instance: field, username: field, password: field, extra: fc.jsonValue({ maxDepth: 1 }) },
            { requiredKeys: [] },
          )
          .map((v) => JSON.stringify(v)),
      },
      { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)) },
      { weight: 1, arbitrary: fc.anything({ maxDepth: 2 }).map((v) => JSON.stringify(v) ?? '') },
      { weight: 1, arbitrary: fc.string({ maxLength: 100 }) },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 100 }) },
      { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }) },
      {
        weight: 1,
        arbitrary: fc.constantFrom(
          '',
          '{',
          '{"username":',
          'null',
          '[]',
          '"alice"',
          '{"username":"alice","password":"x"}garbage',
        ),
      },
    );
    const contentType = fc.oneof(
      fc.constantFrom(
        'application/json',
        'application/json; charset=utf-8',
        'application/x-amz-json-1.1',
        'text/plain',
        'application/octet-stream',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        '*/*',
        '',
      ),
      fc.string({ maxLength: 30 }),
    );
    await fc.assert(
      fc.asyncProperty(body, fc.option(contentType, { nil: undefined }), async (b, ct) => {
        const res = await request(server.url, '/agent/v1/login', {
          body: b,
          headers: ct !== undefined ? { 'content-type': ct } : {},
        });
        const what = `login ${ct} ${typeof b === 'string' ? JSON.stringify(b.slice(0, 200)) : `<${b.length} bytes>`}`;
        const { body: answer } = expectAwsAnswer(res, what);
        if (res.status === 200) expect(typeof answer.token, what).toBe('string');
      }),
      { numRuns: RUNS * 2 },
    );
    await expectHealthy();
  });

  it('login: a NUL character in the instance, username or password answers 4xx, never a 5xx', async () => {
    const withNul = fc
      .tuple(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }))
      .map(([a, b]) => `${a}\u0000${b}`)
      .filter((s) => s.length <= 100);
    const plain = fc.constantFrom('alice', 'bob', DEMO_PASSWORD, server.instance.id, 'switchboard-demo');
    const login = fc.oneof(
      fc.record({ instance: withNul, username: plain, password: plain }),
      fc.record({ username: withNul, password: plain }),
      fc.record({ username: plain, password: withNul }),
      fc.record({ instance: plain, username: withNul, password: plain }),
    );
    await fc.assert(
      fc.asyncProperty(login, async (b) => {
        const res = await request(server.url, '/agent/v1/login', {
          body: JSON.stringify(b),
          headers: { 'content-type': 'application/json' },
        });
        const what = `login ${JSON.stringify(b)}`;
        expectAwsAnswer(res, what);
        expect(res.status, what).toBeGreaterThanOrEqual(400);
      }),
      { numRuns: RUNS },
    );
    await expectHealthy();
  });

  it('bodies over 1 MiB answer 413 RequestEntityTooLargeException', async () => {
    const huge = fc.record({
      size: fc.integer({ min: MiB + 1, max: 3 * MiB }),
      kind: fc.constantFrom('json', 'text', 'binary'),
      target: fc.constantFrom('login', 'command'),
    });
    await fc.assert(
      fc.asyncProperty(huge, async ({ size, kind, target }) => {
        const body =
          kind === 'json'
            ? JSON.stringify({ username: 'alice', password: 'p'.repeat(size) })
            : kind === 'text'
              ? 'x'.repeat(size)
              : new Uint8Array(randomBytes(size));
        const res =
          target === 'login'
            ? await request(server.url, '/agent/v1/login', { body, headers: { 'content-type': 'application/json' } })
            : await command(alice.token, 'updateAgentConfiguration', body);
        const what = `${target} with a ${size}-byte ${kind} body`;
        const { errorType } = expectAwsAnswer(res, what);
        expect(res.status, what).toBe(413);
        expect(errorType, what).toBe('RequestEntityTooLargeException');
      }),
      { numRuns: 6 },
    );
    // Streamed (chunked, no content-length) too.
    await expectStreamedBodyRefused(
      `${server.url}/agent/v1/login`,
      { 'content-type': 'application/json' },
      'a chunked 2 MiB login body',
    );
    await expectHealthy();
  });

  it('commands: every method name and random params, with a valid token, get AWS-style answers', async () => {
    const shaped = shapedParams();
    const params = fc.oneof(
      { weight: 8, arbitrary: shaped.map((v) => JSON.stringify(v)) },
      { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)) },
      { weight: 1, arbitrary: fc.anything({ maxDepth: 2 }).map((v) => JSON.stringify(v) ?? '') },
      { weight: 1, arbitrary: fc.string({ maxLength: 60 }) },
      { weight: 1, arbitrary: fc.uint8Array({ maxLength: 100 }) },
      { weight: 1, arbitrary: fc.constantFrom('', '{', 'null', '[]', '"x"', '1', '{"contactId":') },
    );
    const method = fc.oneof(
      { weight: 10, arbitrary: fc.constantFrom(...COMMAND_NAMES).map(encodeURIComponent) },
      {
        weight: 2,
        arbitrary: fc
          .string({ maxLength: 40 })
          .filter((s) => !isDotSegment(s))
          .map(encodeURIComponent),
      },
      {
        weight: 1,
        arbitrary: fc
          .string({ unit: 'grapheme', maxLength: 20 })
          .filter((s) => !isDotSegment(s))
          .map(encodeURIComponent),
      },
      {
        weight: 1,
        arbitrary: fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'runCommand'),
      },
      { weight: 1, arbitrary: fc.constantFrom('%00', '%2e%2e', 'a%2Fb', '%C3%A9', 'x'.repeat(2000)) },
    );
    await fc.assert(
      fc.asyncProperty(method, params, async (m, body) => {
        const res = await command(alice.token, m, body);
        expectAwsAnswer(res, `POST /agent/v1/commands/${m.slice(0, 80)} ${String(body).slice(0, 200)}`);
      }),
      { numRuns: RUNS * 3 },
    );
    await expectHealthy();
  });

  it('no, garbage, expired or logged-out tokens: AccessDeniedException on every route, never a 5xx', async () => {
    const route = fc.constantFrom(
      { method: 'POST', path: '/agent/v1/commands/getAgentSnapshot' },
      { method: 'POST', path: '/agent/v1/commands/acceptContact' },
      { method: 'POST', path: '/agent/v1/commands/noSuchCommand' },
      { method: 'GET', path: '/agent/v1/snapshot' },
      { method: 'POST', path: '/agent/v1/refresh' },
      { method: 'POST', path: '/agent/v1/logout' },
    );
    await fc.assert(
      fc.asyncProperty(route, badTokenHeaders(deadTokens), fc.constantFrom(...COMMAND_NAMES), async (r, headers, m) => {
        const body = JSON.stringify({ contactId: bobContact });
        const res = await request(server.url, r.path.replace('acceptContact', m), {
          method: r.method,
          headers: { ...headers, ...(r.method === 'POST' ? { 'content-type': 'application/json' } : {}) },
          ...(r.method === 'POST' ? { body } : {}),
        });
        const what = `${r.method} ${r.path} with ${JSON.stringify(headers).slice(0, 200)}`;
        const { errorType } = expectAwsAnswer(res, what);
        expect(res.status, what).toBe(403);
        expect(errorType, what).toBe('AccessDeniedException');
      }),
      { numRuns: RUNS * 2 },
    );
    await expectHealthy();
  });

  it('websocket: random text, JSON and binary frames each get one JSON error or result', async () => {
    const sock = await openRaw(alice.token);
    await sock.until(() => sock.snapshots.length > 0, 'the first snapshot');
    const id = fc.oneof(
      fc.string({ maxLength: 10 }),
      fc.integer(),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.jsonValue({ maxDepth: 1 }),
    );
    const params = fc.oneof(
      { weight: 4, arbitrary: shapedParams() },
      { weight: 1, arbitrary: fc.anything({ maxDepth: 2 }) },
      {
        // Large but under the 64 KiB frame limit.
        weight: 1,
        arbitrary: fc
          .integer({ min: 10_000, max: 60_000 })
          .chain((n) =>
            fc.constantFrom(
              { contactId: 'c'.repeat(n) },
              { logEvents: ['l'.repeat(n)] },
              { attributes: { big: 'a'.repeat(n) }, contactId: aliceContact },
              { description: 'd'.repeat(n), contactId: aliceContact },
              { configuration: { agentPreferences: { big: 'p'.repeat(n) } } },
            ),
          ),
      },
    );
    type Out = {
      readonly data: string | Uint8Array;
      readonly binary: boolean;
      readonly sentId?: unknown;
      readonly object: boolean;
    };
    const text = (data: string, object = false, sentId?: unknown): Out => ({ data, binary: false, object, sentId });
    const frame: fc.Arbitrary<Out> = fc.oneof(
      fc.string({ maxLength: 200 }).map((s) => text(s)),
      fc.string({ unit: 'binary', maxLength: 100 }).map((s) => text(s)),
      fc.jsonValue({ maxDepth: 3 }).map((v) => {
        const isObject = typeof v === 'object' && v !== null && !Array.isArray(v);
        return text(JSON.stringify(v), isObject, isObject ? (v as Record<string, unknown>).id : undefined);
      }),
      fc
        .constantFrom('null', '[]', '[{"method":"getAgentSnapshot"}]', '1', '"getAgentSnapshot"', '{', '{}', ' ', '')
        .map((s) => text(s, s === '{}')),
      fc
        .dictionary(
          fc.string({ maxLength: 10 }).filter((k) => k !== 'method'),
          fc.jsonValue({ maxDepth: 2 }),
          { maxKeys: 4 },
        )
        .map((o) => text(JSON.stringify(o), true, o.id)),
      fc
        .record({ id, method: fc.jsonValue({ maxDepth: 1 }).filter((m) => typeof m !== 'string'), params })
        .map((o) => text(JSON.stringify(o), true, o.id)),
      {
        weight: 2,
        arbitrary: fc
          .record({ id, method: fc.oneof(nastyString, fc.constantFrom('__proto__', 'constructor', 'toString')), params })
          .map((o) => text(JSON.stringify(o), true, o.id)),
      },
      {
        weight: 10,
        arbitrary: fc
          .record({ id, method: fc.constantFrom(...COMMAND_NAMES), params }, { requiredKeys: ['method'] })
          .map((o) => text(JSON.stringify(o), true, o.id)),
      },
      fc.uint8Array({ maxLength: 300 }).map((b) => ({ data: b, binary: true, object: false })),
      fc.constantFrom(...COMMAND_NAMES).map((m) => ({
        data: new TextEncoder().encode(JSON.stringify({ id: 'bin', method: m })),
        binary: true,
        object: false,
      })),
    );
    await fc.assert(
      fc.asyncProperty(frame, async (f) => {
        const what = `${f.binary ? 'binary' : 'text'} frame ${typeof f.data === 'string' ? f.data.slice(0, 200) : `<${f.data.length} bytes>`}`;
        const reply = await sock.exchange(f.data, f.binary);
        expectProtocolReply(reply, what);
        if (f.binary) expect(reply.error?.type, what).toBe('SerializationException');
        if (f.object) {
          const sent = f.sentId === undefined ? undefined : (JSON.parse(JSON.stringify(f.sentId)) as unknown);
          expect(reply.id, what).toEqual(typeof sent === 'string' || typeof sent === 'number' ? sent : null);
        }
        // Frames are spaced out to stay under the per-second frame limit.
        await sleep(6);
      }),
      { numRuns: RUNS * 2 },
    );
    expect(sock.bad, 'frames from the server that are not protocol JSON').toEqual([]);
    await expectHealthy();
  });

  it('websocket: an oversized frame closes with 1009, a burst with 1008, bad UTF-8 with 1007; others keep being served', async () => {
    const big = await openRaw(alice.token);
    await big.until(() => big.snapshots.length > 0, 'the first snapshot');
    big.ws.send(JSON.stringify({ id: 'big', method: 'sendClientLogs', params: { logEvents: ['x'.repeat(70 * 1024)] } }));
    expect((await big.closed).code).toBe(1009);

    const burst = await openRaw(alice.token);
    await burst.until(() => burst.snapshots.length > 0, 'the first snapshot');
    // Over 200 commands a second are answered ThrottlingException; over 1,000 close the socket.
    for (let i = 0; i < 1100; i++) burst.ws.send(JSON.stringify({ id: i, method: 'getAgentStates' }));
    expect((await burst.closed).code).toBe(1008);
    expect(burst.bad).toEqual([]);
    for (const r of burst.replies) expectProtocolReply(r, 'a burst reply');
    expect(burst.replies.length).toBeLessThanOrEqual(1000);
    const throttled = burst.replies.filter((r) => r.error?.type === 'ThrottlingException');
    expect(throttled.length).toBeGreaterThan(0);

    const utf8 = await openRaw(alice.token);
    await utf8.until(() => utf8.snapshots.length > 0, 'the first snapshot');
    utf8.ws.send(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false });
    expect((await utf8.closed).code).toBe(1007);

    // Bob was never affected; alice's first socket still answers.
    await expect(bobSock.command('getAgentStates')).resolves.toMatchObject({ states: expect.any(Array) });
    await expect(aliceSock.command('getAgentSnapshot')).resolves.toMatchObject({ snapshot: expect.any(Object) });

    // A fresh socket for the same agent gets a snapshot and answers commands.
    const fresh = await openRaw(alice.token);
    await fresh.until(() => fresh.snapshots.length > 0, 'the first snapshot on a fresh socket');
    expect(fresh.snapshots[0]).toMatchObject({ type: 'snapshot', version: expect.any(Number), data: expect.any(Object) });
    const reply = await fresh.exchange(JSON.stringify({ id: 'after', method: 'getAgentSnapshot' }));
    expect(reply).toMatchObject({ type: 'result', id: 'after', data: { snapshot: expect.any(Object) } });
    expect(fresh.bad).toEqual([]);
    await expectHealthy();
  });

  it('upgrades without a valid session are refused with 403 AccessDeniedException', async () => {
    const noToken = await upgrade(server.url, '/agent/v1/ws');
    expectRefused(noToken, 'no token');
    for (const t of deadTokens) {
      expectRefused(await upgrade(server.url, `/agent/v1/ws?token=${encodeURIComponent(t)}`), 'an expired or logged-out token');
      expectRefused(await upgrade(server.url, '/agent/v1/ws', { authorization: `Bearer ${t}` }), 'a dead bearer token');
    }
    const ws = fc.oneof(
      fc.string({ maxLength: 80 }).map((t) => ({ path: `/agent/v1/ws?token=${encodeURIComponent(t)}`, headers: {} })),
      fc.string({ maxLength: 20 }).map((t) => ({ path: `/agent/v1/ws?since=${encodeURIComponent(t)}`, headers: {} })),
      badTokenHeaders(deadTokens).map((headers) => ({ path: '/agent/v1/ws', headers })),
    );
    await fc.assert(
      fc.asyncProperty(ws, async ({ path: p, headers }) => {
        expectRefused(await upgrade(server.url, p, headers), `upgrade ${p} ${JSON.stringify(headers)}`);
      }),
      // A hang costs the upgrade timeout per shrink step: report the first failure as found.
      { numRuns: RUNS, endOnFailure: true },
    );
    await expectHealthy();
  });

  it('upgrades to unknown paths answer 404, with or without a token', async () => {
    const unknown = fc.oneof(
      fc.constantFrom(
        '/',
        '/ws',
        '/agent/v1',
        '/agent/v1/',
        '/agent/v1/ws/',
        '/agent/v2/ws',
        '/AGENT/V1/WS',
        '/agent/v1/wss',
        '/healthz',
      ),
      fc
        .string({ minLength: 1, maxLength: 30 })
        .filter((s) => !isDotSegment(s))
        .map((s) => `/${encodeURIComponent(s)}`),
      fc.string({ minLength: 1, maxLength: 30 }).map((s) => `/agent/v1/ws${encodeURIComponent(s)}`),
    );
    await fc.assert(
      fc.asyncProperty(unknown, fc.boolean(), async (p, withToken) => {
        const o = await upgrade(server.url, withToken ? `${p}?token=${encodeURIComponent(alice.token)}` : p);
        expect(o, `upgrade ${p}`).toMatchObject({ kind: 'refused', status: 404 });
      }),
      { numRuns: RUNS, endOnFailure: true },
    );
    await expectHealthy();
  });

  // Input the broad properties above leave out on purpose, so that a failure here does not
  // stop them from exploring: a path label or a cookie that is not valid percent-encoding,
  // a label longer than the router takes, a URL the WHATWG parser rejects.

  /** A string that decodeURIComponent rejects: a stray `%`, a bad escape, a truncated UTF-8 sequence. */
  const badPercent = fc
    .tuple(
      fc.string({ maxLength: 10 }).map(encodeURIComponent),
      fc.constantFrom('%', '%z', '%zz', '%E0%A4%A', '%C3', '%ff', '%ED%A0%80'),
      fc.string({ maxLength: 10 }).map(encodeURIComponent),
    )
    .map(([a, bad, b]) => `${a}${bad}${b}`);

  it('a command name that is not valid percent-encoding, or too long for the router, gets an AWS-style 4xx', async () => {
    // Long names as their length, to keep counterexamples readable.
    const name = fc.oneof(badPercent, fc.integer({ min: 2049, max: 6000 }));
    await fc.assert(
      fc.asyncProperty(name, fc.boolean(), async (n, withToken) => {
        const m = typeof n === 'number' ? 'x'.repeat(n) : n;
        const res = await command(withToken ? alice.token : undefined, m, '{}');
        expectAwsAnswer(res, `POST /agent/v1/commands/${m.slice(0, 80)} (${m.length} chars)`);
      }),
      { numRuns: RUNS },
    );
    await expectHealthy();
  });

  it('a session cookie that is not valid percent-encoding answers 403 AccessDeniedException, not 500', async () => {
    const route = fc.constantFrom(
      { method: 'POST', path: '/agent/v1/commands/getAgentSnapshot' },
      { method: 'GET', path: '/agent/v1/snapshot' },
      { method: 'POST', path: '/agent/v1/refresh' },
      { method: 'POST', path: '/agent/v1/logout' },
    );
    await fc.assert(
      fc.asyncProperty(route, badPercent, async (r, value) => {
        const res = await request(server.url, r.path, { method: r.method, headers: { cookie: `sb_agent=${value}` } });
        const what = `${r.method} ${r.path} with cookie sb_agent=${value}`;
        const { errorType } = expectAwsAnswer(res, what);
        expect(res.status, what).toBe(403);
        expect(errorType, what).toBe('AccessDeniedException');
      }),
      { numRuns: RUNS },
    );
    await expectHealthy();
  });

  it('an upgrade with such a cookie is refused with 403, not thrown out of the upgrade handler', async () => {
    const cases = ['sb_agent=%', 'theme=dark; sb_agent=%E0%A4%A'];
    const outcomes = await Promise.all(cases.map((cookie) => upgrade(server.url, '/agent/v1/ws', { cookie })));
    outcomes.forEach((o, i) => {
      expect.soft(o, `upgrade /agent/v1/ws with cookie ${cases[i]}`).toMatchObject({ kind: 'refused', status: 403 });
    });
    await expectHealthy();
  });

  it('an upgrade to a URL the URL parser rejects answers 404, not thrown out of the upgrade handler', async () => {
    const cases = ['//', '//%zz', '/\\'];
    const outcomes = await Promise.all(cases.map((p) => upgrade(server.url, p)));
    outcomes.forEach((o, i) => {
      expect.soft(o, `upgrade ${cases[i]}`).toMatchObject({ kind: 'refused', status: 404 });
    });
    await expectHealthy();
  });

  it("loses nothing acknowledged: after all the garbage, bob's chat and its attributes are still there, in memory and stored", async () => {
    const bobNow = await request(server.url, '/agent/v1/snapshot', {
      method: 'GET',
      headers: { authorization: `Bearer ${bob.token}` },
    });
    expect(bobNow.status).toBe(200);
    const { data } = JSON.parse(bobNow.text) as {
      data: { snapshot: { contacts: { contactId: string; attributes: unknown; state: { type: string } }[] } };
    };
    const chat = data.snapshot.contacts.find((c) => c.contactId === bobContact);
    expect(chat?.state.type).toBe('connecting');
    expect(chat?.attributes).toMatchObject({ kept: { name: 'kept', value: 'yes' } });
    const stored = await server.store.contacts.get(server.instance.id, bobContact);
    expect(stored && (JSON.parse(stored.body) as { attributes?: unknown }).attributes).toMatchObject({ kept: 'yes' });
    const reply = await (await openRaw(bob.token)).exchange(JSON.stringify({ id: 1, method: 'getAgentSnapshot' }));
    expect(reply).toMatchObject({ type: 'result', id: 1 });
    await expectHealthy();
  });
});
