/**
 * The public types of `@switchboard/streams`, pinned: `npx tsc -p tsconfig.check.json` fails
 * if a `@ts-expect-error` line starts to compile or an `expectTypeOf` no longer holds. The few
 * runtime checks make sure the values behind the types are what the types say.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  type Agent,
  type AgentStateChange,
  type BaseConnection,
  type ChatConnection,
  type Connect,
  type Contact,
  ContactEvents,
  ContactStateType,
  connect,
  createConnect,
  Endpoint,
  type InitCCPOptions,
  type DirectOptions,
  type Subscription,
  type SuccessFailOptions,
  type TaskConnection,
  type VoiceConnection,
} from '../src/index.js';

/** Only type-checked: the callbacks never run (nothing is initialised here). */
function typeOnly(c: Connect): void {
  c.agent((agent) => {
    expectTypeOf(agent).toMatchTypeOf<Agent>();
    expectTypeOf(agent.getState().name).toEqualTypeOf<string>();
    expectTypeOf(agent.getStateDuration()).toEqualTypeOf<number>();
    expectTypeOf(agent.getContacts('chat')).toEqualTypeOf<Contact[]>();
    expectTypeOf(agent.getChannelConcurrency('CHAT')).toEqualTypeOf<number>();
    expectTypeOf(agent.getChannelConcurrency()).toEqualTypeOf<Record<string, number>>();
    expectTypeOf(agent.onStateChange).parameter(0).parameter(0).toEqualTypeOf<AgentStateChange>();
    expectTypeOf(agent.onRoutable(() => undefined)).toEqualTypeOf<Subscription>();
    const available = agent.getAgentStates()[0]!;
    agent.setState(available, { success: () => undefined, failure: (err) => expectTypeOf(err).toEqualTypeOf<string>() });
    agent.setState(available, {}, { enqueueNextState: true });
    // @ts-expect-error a status is a definition from getAgentStates(), not its name
    agent.setState('Available');
    // @ts-expect-error getEndpoints needs its success callback
    agent.getEndpoints(agent.getAllQueueARNs(), {});
    agent.getEndpoints(agent.getAllQueueARNs(), {
      success: (r) => expectTypeOf(r.endpoints).toEqualTypeOf<Endpoint[]>(),
    });
    agent.createTask({ name: 'Call back', endpoint: Endpoint.byPhoneNumber('+15555550100') });
    // @ts-expect-error a task needs a name
    agent.createTask({ endpoint: new Endpoint({ type: 'queue' }) });
    // @ts-expect-error mute takes no argument
    agent.mute(true);
  });

  c.contact((contact) => {
    expectTypeOf(contact).toMatchTypeOf<Contact>();
    expectTypeOf(contact.getContactId()).toEqualTypeOf<string>();
    expectTypeOf(contact.getAttributes()).toEqualTypeOf<Record<string, { name: string; value: string }>>();
    expectTypeOf(contact.getAgentConnection()).toEqualTypeOf<BaseConnection>();
    expectTypeOf(contact.getInitialConnection()).toEqualTypeOf<BaseConnection | null>();
    expectTypeOf(contact.onConnected).parameter(0).parameter(0).toEqualTypeOf<Contact>();
    contact.accept({ success: () => undefined });
    contact.transfer(new Endpoint({ type: 'queue', endpointARN: 'arn:q' }));
    // @ts-expect-error transfer takes an Endpoint, not a name
    contact.transfer('Sales queue');
    // @ts-expect-error a monitor mode is a string
    contact.updateMonitorParticipantState(1);
    // @ts-expect-error callbacks are an object
    contact.clear(() => undefined);
    const conn = contact.getAgentConnection();
    if (conn instanceof c.ChatConnection) {
      expectTypeOf(conn).toMatchTypeOf<ChatConnection>();
      void conn.getMediaController().then((s) => s.sendMessage({ contentType: 'text/plain', message: 'Hi' }));
    }
    if (conn instanceof c.TaskConnection) expectTypeOf(conn.getMediaType()).toEqualTypeOf<'task'>();
    if (conn instanceof c.VoiceConnection) {
      expectTypeOf(conn).toMatchTypeOf<VoiceConnection>();
      expectTypeOf(conn.isForcedMute()).toEqualTypeOf<boolean>();
      // @ts-expect-error sendDigits takes the digits as a string
      conn.sendDigits(123);
    }
  });

  // @ts-expect-error initCCP needs the CCP's URL
  c.core.initCCP(document.body, { loginPopup: false });
  // @ts-expect-error initAgent needs the server's URL
  c.core.initAgent({ token: 'x' });
  const direct: DirectOptions = { url: 'https://switchboard.example', username: 'bob', password: 'secret' };
  const framed: InitCCPOptions = { ccpUrl: 'https://switchboard.example/ccp/', softphone: { allowFramedSoftphone: true } };
  c.core.initAgent(direct);
  c.core.initCCP(document.body, framed);
  const cbs: SuccessFailOptions<{ contactId: string }> = { success: (d) => expectTypeOf(d.contactId).toBeString() };
  void cbs;
  expectTypeOf(c.core.getEventBus().subscribe('agent::refresh', () => undefined)).toMatchTypeOf<Subscription>();
  expectTypeOf<TaskConnection['getMediaType']>().returns.toEqualTypeOf<'task'>();
}

describe('the public types of @switchboard/streams', () => {
  it('are those of the values (and the type-only checks above compile)', () => {
    expect(typeof typeOnly).toBe('function');
    // The enums are the runtime's values (namespaced events), and typed as those literals.
    expect(ContactEvents.CONNECTED).toBe('contact::connected');
    expectTypeOf(ContactEvents.CONNECTED).toEqualTypeOf<'contact::connected'>();
    expect(ContactStateType.PAUSED).toBe('paused');
    expect(connect.ContactEvents).toBe(ContactEvents);
    // Each createConnect() is its own.
    const a = createConnect();
    const b = createConnect();
    expect(a.Agent).not.toBe(b.Agent);
    expect(a.core.getEventBus()).not.toBe(b.core.getEventBus());
    // An Endpoint fills what it was not given with null, as Streams'.
    const e = Endpoint.byPhoneNumber('+15555550100');
    expect(e).toMatchObject({ type: 'phone_number', phoneNumber: '+15555550100', endpointARN: null, agentLogin: null });
    expectTypeOf(e.type).toEqualTypeOf<'phone_number' | 'agent' | 'queue' | null>();
  });
});
