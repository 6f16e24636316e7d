/**
 * The Streams journey of a CRM page (fixtures/crm-page: crm.js and tasks.js, written for
 * amazon-connect-streams), one definition run against every `connect` Switchboard supports:
 * the unmodified Streams framing the CCP (streams-embed.test.ts), and `@switchboard/streams`
 * framing the CCP, connected directly in Chromium, and headless in Node
 * (packages/streams/test/journey.test.ts).
 *
 * Journey: `connect.agent` fires; `agent.setState(Available)`; the configuration and the quick
 * connects; a chat started by the unmodified chatjs customer (in Node) rings as
 * `connect.contact` → onConnecting; `contact.accept()` → onAccepted, onConnected;
 * `getMediaController()`; messages both ways through it; quick responses; an unsupported
 * method answered with an error; `connection.destroy()` → onACW, onEnded; `contact.clear()`
 * → onDestroy, in that order; then a second chat accepted and transferred to a queue
 * (`contact.transfer(endpoint)`) → onACW, cleared.
 */
import { demoConfig } from '@switchboard/core';
import { expect } from 'vitest';
import type { ChatWorld } from '../../server/test/chat-support.js';
import { ChatSession as ChatjsSession } from '../../server/test/chatjs-env.js';
import type { PageEvent } from './crm.js';

/** The customer: the unmodified chatjs in Node. */
export class Customer {
  readonly messages: { Content?: string; ParticipantRole?: string }[] = [];
  private constructor(readonly session: connect.CustomerChatSession) {}

  /** `region`: chatjs keeps one client per region, so each server of a test file needs its own. */
  static async start(world: ChatWorld, name: string, region = 'us-east-1'): Promise<{ customer: Customer; contactId: string }> {
    const started = await world.startChat({ ParticipantDetails: { DisplayName: name }, Attributes: { order: '1042' } });
    const session = ChatjsSession.create({
      chatDetails: started,
      type: 'CUSTOMER',
      disableCSM: true,
      options: { region },
    } as unknown as connect.CustomerChatSessionArgs) as connect.CustomerChatSession;
    const c = new Customer(session);
    session.onMessage((e) => c.messages.push((e as { data: { Content?: string; ParticipantRole?: string } }).data));
    await session.connect();
    return { customer: c, contactId: started.ContactId };
  }

  async send(text: string): Promise<void> {
    await this.session.sendMessage({ contentType: 'text/plain', message: text });
  }

  async waitFor(
    pred: (m: { Content?: string; ParticipantRole?: string }) => boolean,
    what: string,
    timeoutMs = 8000,
  ): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (!this.messages.some(pred)) {
      if (Date.now() > end) throw new Error(`customer: timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }
}

/** How the journey drives one page (a Chromium page, or crm.js run in Node). */
export interface JourneyPage {
  call<T>(method: string, ...args: unknown[]): Promise<T>;
  events(): Promise<PageEvent[]>;
  waitFor(kind: string, pred?: (e: PageEvent) => boolean, timeoutMs?: number): Promise<PageEvent>;
  shot(name: string): Promise<void>;
}

const newState = (name: string) => (e: PageEvent) => (e.data as { newState?: string } | null)?.newState === name;

/**
 * The journey, after the page's `init` was called: `agent` is the agent's username. Answers
 * how long `getMediaController()` took.
 */
export async function streamsJourney(
  page: JourneyPage,
  world: ChatWorld,
  agent: string,
  region = 'us-east-1',
): Promise<{ mediaMs: number }> {
  // 1. connect.agent fires with the agent.
  const init = await page.waitFor('agent.init');
  expect(init.data).toMatchObject({ username: agent });
  await page.shot('initialized');

  // 2. agent.setState(Available).
  await page.call('setState', 'Available');
  await page.waitFor('agent.stateChange', newState('Available'));
  expect(await page.call('agentState')).toBe('Available');
  await page.shot('available');

  // agent.setConfiguration → updateAgentConfiguration, then the new configuration arrives.
  await page.call('setLocale', 'fr_FR');
  for (let i = 0; i < 100 && (await page.call('locale')) !== 'fr_FR'; i++) await new Promise((r) => setTimeout(r, 25));
  expect(await page.call('locale')).toBe('fr_FR');
  // agent.getEndpoints: the quick connects of the agent's queues.
  const endpoints = await page.call<{ name: string; type: string }[]>('endpoints');
  expect(endpoints.length).toBeGreaterThan(0);
  expect(endpoints.every((e) => ['agent', 'queue', 'phone_number'].includes(e.type))).toBe(true);

  // 3. A customer starts a chat: connect.contact → onConnecting.
  const { customer, contactId } = await Customer.start(world, 'Jane Doe', region);
  const isOurs = (e: PageEvent) => e.data?.contactId === contactId;
  await page.waitFor('contact.connecting', isOurs);
  expect(await page.call('contactInfo', contactId)).toMatchObject({
    type: 'chat',
    state: 'connecting',
    customer: 'Jane Doe',
    attributes: { order: { name: 'order', value: '1042' } },
  });
  await page.shot('ringing');

  // 4. contact.accept() → onAccepted, onConnected.
  await page.call('accept', contactId);
  await page.waitFor('contact.accepted', isOurs);
  await page.waitFor('contact.connected', isOurs);

  // 5. getMediaController(): the agent's chat session.
  const media = await page.call<{ ms: number }>('media', contactId);
  console.log(`getMediaController resolved in ${media.ms} ms`);

  // 6. Messages both ways through it.
  await customer.send('Hello from the customer');
  await page.waitFor('chat.message', (e) => e.data?.item?.Content === 'Hello from the customer');
  await page.call('send', contactId, 'Hello from the CRM');
  await customer.waitFor((m) => m.Content === 'Hello from the CRM' && m.ParticipantRole === 'AGENT', 'the CRM agent message');
  await page.shot('chatting');

  // 7. Quick responses through connect.QuickResponses (the instance's, placeholders filled for the contact).
  expect(await page.call('quickResponsesEnabled')).toBe(true);
  const all = await page.call<{ results: { name: string }[] }>('quickResponses', '');
  expect(all.results.map((r) => r.name).sort()).toEqual(demoConfig.quickResponses.map((q) => q.name).sort());
  const greet = await page.call<{ results: { name: string; contents: { plainText: { content: string } } }[] }>(
    'quickResponses',
    'greet',
    contactId,
  );
  expect(greet.results[0]?.name).toBe('Greeting');
  expect(greet.results[0]?.contents.plainText.content).toContain('Hi Jane Doe,');

  // 8. A method Switchboard does not offer is answered with an error, not silence.
  const outbound = await page.call<{ ok: boolean; err?: string }>('outbound');
  expect(outbound.ok).toBe(false);
  expect(JSON.parse(outbound.err ?? '{}')).toEqual({
    type: 'UnsupportedOperation',
    message: 'createOutboundContact is not available in Switchboard yet',
    statusCode: 400,
  });

  // 9. connection.destroy() → onACW, onEnded.
  await page.call('destroy', contactId);
  await page.waitFor('contact.acw', isOurs);
  await page.waitFor('contact.ended', isOurs);
  await page.shot('after-contact-work');

  // 10. contact.clear() → onDestroy.
  await page.call('clear', contactId);
  await page.waitFor('contact.destroy', isOurs);
  await page.shot('cleared');
  const order = (await page.events())
    .filter((e) => e.kind.startsWith('contact.') && e.kind !== 'contact.init' && isOurs(e))
    .map((e) => e.kind.slice('contact.'.length));
  expect(order).toEqual(['connecting', 'accepted', 'connected', 'acw', 'ended', 'destroy']);

  // 11. A second chat, accepted and transferred to a queue with contact.transfer(endpoint).
  const second = await Customer.start(world, 'John Roe', region);
  const isSecond = (e: PageEvent) => e.data?.contactId === second.contactId;
  await page.waitFor('contact.connecting', isSecond);
  await page.call('accept', second.contactId);
  await page.waitFor('contact.connected', isSecond);
  await page.call('transfer', second.contactId, 'Sales queue');
  await page.waitFor('contact.acw', isSecond);
  await page.shot('transferred');
  await page.call('clear', second.contactId);
  await page.waitFor('contact.destroy', isSecond);
  return { mediaMs: media.ms };
}
