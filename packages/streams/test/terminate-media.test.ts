/**
 * `connect.core.terminate()` ends the agent's chat sessions (their sockets close: a bot
 * signing out on SIGTERM exits at once, a page signing out leaves no socket behind), and the
 * same `connect` initialised again opens and ends new ones: headless in Node against the
 * real server, the customer the unmodified chatjs.
 */
import { DEMO_PASSWORD } from '@switchboard/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Customer } from '../../ccp/test/streams-journey.js';
import { backends } from '../../server/test/backends.js';
import { type ChatWorld, chatWorld } from '../../server/test/chat-support.js';
import { configureChatjs } from '../../server/test/chatjs-env.js';
import { type ChatConnection, type Connect, type Contact, createConnect } from '../src/index.js';

const REGION = 'sa-east-1';
const until = async (what: string, f: () => boolean) => {
  for (let i = 0; i < 400 && !f(); i++) await new Promise((r) => setTimeout(r, 25));
  if (!f()) throw new Error(`timed out waiting for ${what}`);
};
const call = (f: (cb: { success: () => void; failure: (e: string) => void }) => void) =>
  new Promise<void>((resolve, reject) => f({ success: resolve, failure: (e) => reject(new Error(e)) }));

describe('connect.core.terminate and the chat media sessions', () => {
  let world: ChatWorld;
  let connect: Connect;

  beforeAll(async () => {
    const sqlite = backends.find((b) => b.name === 'sqlite') ?? backends[0]!;
    world = await chatWorld(sqlite);
    configureChatjs(world.server.url, REGION);
    connect = createConnect();
  });

  afterAll(async () => {
    connect?.core.terminate();
    await world?.close();
  });

  /** Signs bob in, Available; a customer's chat is accepted; its media session. */
  const chatOpen = async (name: string) => {
    const contacts: Contact[] = [];
    connect.contact((c) => contacts.push(c));
    const agent = await new Promise<InstanceType<Connect['Agent']>>((resolve) => {
      connect.agent(resolve);
      connect.core.initAgent({ url: world.server.url, username: 'bob', password: DEMO_PASSWORD, region: REGION });
    });
    const available = agent.getAgentStates().find((s) => s.name === 'Available')!;
    await call((cb) => agent.setState(available, cb));
    const { customer, contactId } = await Customer.start(world, name, REGION);
    await until('the offer', () => contacts.some((c) => c.getContactId() === contactId));
    const contact = contacts.find((c) => c.getContactId() === contactId)!;
    await call((cb) => contact.accept(cb));
    const session = await (contact.getAgentConnection() as ChatConnection).getMediaController();
    return { contact, session, customer };
  };

  it('terminate closes the chat sessions; initialised again, a new chat has a session of its own, ended with it', async () => {
    const first = await chatOpen('Jane Doe');
    expect(first.session.connectionState).toBe('connected');
    connect.core.terminate();
    expect(first.session.connectionState).toBe('ended');
    await first.customer.session.disconnectParticipant();

    const second = await chatOpen('John Roe');
    expect(second.session).not.toBe(first.session);
    expect(second.session.connectionState).toBe('connected');
    await call((cb) => second.contact.getAgentConnection().destroy(cb));
    await call((cb) => second.contact.clear(cb));
    await until('the session to end with its contact', () => second.session.connectionState === 'ended');
  });
});
