/**
 * Shared set-up for chat tests: the real server with the demo instance, a chat started
 * with @aws-sdk/client-connect, and an agent (over the agent API) who accepts it and
 * gets their participant and connection tokens, as the CCP does.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  ConnectClient,
  ListContactFlowsCommand,
  StartChatContactCommand,
  type StartChatContactCommandInput,
} from '@aws-sdk/client-connect';
import { ConnectParticipantClient } from '@aws-sdk/client-connectparticipant';
import { DEMO_PASSWORD, demoConfig } from '@switchboard/core';
import { type RunningServer, type StartOptions, startServer } from '../src/server.js';
import { AgentSocket, login, stateArn } from './agent-client.js';
import type { Backend } from './backends.js';
import { fakeHash, fakeVerify } from './harness.js';

const key = demoConfig.accessKeys[0]!;

export interface ChatWorld {
  readonly server: RunningServer;
  readonly connect: ConnectClient;
  readonly flows: Record<string, string>;
  /** A participant client: dummy credentials (the SDK insists on signing; the server ignores it). */
  participantClient(): ConnectParticipantClient;
  startChat(
    input?: Partial<StartChatContactCommandInput>,
  ): Promise<{ ContactId: string; ParticipantId: string; ParticipantToken: string }>;
  /** Signs an agent in, opens their agent socket and makes them Available. */
  agent(username: string): Promise<AgentSocket>;
  close(): Promise<void>;
}

export async function chatWorld(backend: Backend, opts: Partial<StartOptions> = {}): Promise<ChatWorld> {
  const server = await startServer({
    port: 0,
    logger: false,
    storage: await backend.fresh(),
    dataDir: mkdtempSync(path.join(tmpdir(), 'sb-chat-')),
    hashPassword: fakeHash,
    verifyPassword: fakeVerify,
    ...opts,
  });
  const connect = new ConnectClient({
    region: 'us-east-1',
    endpoint: server.url,
    credentials: { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey },
    maxAttempts: 1,
  });
  const flows = Object.fromEntries(
    ((await connect.send(new ListContactFlowsCommand({ InstanceId: server.instance.id }))).ContactFlowSummaryList ?? []).map(
      (f) => [f.Name, f.Id],
    ),
  ) as Record<string, string>;
  const clients: ConnectParticipantClient[] = [];
  const sockets: AgentSocket[] = [];
  return {
    server,
    connect,
    flows,
    participantClient() {
      const c = new ConnectParticipantClient({
        region: 'us-east-1',
        endpoint: server.url,
        credentials: { accessKeyId: 'unused', secretAccessKey: 'unused' },
        maxAttempts: 1,
      });
      clients.push(c);
      return c;
    },
    async startChat(input = {}) {
      const out = await connect.send(
        new StartChatContactCommand({
          InstanceId: server.instance.id,
          ContactFlowId: flows['Support inbound'],
          ParticipantDetails: { DisplayName: 'Jane' },
          ...input,
        }),
      );
      return out as { ContactId: string; ParticipantId: string; ParticipantToken: string };
    },
    async agent(username) {
      const s = await login(server.url, username, DEMO_PASSWORD);
      const sock = await AgentSocket.open(server.url, s.token);
      sockets.push(sock);
      await sock.waitFor(() => true, 'first snapshot');
      await sock.command('putAgentState', { state: { agentStateARN: stateArn(sock.latest!.data, 'Available') } });
      await sock.waitFor((d) => d.snapshot.state.name === 'Available' || d.snapshot.contacts.length > 0, 'available');
      return sock;
    },
    async close() {
      for (const s of sockets) s.close();
      for (const c of clients) c.destroy();
      connect.destroy();
      await server.close();
    },
  };
}

/** The agent's tokens for a chat offered to them: participant (from the snapshot) and connection (createTransport). */
export async function agentChatTokens(sock: AgentSocket, contactId: string) {
  const push = await sock.waitFor((d) => d.snapshot.contacts.some((c) => c.contactId === contactId), `offer of ${contactId}`);
  const contact = push.data.snapshot.contacts.find((c) => c.contactId === contactId)!;
  const conn = contact.connections.find((c) => c.type === 'agent')!;
  const participantToken = (JSON.parse(conn.chatMediaInfo?.connectionData ?? '{}') as { ConnectionAuthenticationToken: string })
    .ConnectionAuthenticationToken;
  const transport = await sock.command<{ chatTokenTransport: { participantToken: string; expiry: string } }>('createTransport', {
    transportType: 'chat_token',
    contactId,
    participantId: conn.connectionId,
  });
  return { participantId: conn.connectionId, participantToken, connectionToken: transport.chatTokenTransport.participantToken };
}

/**
 * `connect.send` for a server whose clock is injected (`StartOptions.now`): the server
 * checks SigV4 against its own clock, and the SDK resets its offset from each answer's
 * `Date` header (real time), so the offset is set to the server's clock before every call.
 */
export function sendOnServerClock(connect: ConnectClient, now: () => number): ConnectClient['send'] {
  return ((cmd: Parameters<ConnectClient['send']>[0]) => {
    (connect.config as { systemClockOffset: number }).systemClockOffset = now() - Date.now();
    return connect.send(cmd);
  }) as ConnectClient['send'];
}

/**
 * A test's server clock (injected as `StartOptions.now`) and the worlds started on it:
 * `world()` starts one whose Connect calls are signed on that clock; `advanceTo` moves the
 * clock and runs the routing engine's due timers, as their setTimeout would; `closeAll`
 * (for `afterEach`) closes every world started, `closeOldest` the first still open.
 */
export function clockedWorlds(backend: Backend, start: number) {
  let clock = start;
  const worlds: ChatWorld[] = [];
  return {
    now: () => clock,
    set(t: number): void {
      clock = t;
    },
    async world(opts: Partial<StartOptions> = {}) {
      const w = await chatWorld(backend, { now: () => clock, ...opts });
      worlds.push(w);
      const send = sendOnServerClock(w.connect, () => clock);
      const InstanceId = w.server.instance.id;
      const ir = () => w.server.routing.instance(InstanceId);
      return {
        w,
        send,
        InstanceId,
        ir,
        advanceTo: async (t: number) => {
          clock = t;
          await ir().step([{ type: 'tick' }]);
        },
      };
    },
    /** Closes the first world still open (a restart: the next one starts on its storage). */
    async closeOldest(): Promise<void> {
      await worlds.shift()?.close();
    },
    async closeAll(): Promise<void> {
      for (const w of worlds.splice(0)) await w.close();
    },
  };
}
