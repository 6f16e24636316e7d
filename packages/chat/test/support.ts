/**
 * Shared by the chat SDK's tests: a server behind a proxy the test controls, a chat with a
 * customer session and an agent session of `@switchboard/chat` (the agent's connection
 * token from the agent API's createTransport, as the CCP gets it), and a recorder of what
 * each session's callbacks saw.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ChatSession, type ChatTokenTransport, type Item, SessionTypes } from '@switchboard/chat';
import { demoConfig, type InstanceConfig } from '@switchboard/core';
import type { AgentSocket } from '../../server/test/agent-client.js';
import { backends } from '../../server/test/backends.js';
import { agentChatTokens, type ChatWorld, chatWorld } from '../../server/test/chat-support.js';
import { NetProxy } from './proxy.js';

export const sqlite = backends.find((b) => b.name === 'sqlite') ?? backends[0]!;

/** The demo instance with chat rate limits high enough for bursts. */
export const burstConfig: InstanceConfig = {
  ...demoConfig,
  chat: { ...demoConfig.chat, messagesPerSecond: 1000, burst: 1000 },
};

export interface World {
  readonly world: ChatWorld;
  readonly proxy: NetProxy;
  close(): Promise<void>;
}

export async function startWorld(config: InstanceConfig = burstConfig): Promise<World> {
  const proxy = await NetProxy.start();
  const world = await chatWorld(sqlite, { config, publicUrl: proxy.url, dataDir: mkdtempSync(path.join(tmpdir(), 'sb-sdk-')) });
  proxy.target(world.server.port);
  return {
    world,
    proxy,
    async close() {
      await world.close();
      await proxy.close();
    },
  };
}

export type Kind =
  | 'message'
  | 'typing'
  | 'readReceipt'
  | 'deliveredReceipt'
  | 'ended'
  | 'connectionEstablished'
  | 'connectionLost'
  | 'connectionBroken';

export interface Seen {
  readonly kind: Kind;
  readonly data: unknown;
}

/** Everything a session's callbacks received, in order, and a way to wait for one. */
export class Recorder {
  readonly seen: Seen[] = [];

  constructor(readonly session: ChatSession) {
    const kinds: Kind[] = [
      'message',
      'typing',
      'readReceipt',
      'deliveredReceipt',
      'ended',
      'connectionEstablished',
      'connectionLost',
      'connectionBroken',
    ];
    for (const kind of kinds) session.on(kind, (e) => this.seen.push({ kind, data: e.data }));
  }

  items(kind: Kind = 'message'): Item[] {
    return this.seen.filter((s) => s.kind === kind).map((s) => s.data as Item);
  }

  count(kind: Kind): number {
    return this.seen.filter((s) => s.kind === kind).length;
  }

  async waitFor(kind: Kind, pred: (data: Item) => boolean = () => true, what: string = kind, timeoutMs = 5000): Promise<Item> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.seen.find((s) => s.kind === kind && pred(s.data as Item));
      if (hit) return hit.data as Item;
      if (Date.now() > end) {
        throw new Error(`timed out waiting for ${what}; seen: ${this.seen.map((s) => s.kind).join(',')}`);
      }
      await new Promise((r) => setTimeout(r, 10));
    }
  }
}

export interface Chat {
  readonly contactId: string;
  readonly customer: Recorder;
  readonly agent: Recorder;
  readonly agentParticipantId: string;
  readonly customerParticipantId: string;
}

/**
 * StartChatContact (client-connect), a customer session, the agent accepting over the agent
 * API and an agent session whose connection token comes from createTransport.
 */
export async function startChat(w: World, bob: AgentSocket, endpoint = w.proxy.url, agentEndpoint = endpoint): Promise<Chat> {
  const started = await w.world.startChat();
  const customer = new Recorder(ChatSession.create({ chatDetails: started, type: SessionTypes.CUSTOMER, options: { endpoint } }));
  await customer.session.connect();
  const tokens = await agentChatTokens(bob, started.ContactId);
  await bob.command('acceptContact', { contactId: started.ContactId });
  const getConnectionToken = () =>
    bob.command<ChatTokenTransport>('createTransport', {
      transportType: 'chat_token',
      contactId: started.ContactId,
      participantId: tokens.participantId,
    });
  const agent = new Recorder(
    ChatSession.create({
      chatDetails: {
        contactId: started.ContactId,
        participantId: tokens.participantId,
        participantToken: tokens.participantToken,
        getConnectionToken,
      },
      type: SessionTypes.AGENT,
      options: { endpoint: agentEndpoint },
    }),
  );
  await agent.session.connect();
  return {
    contactId: started.ContactId,
    customer,
    agent,
    agentParticipantId: tokens.participantId,
    customerParticipantId: started.ParticipantId,
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
