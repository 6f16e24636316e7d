import { describe, expect, it } from 'vitest';
import { InvalidStateException, ResourceNotFoundException, ServiceError } from '../errors.js';
import { RoutingEngine, displayState } from './engine.js';
import {
  AVAILABLE,
  BREAK,
  CLOSED_HOURS,
  OFFLINE,
  addAgent,
  addContact,
  addQueue,
  entry,
  eventTypes,
  eventsOf,
  ids,
  newEngine,
  observe,
  routing,
} from './test-fixtures.js';
import type { RoutingEvent } from './types.js';

const agentOf = (e: RoutingEngine, id: string) => {
  const a = e.agent(id);
  if (!a) throw new Error(`no agent ${id}`);
  return a;
};
const contactOf = (e: RoutingEngine, id: string) => {
  const c = e.contact(id);
  if (!c) throw new Error(`no contact ${id}`);
  return c;
};
const assignment = (e: RoutingEngine, agentId: string, contactId: string) =>
  agentOf(e, agentId).assignments.find((a) => a.contactId === contactId);
const states = (e: RoutingEngine, agentId: string) => agentOf(e, agentId).assignments.map((a) => [a.contactId, a.state]);

/** Queue Q (always open) and agent a1 (CHAT 1 on Q), Available and online at t=0. */
function oneAgent(r = routing('a1'), opts: ConstructorParameters<typeof RoutingEngine>[0] = {}) {
  const e = newEngine(opts);
  addQueue(e, 'Q');
  addAgent(e, r, 0);
  return e;
}

/** An agent that becomes Available (from Break) at `at`, so its idleSince is `at`. */
function availableAt(e: RoutingEngine, r: ReturnType<typeof routing>, at: number) {
  addAgent(e, r, 0, BREAK);
  e.apply({ type: 'agent.set_status', agentId: r.agentId, status: AVAILABLE, enqueueNextState: false }, at);
}

/** a1 connected with c1 (offered at `at`, accepted at `at + 10`). */
function connected(e: RoutingEngine, at = 100, agentId = 'a1', contactId = 'c1', queueId = 'Q') {
  addContact(e, contactId, queueId, at);
  e.apply({ type: 'contact.accept', agentId, contactId }, at + 10);
}

/** Runs an event expected to be illegal: it throws `err` and leaves everything as it was. */
function expectRejected(e: RoutingEngine, event: RoutingEvent, now: number, err: abstract new (...args: never[]) => Error) {
  const before = observe(e, ['Q', 'Q2', 'agent/a1', 'agent/a2']);
  let thrown: unknown;
  try {
    e.apply(event, now);
  } catch (x) {
    thrown = x;
  }
  expect(thrown).toBeInstanceOf(err);
  expect(observe(e, ['Q', 'Q2', 'agent/a1', 'agent/a2'])).toBe(before);
}

describe('setup', () => {
  it('new agents start offline with the given status, or Offline', () => {
    const e = newEngine();
    e.apply({ type: 'agent.upsert', routing: routing('a1') }, 0);
    e.apply({ type: 'agent.upsert', routing: routing('a2'), status: AVAILABLE }, 0);
    expect(agentOf(e, 'a1')).toMatchObject({ online: false, status: { statusId: '', name: 'Offline', type: 'OFFLINE' } });
    expect(agentOf(e, 'a1').display).toMatchObject({ type: 'offline', name: 'Offline' });
    expect(agentOf(e, 'a2')).toMatchObject({ online: false, status: AVAILABLE, assignments: [] });
    e.apply({ type: 'agent.presence', agentId: 'a2', online: true }, 5);
    expect(agentOf(e, 'a2').online).toBe(true);
    expect(e.agents().map((a) => a.agentId)).toEqual(expect.arrayContaining(['a1', 'a2']));
  });

  it('queue.upsert stores the queue', () => {
    const e = newEngine();
    addQueue(e, 'Q', { maxContacts: 3 });
    expect(e.queue('Q')).toMatchObject({ id: 'Q', enabled: true, maxContacts: 3 });
    expect(e.queue('nope')).toBeUndefined();
  });
});

describe('contact.create and contact.enqueue', () => {
  it('create: phase init, initialContactId defaults to contactId', () => {
    const e = newEngine();
    e.apply({ type: 'contact.create', contactId: 'c1', channel: 'CHAT' }, 7);
    expect(contactOf(e, 'c1')).toMatchObject({
      contactId: 'c1',
      initialContactId: 'c1',
      channel: 'CHAT',
      phase: 'init',
      createdAt: 7,
    });
    e.apply(
      {
        type: 'contact.create',
        contactId: 'c2',
        channel: 'TASK',
        initialContactId: 'c0',
        previousContactId: 'c1',
        relatedContactId: 'r',
      },
      8,
    );
    expect(contactOf(e, 'c2')).toMatchObject({
      initialContactId: 'c0',
      previousContactId: 'c1',
      relatedContactId: 'r',
      channel: 'TASK',
      phase: 'init',
    });
    expect(ids(e.contacts()).sort()).toEqual(['c1', 'c2']);
  });

  it('create with an existing id → InvalidStateException', () => {
    const e = newEngine();
    e.apply({ type: 'contact.create', contactId: 'c1', channel: 'CHAT' }, 0);
    expectRejected(e, { type: 'contact.create', contactId: 'c1', channel: 'TASK' }, 1, InvalidStateException);
  });

  it('enqueue: phase queued, enqueuedAt = now, event contact.queued', () => {
    const e = newEngine();
    addQueue(e, 'Q');
    const fx = addContact(e, 'c1', 'Q', 50);
    expect(contactOf(e, 'c1')).toMatchObject({ phase: 'queued', queueId: 'Q', enqueuedAt: 50 });
    expect(eventsOf(fx, 'contact.queued')).toEqual([{ type: 'contact.queued', contactId: 'c1', queueId: 'Q' }]);
    expect(ids(e.waiting('Q'))).toEqual(['c1']);
  });

  it('enqueue into an unknown queue → ResourceNotFoundException, nothing changes', () => {
    const e = newEngine();
    addQueue(e, 'Q');
    e.apply({ type: 'contact.create', contactId: 'c1', channel: 'CHAT' }, 0);
    expectRejected(e, { type: 'contact.enqueue', contactId: 'c1', queueId: 'nope' }, 1, ResourceNotFoundException);
    expect(contactOf(e, 'c1').phase).toBe('init');
  });
});

describe('queue full / closed / disabled end the contact', () => {
  it('QUEUE_FULL when the waiting count reaches maxContacts', () => {
    const e = newEngine();
    addQueue(e, 'Q', { maxContacts: 1 });
    addContact(e, 'c1', 'Q', 0);
    const fx = addContact(e, 'c2', 'Q', 1);
    expect(e.contact('c2')).toBeUndefined();
    expect(eventsOf(fx, 'contact.ended')).toEqual([expect.objectContaining({ contactId: 'c2', reason: 'QUEUE_FULL' })]);
    expect(ids(e.waiting('Q'))).toEqual(['c1']);
    expect(ids(e.contacts())).toEqual(['c1']);
  });

  it('queue full counts waiting contacts only, not offered ones', () => {
    const e = newEngine();
    addQueue(e, 'Q', { maxContacts: 1 });
    addAgent(e, routing('a1'), 0);
    addContact(e, 'c1', 'Q', 1); // offered to a1: not waiting
    expect(contactOf(e, 'c1').phase).toBe('connecting');
    addContact(e, 'c2', 'Q', 2);
    expect(contactOf(e, 'c2').phase).toBe('queued');
    const fx = addContact(e, 'c3', 'Q', 3);
    expect(e.contact('c3')).toBeUndefined();
    expect(eventsOf(fx, 'contact.ended')).toEqual([expect.objectContaining({ contactId: 'c3', reason: 'QUEUE_FULL' })]);
  });

  it('QUEUE_CLOSED when the hours are closed at now', () => {
    const e = newEngine();
    addQueue(e, 'Q', { hours: CLOSED_HOURS });
    addAgent(e, routing('a1'), 0);
    const fx = addContact(e, 'c1', 'Q', 1_000);
    expect(e.contact('c1')).toBeUndefined();
    expect(eventsOf(fx, 'contact.ended')).toEqual([expect.objectContaining({ contactId: 'c1', reason: 'QUEUE_CLOSED' })]);
    expect(eventsOf(fx, 'contact.offered')).toEqual([]);
    expect(agentOf(e, 'a1').assignments).toEqual([]);
  });

  it('QUEUE_DISABLED when the queue is disabled', () => {
    const e = newEngine();
    addQueue(e, 'Q', { enabled: false });
    addAgent(e, routing('a1'), 0);
    const fx = addContact(e, 'c1', 'Q', 1);
    expect(e.contact('c1')).toBeUndefined();
    expect(eventsOf(fx, 'contact.ended')).toEqual([expect.objectContaining({ contactId: 'c1', reason: 'QUEUE_DISABLED' })]);
    expect(e.waiting('Q')).toEqual([]);
  });
});

describe('offers', () => {
  it('a queued contact is offered to an eligible agent: connecting, offerDeadline = now + 30 s', () => {
    const e = oneAgent();
    const fx = addContact(e, 'c1', 'Q', 100);
    expect(eventTypes(fx).filter((t) => t !== 'contact.created')).toEqual(['contact.queued', 'contact.offered']);
    expect(eventsOf(fx, 'contact.offered')).toEqual([{ type: 'contact.offered', contactId: 'c1', agentId: 'a1', queueId: 'Q' }]);
    expect(contactOf(e, 'c1')).toMatchObject({ phase: 'connecting', agentId: 'a1', queueId: 'Q', enqueuedAt: 100 });
    expect(agentOf(e, 'a1').assignments).toEqual([
      expect.objectContaining({
        contactId: 'c1',
        channel: 'CHAT',
        state: 'connecting',
        connectionState: 'connecting',
        offeredAt: 100,
        offerDeadline: 30_100,
        connectionId: expect.stringMatching(/^conn-/),
      }),
    ]);
    expect(agentOf(e, 'a1').idleSince).toBe(100);
    expect(e.waiting('Q')).toEqual([]);
    expect(e.nextDeadline()).toBe(30_100);
  });

  it('the offerTimeoutMs option sets the offer deadline', () => {
    const e = oneAgent(routing('a1'), { offerTimeoutMs: 5_000 });
    addContact(e, 'c1', 'Q', 100);
    expect(assignment(e, 'a1', 'c1')?.offerDeadline).toBe(5_100);
    expect(e.nextDeadline()).toBe(5_100);
  });

  it('accept → assignment and contact connected', () => {
    const e = oneAgent();
    addContact(e, 'c1', 'Q', 100);
    const fx = e.apply({ type: 'contact.accept', agentId: 'a1', contactId: 'c1' }, 200);
    expect(eventsOf(fx, 'contact.connected')).toEqual([{ type: 'contact.connected', contactId: 'c1', agentId: 'a1' }]);
    expect(assignment(e, 'a1', 'c1')).toMatchObject({ state: 'connected', connectionState: 'connected', connectedAt: 200 });
    expect(contactOf(e, 'c1')).toMatchObject({ phase: 'connected', agentId: 'a1', connectedAt: 200 });
    expect(e.nextDeadline()).toBeUndefined();
  });

  it('autoAccept connects in the same apply: offered then connected', () => {
    const e = oneAgent(routing('a1', { autoAccept: { CHAT: true } }));
    const fx = addContact(e, 'c1', 'Q', 100);
    expect(eventTypes(fx).filter((t) => t === 'contact.offered' || t === 'contact.connected')).toEqual([
      'contact.offered',
      'contact.connected',
    ]);
    expect(assignment(e, 'a1', 'c1')).toMatchObject({ state: 'connected', connectionState: 'connected' });
    expect(contactOf(e, 'c1').phase).toBe('connected');
  });

  it('autoAccept is per channel', () => {
    const e = oneAgent(routing('a1', { autoAccept: { TASK: true }, queues: [entry('Q', 'CHAT')] }));
    addContact(e, 'c1', 'Q', 100);
    expect(assignment(e, 'a1', 'c1')?.state).toBe('connecting');
  });

  it('routing runs to a fixpoint: one event can make several offers', () => {
    const e = newEngine();
    addQueue(e, 'Q');
    addAgent(e, routing('a1', { channels: { CHAT: { concurrency: 3 } } }), 0, BREAK);
    addAgent(e, routing('a2'), 0, BREAK);
    for (const [i, c] of ['c1', 'c2', 'c3', 'c4', 'c5'].entries()) addContact(e, c, 'Q', 10 + i);
    e.apply({ type: 'agent.set_status', agentId: 'a1', status: AVAILABLE, enqueueNextState: false }, 100);
    expect(states(e, 'a1')).toEqual([
      ['c1', 'connecting'],
      ['c2', 'connecting'],
      ['c3', 'connecting'],
    ]);
    const fx = e.apply({ type: 'agent.set_status', agentId: 'a2', status: AVAILABLE, enqueueNextState: false }, 200);
    expect(eventsOf(fx, 'contact.offered').map((o) => [o.contactId, o.agentId])).toEqual([['c4', 'a2']]);
    expect(ids(e.waiting('Q'))).toEqual(['c5']);
  });

  it('a contact is offered to one agent only', () => {
    const e = newEngine();
    addQueue(e, 'Q');
    addAgent(e, routing('a1'), 0);
    addAgent(e, routing('a2'), 0);
    const fx = addContact(e, 'c1', 'Q', 100);
    expect(eventsOf(fx, 'contact.offered')).toHaveLength(1);
    const holders = e.agents().filter((a) => a.assignments.some((x) => x.contactId === 'c1'));
    expect(holders).toHaveLength(1);
  });
});

describe('choice of contact for an agent', () => {
  it('priority beats age', () => {
    const e = newEngine();
    addQueue(e, 'Q');
    addQueue(e, 'Q2');
    addAgent(e, routing('a1', { queues: [entry('Q', 'CHAT', 2), entry('Q2', 'CHAT', 1)] }), 0, BREAK);
    addContact(e, 'old', 'Q', 10);
    addContact(e, 'new', 'Q2', 20);
    e.apply({ type: 'agent.set_status', agentId: 'a1', status: AVAILABLE, enqueueNextState: false }, 30);
    expect(states(e, 'a1')).toEqual([['new', 'connecting']]);
    expect(ids(e.waiting('Q'))).toEqual(['old']);
  });

  it('oldest first within the same priority', () => {
    const e = newEngine();
    addQueue(e, 'Q');
    addQueue(e, 'Q2');
    addAgent(e, routing('a1', { queues: [entry('Q', 'CHAT', 1), entry('Q2', 'CHAT', 1)] }), 0, BREAK);
    addContact(e, 'c2', 'Q', 20);
    addContact(e, 'c1', 'Q2', 10);
    addContact(e, 'c3', 'Q2', 30);
    expect(ids(e.waiting('Q2'))).toEqual(['c1', 'c3']);
    e.apply({ type: 'agent.set_status', agentId: 'a1', status: AVAILABLE, enqueueNextState: false }, 40);
    expect(states(e, 'a1')).toEqual([['c1', 'connecting']]);
  });

  it('waiting() lists a queue oldest first, whatever the channel', () => {
    const e = newEngine();
    addQueue(e, 'Q');
    addContact(e, 'c1', 'Q', 10, 'TASK');
    addContact(e, 'c2', 'Q', 20, 'CHAT');
    addContact(e, 'c3', 'Q', 30, 'TASK');
    expect(ids(e.waiting('Q'))).toEqual(['c1', 'c2', 'c3']);
  });
});

describe('choice of agent for a contact', () => {
  it('longest idle wins', () => {
    const e = newEngine();
    addQueue(e, 'Q');
    availableAt(e, routing('a1'), 100);
    availableAt(e, routing('a2'), 50);
    availableAt(e, routing('a3'), 70);
    expect(agentOf(e, 'a2').idleSince).toBe(50);
    addContact(e, 'c1', 'Q', 200);
    expect(contactOf(e, 'c1').agentId).toBe('a2');
    addContact(e, 'c2', 'Q', 210);
    expect(contactOf(e, 'c2').agentId).toBe('a3');
    addContact(e, 'c3', 'Q', 220);
    expect(contactOf(e, 'c3').agentId).toBe('a1');
  });

  it('ties by agentId', () => {
    const e = newEngine();
    addQueue(e, 'Q');
    availableAt(e, routing('b'), 100);
    availableAt(e, routing('a'), 100);
    addContact(e, 'c1', 'Q', 200);
    expect(contactOf(e, 'c1').agentId).toBe('a');
  });

  it('an offer makes the agent the most recently idle', () => {
    const e = newEngine();
    addQueue(e, 'Q');
    availableAt(e, routing('a1', { channels: { CHAT: { concurrency: 2 } } }), 10);
    availableAt(e, routing('a2', { channels: { CHAT: { concurrency: 2 } } }), 20);
    addContact(e, 'c1', 'Q', 100);
    addContact(e, 'c2', 'Q', 110);
    addContact(e, 'c3', 'Q', 120);
    expect(['c1', 'c2', 'c3'].map((c) => contactOf(e, c).agentId)).toEqual(['a1', 'a2', 'a1']);
  });

  it('idleSince is set when the status becomes routable from something else', () => {
    const e = newEngine();
    addQueue(e, 'Q');
    addAgent(e, routing('a1'), 0, BREAK);
    e.apply({ type: 'agent.set_status', agentId: 'a1', status: AVAILABLE, enqueueNextState: false }, 500);
    expect(agentOf(e, 'a1').idleSince).toBe(500);
  });
});

describe('queue delay', () => {
  it('queue delay holds a contact back', () => {
    const e = oneAgent(routing('a1', { queues: [entry('Q', 'CHAT', 1, 10_000)] }));
    const fx = addContact(e, 'c1', 'Q', 1_000);
    expect(eventsOf(fx, 'contact.offered')).toEqual([]);
    expect(contactOf(e, 'c1').phase).toBe('queued');
    expect(e.eligible('a1', 'c1', 1_000)).toBe(false);
    expect(e.eligible('a1', 'c1', 10_999)).toBe(false);
    expect(e.eligible('a1', 'c1', 11_000)).toBe(true);
    expect(e.nextDeadline()).toBe(11_000);
    const t = e.apply({ type: 'tick' }, 11_000);
    expect(eventsOf(t, 'contact.offered')).toEqual([{ type: 'contact.offered', contactId: 'c1', agentId: 'a1', queueId: 'Q' }]);
    expect(assignment(e, 'a1', 'c1')).toMatchObject({ state: 'connecting', offerDeadline: 41_000 });
  });

  it('the delay is per profile entry: an agent without delay takes the contact at once', () => {
    const e = newEngine();
    addQueue(e, 'Q');
    availableAt(e, routing('a1', { queues: [entry('Q', 'CHAT', 1, 5_000)] }), 10); // longer idle, but delayed
    availableAt(e, routing('a2', { queues: [entry('Q', 'CHAT', 1, 0)] }), 20);
    addContact(e, 'c1', 'Q', 100);
    expect(contactOf(e, 'c1').agentId).toBe('a2');
  });

  it('a contact that has already waited the delay is offered at once', () => {
    const e = newEngine();
    addQueue(e, 'Q');
    addAgent(e, routing('a1', { queues: [entry('Q', 'CHAT', 1, 5_000)] }), 0, BREAK);
    addContact(e, 'c1', 'Q', 100);
    e.apply({ type: 'agent.set_status', agentId: 'a1', status: AVAILABLE, enqueueNextState: false }, 10_000);
    expect(contactOf(e, 'c1')).toMatchObject({ phase: 'connecting', agentId: 'a1' });
  });
});

describe('concurrency and cross-channel', () => {
  it('concurrency blocks a second chat (ACW still counts; clearing frees the slot)', () => {
    const e = oneAgent();
    addContact(e, 'c1', 'Q', 100);
    addContact(e, 'c2', 'Q', 110);
    expect(contactOf(e, 'c2').phase).toBe('queued');
    expect(e.eligible('a1', 'c2', 110)).toBe(false);
    e.apply({ type: 'contact.accept', agentId: 'a1', contactId: 'c1' }, 120);
    expect(contactOf(e, 'c2').phase).toBe('queued');
    e.apply({ type: 'contact.agent_end', agentId: 'a1', contactId: 'c1' }, 130);
    expect(contactOf(e, 'c2').phase).toBe('queued');
    const fx = e.apply({ type: 'contact.clear', agentId: 'a1', contactId: 'c1' }, 140);
    expect(eventsOf(fx, 'contact.offered')).toEqual([expect.objectContaining({ contactId: 'c2', agentId: 'a1' })]);
    expect(agentOf(e, 'a1').idleSince).toBe(140);
  });

  it('concurrency 2 takes two chats at once', () => {
    const e = oneAgent(routing('a1', { channels: { CHAT: { concurrency: 2 } } }));
    addContact(e, 'c1', 'Q', 100);
    addContact(e, 'c2', 'Q', 110);
    addContact(e, 'c3', 'Q', 120);
    expect(states(e, 'a1')).toEqual([
      ['c1', 'connecting'],
      ['c2', 'connecting'],
    ]);
    expect(ids(e.waiting('Q'))).toEqual(['c3']);
  });

  it('concurrency 0: the channel is not handled even with a queue entry', () => {
    const e = oneAgent(routing('a1', { channels: { TASK: { concurrency: 0 } }, queues: [entry('Q', 'TASK')] }));
    addContact(e, 't1', 'Q', 100, 'TASK');
    expect(contactOf(e, 't1').phase).toBe('queued');
    expect(e.eligible('a1', 't1', 100)).toBe(false);
  });

  it('a contact whose channel has no entry in the profile is not offered', () => {
    const e = oneAgent(routing('a1', { queues: [entry('Q', 'CHAT')] }));
    addContact(e, 't1', 'Q', 100, 'TASK');
    expect(contactOf(e, 't1').phase).toBe('queued');
    expect(e.eligible('a1', 't1', 100)).toBe(false);
  });

  it('ROUTE_CURRENT_CHANNEL_ONLY blocks a task while on a chat', () => {
    const e = oneAgent(
      routing('a1', {
        channels: { CHAT: { concurrency: 2, crossChannel: 'ROUTE_CURRENT_CHANNEL_ONLY' }, TASK: { concurrency: 1 } },
        queues: [entry('Q', 'CHAT'), entry('Q', 'TASK')],
      }),
    );
    connected(e, 100, 'a1', 'c1');
    addContact(e, 't1', 'Q', 200, 'TASK');
    expect(contactOf(e, 't1').phase).toBe('queued');
    expect(e.eligible('a1', 't1', 200)).toBe(false);
    // the chat channel itself still has room
    addContact(e, 'c2', 'Q', 210);
    expect(contactOf(e, 'c2')).toMatchObject({ phase: 'connecting', agentId: 'a1' });
    e.apply({ type: 'contact.clear', agentId: 'a1', contactId: 'c1' }, 300);
    expect(contactOf(e, 't1').phase).toBe('queued'); // c2, a chat, is still offered
    e.apply({ type: 'contact.end', contactId: 'c2', reason: 'CUSTOMER_DISCONNECT' }, 310);
    expect(contactOf(e, 't1')).toMatchObject({ phase: 'connecting', agentId: 'a1' });
    // the other way round: TASK is ROUTE_ANY_CHANNEL, so a chat may join the task
    addContact(e, 'c3', 'Q', 320);
    expect(contactOf(e, 'c3')).toMatchObject({ phase: 'connecting', agentId: 'a1' });
  });

  it('ROUTE_ANY_CHANNEL on the busy channel lets another channel in', () => {
    const e = oneAgent(
      routing('a1', {
        channels: { CHAT: { concurrency: 1, crossChannel: 'ROUTE_ANY_CHANNEL' }, TASK: { concurrency: 1 } },
        queues: [entry('Q', 'CHAT'), entry('Q', 'TASK')],
      }),
    );
    connected(e, 100, 'a1', 'c1');
    addContact(e, 't1', 'Q', 200, 'TASK');
    expect(contactOf(e, 't1')).toMatchObject({ phase: 'connecting', agentId: 'a1' });
  });

  it('ROUTE_CURRENT_CHANNEL_ONLY on a task blocks a chat, also during ACW', () => {
    const e = oneAgent(
      routing('a1', {
        channels: { CHAT: { concurrency: 1 }, TASK: { concurrency: 1, crossChannel: 'ROUTE_CURRENT_CHANNEL_ONLY' } },
        queues: [entry('Q', 'CHAT'), entry('Q', 'TASK')],
      }),
    );
    addContact(e, 't1', 'Q', 100, 'TASK');
    e.apply({ type: 'contact.accept', agentId: 'a1', contactId: 't1' }, 110);
    e.apply({ type: 'contact.agent_end', agentId: 'a1', contactId: 't1' }, 120);
    addContact(e, 'c1', 'Q', 200);
    expect(contactOf(e, 'c1').phase).toBe('queued');
    e.apply({ type: 'contact.clear', agentId: 'a1', contactId: 't1' }, 300);
    expect(contactOf(e, 'c1')).toMatchObject({ phase: 'connecting', agentId: 'a1' });
  });
});

describe('reject', () => {
  it('reject re-queues: another idle agent gets it first', () => {
    const e = newEngine();
    addQueue(e, 'Q');
    availableAt(e, routing('a1'), 10);
    availableAt(e, routing('a2'), 20);
    addContact(e, 'c1', 'Q', 100);
    expect(contactOf(e, 'c1').agentId).toBe('a1');
    const fx = e.apply({ type: 'contact.reject', agentId: 'a1', contactId: 'c1' }, 150);
    expect(eventTypes(fx).filter((t) => t === 'contact.rejected' || t === 'contact.offered')).toEqual([
      'contact.rejected',
      'contact.offered',
    ]);
    expect(eventsOf(fx, 'contact.rejected')).toEqual([
      { type: 'contact.rejected', contactId: 'c1', agentId: 'a1', connectionId: expect.any(String) },
    ]);
    expect(agentOf(e, 'a1').assignments).toEqual([]);
    expect(agentOf(e, 'a1').idleSince).toBe(150);
    expect(contactOf(e, 'c1')).toMatchObject({ phase: 'connecting', agentId: 'a2', enqueuedAt: 100 });
  });

  it('reject re-queues at the head, with its original enqueuedAt', () => {
    const e = newEngine();
    addQueue(e, 'Q');
    availableAt(e, routing('a1'), 10);
    addAgent(e, routing('a2'), 0, BREAK);
    addContact(e, 'c1', 'Q', 100);
    addContact(e, 'c2', 'Q', 110);
    e.apply({ type: 'agent.set_status', agentId: 'a1', status: BREAK, enqueueNextState: false }, 120);
    e.apply({ type: 'contact.reject', agentId: 'a1', contactId: 'c1' }, 130);
    expect(contactOf(e, 'c1')).toMatchObject({ phase: 'queued', enqueuedAt: 100 });
    expect(ids(e.waiting('Q'))).toEqual(['c1', 'c2']);
    e.apply({ type: 'agent.set_status', agentId: 'a2', status: AVAILABLE, enqueueNextState: false }, 140);
    expect(contactOf(e, 'c1').agentId).toBe('a2');
  });

  it('the only eligible agent is offered the rejected contact again', () => {
    const e = oneAgent();
    addContact(e, 'c1', 'Q', 100);
    const fx = e.apply({ type: 'contact.reject', agentId: 'a1', contactId: 'c1' }, 5_000);
    expect(eventTypes(fx).filter((t) => t === 'contact.rejected' || t === 'contact.offered')).toEqual([
      'contact.rejected',
      'contact.offered',
    ]);
    expect(agentOf(e, 'a1').assignments).toEqual([
      expect.objectContaining({ contactId: 'c1', state: 'connecting', offeredAt: 5_000, offerDeadline: 35_000 }),
    ]);
    expect(contactOf(e, 'c1')).toMatchObject({ phase: 'connecting', agentId: 'a1', enqueuedAt: 100 });
  });

  it('agent_end on a connecting offer behaves like reject', () => {
    const e = newEngine();
    addQueue(e, 'Q');
    availableAt(e, routing('a1'), 10);
    availableAt(e, routing('a2'), 20);
    addContact(e, 'c1', 'Q', 100);
    const fx = e.apply({ type: 'contact.agent_end', agentId: 'a1', contactId: 'c1' }, 150);
    expect(eventsOf(fx, 'contact.ended')).toEqual([]);
    expect(agentOf(e, 'a1').assignments).toEqual([]);
    expect(contactOf(e, 'c1')).toMatchObject({ phase: 'connecting', agentId: 'a2', enqueuedAt: 100 });
  });
});

describe('offer timeout', () => {
  it('missed offer → MissedCallAgent and re-queue at head, offered to the next eligible agent', () => {
    const e = newEngine();
    addQueue(e, 'Q');
    availableAt(e, routing('a1'), 10);
    availableAt(e, routing('a2'), 20);
    addContact(e, 'c1', 'Q', 100);
    expect(contactOf(e, 'c1').agentId).toBe('a1');
    expect(e.nextDeadline()).toBe(30_100);
    const fx = e.apply({ type: 'tick' }, 30_100);
    expect(eventsOf(fx, 'contact.missed')).toEqual([
      { type: 'contact.missed', contactId: 'c1', agentId: 'a1', connectionId: expect.any(String) },
    ]);
    expect(eventsOf(fx, 'agent.error')).toEqual([{ type: 'agent.error', agentId: 'a1', name: 'MissedCallAgent' }]);
    expect(eventsOf(fx, 'contact.offered')).toEqual([{ type: 'contact.offered', contactId: 'c1', agentId: 'a2', queueId: 'Q' }]);
    const a1 = agentOf(e, 'a1');
    expect(a1.assignments).toEqual([
      expect.objectContaining({ contactId: 'c1', state: 'missed', connectionState: 'disconnected' }),
    ]);
    expect(a1.error).toMatchObject({ name: 'MissedCallAgent' });
    expect(a1.display).toMatchObject({ type: 'error', name: 'MissedCallAgent' });
    expect(a1.status).toEqual(AVAILABLE);
    expect(contactOf(e, 'c1')).toMatchObject({ phase: 'connecting', agentId: 'a2', enqueuedAt: 100 });
  });

  it('a missed contact waits at the head; the erring agent is not eligible until it picks a status', () => {
    const e = oneAgent();
    addContact(e, 'c1', 'Q', 100);
    addContact(e, 'c2', 'Q', 200);
    e.apply({ type: 'tick' }, 30_100);
    expect(contactOf(e, 'c1')).toMatchObject({ phase: 'queued', enqueuedAt: 100 });
    expect(ids(e.waiting('Q'))).toEqual(['c1', 'c2']);
    expect(e.eligible('a1', 'c1', 30_100)).toBe(false);
    // a missed assignment does not count toward concurrency, but the error blocks routing
    e.apply({ type: 'contact.clear', agentId: 'a1', contactId: 'c1' }, 31_000);
    expect(agentOf(e, 'a1').assignments).toEqual([]);
    expect(agentOf(e, 'a1').error).toBeDefined();
    expect(contactOf(e, 'c1').phase).toBe('queued');
    const fx = e.apply({ type: 'agent.set_status', agentId: 'a1', status: AVAILABLE, enqueueNextState: false }, 32_000);
    expect(agentOf(e, 'a1').error).toBeUndefined();
    expect(eventsOf(fx, 'contact.offered')).toEqual([expect.objectContaining({ contactId: 'c1', agentId: 'a1' })]);
  });

  it('a missed assignment does not count toward concurrency', () => {
    const e = newEngine();
    addQueue(e, 'Q');
    addAgent(e, routing('a1'), 0);
    addContact(e, 'c1', 'Q', 100);
    e.apply({ type: 'tick' }, 30_100); // a1 misses c1, which waits again
    addAgent(e, routing('a2'), 30_200); // a2 takes c1
    expect(contactOf(e, 'c1').agentId).toBe('a2');
    addContact(e, 'c2', 'Q', 30_300);
    e.apply({ type: 'agent.set_status', agentId: 'a1', status: AVAILABLE, enqueueNextState: false }, 30_400);
    expect(states(e, 'a1')).toEqual([
      ['c1', 'missed'],
      ['c2', 'connecting'],
    ]);
  });

  it('a tick before the deadline changes nothing', () => {
    const e = oneAgent();
    addContact(e, 'c1', 'Q', 100);
    const before = observe(e, ['Q']);
    e.apply({ type: 'tick' }, 30_099);
    expect(observe(e, ['Q'])).toBe(before);
  });
});

describe('ending contacts', () => {
  it('agent_end on connected → ACW: assignment ended, contact ended with AGENT_DISCONNECT', () => {
    const e = oneAgent();
    connected(e);
    const fx = e.apply({ type: 'contact.agent_end', agentId: 'a1', contactId: 'c1' }, 500);
    expect(eventsOf(fx, 'contact.ended')).toEqual([expect.objectContaining({ contactId: 'c1', reason: 'AGENT_DISCONNECT' })]);
    expect(eventsOf(fx, 'contact.acw_started')).toEqual([{ type: 'contact.acw_started', contactId: 'c1', agentId: 'a1' }]);
    expect(assignment(e, 'a1', 'c1')).toMatchObject({ state: 'ended', connectionState: 'disconnected' });
    expect(assignment(e, 'a1', 'c1')?.acwDeadline).toBeUndefined();
    expect(contactOf(e, 'c1')).toMatchObject({ phase: 'ended', endReason: 'AGENT_DISCONNECT', endedAt: 500 });
    expect(agentOf(e, 'a1').display).toMatchObject({ type: 'system', name: 'AfterContactWork' });
  });

  it('agent_end on paused → ACW', () => {
    const e = oneAgent();
    connected(e);
    e.apply({ type: 'contact.pause', agentId: 'a1', contactId: 'c1' }, 300);
    e.apply({ type: 'contact.agent_end', agentId: 'a1', contactId: 'c1' }, 500);
    expect(assignment(e, 'a1', 'c1')?.state).toBe('ended');
    expect(contactOf(e, 'c1').phase).toBe('ended');
  });

  it('contact.end on a queued contact destroys it and removes it from the queue', () => {
    const e = newEngine();
    addQueue(e, 'Q');
    addContact(e, 'c1', 'Q', 100);
    addContact(e, 'c2', 'Q', 110);
    const fx = e.apply({ type: 'contact.end', contactId: 'c1', reason: 'CUSTOMER_DISCONNECT' }, 200);
    expect(e.contact('c1')).toBeUndefined();
    expect(ids(e.waiting('Q'))).toEqual(['c2']);
    expect(eventsOf(fx, 'contact.destroyed')).toEqual([{ type: 'contact.destroyed', contactId: 'c1' }]);
    expect(ids(e.contacts())).toEqual(['c2']);
  });

  it('contact.end on an init contact destroys it', () => {
    const e = newEngine();
    e.apply({ type: 'contact.create', contactId: 'c1', channel: 'CHAT' }, 0);
    e.apply({ type: 'contact.end', contactId: 'c1', reason: 'CONTACT_FLOW_DISCONNECT' }, 10);
    expect(e.contact('c1')).toBeUndefined();
  });

  it('contact.end on a connecting contact withdraws the offer and destroys it', () => {
    const e = oneAgent();
    addContact(e, 'c1', 'Q', 100);
    e.apply({ type: 'contact.end', contactId: 'c1', reason: 'CUSTOMER_DISCONNECT' }, 200);
    expect(e.contact('c1')).toBeUndefined();
    expect(agentOf(e, 'a1').assignments).toEqual([]);
    expect(e.nextDeadline()).toBeUndefined();
    // the slot is free again
    addContact(e, 'c2', 'Q', 300);
    expect(contactOf(e, 'c2').agentId).toBe('a1');
  });

  it('contact.end on a connected contact → ACW with the given reason', () => {
    const e = oneAgent();
    connected(e);
    const fx = e.apply({ type: 'contact.end', contactId: 'c1', reason: 'CUSTOMER_DISCONNECT' }, 500);
    expect(eventsOf(fx, 'contact.ended')).toEqual([expect.objectContaining({ contactId: 'c1', reason: 'CUSTOMER_DISCONNECT' })]);
    expect(eventsOf(fx, 'contact.acw_started')).toHaveLength(1);
    expect(contactOf(e, 'c1')).toMatchObject({ phase: 'ended', endReason: 'CUSTOMER_DISCONNECT' });
    expect(assignment(e, 'a1', 'c1')).toMatchObject({ state: 'ended', connectionState: 'disconnected' });
  });

  it('contact.end on an ended or destroyed contact is a no-op', () => {
    const e = oneAgent();
    connected(e);
    e.apply({ type: 'contact.agent_end', agentId: 'a1', contactId: 'c1' }, 500);
    let before = observe(e, ['Q']);
    expect(() => e.apply({ type: 'contact.end', contactId: 'c1', reason: 'CUSTOMER_DISCONNECT' }, 600)).not.toThrow();
    expect(observe(e, ['Q'])).toBe(before);
    expect(contactOf(e, 'c1').endReason).toBe('AGENT_DISCONNECT');
    e.apply({ type: 'contact.clear', agentId: 'a1', contactId: 'c1' }, 700);
    before = observe(e, ['Q']);
    expect(() => e.apply({ type: 'contact.end', contactId: 'c1', reason: 'API' }, 800)).not.toThrow();
    expect(observe(e, ['Q'])).toBe(before);
  });
});

describe('ACW', () => {
  it('ACW timeout clears', () => {
    const e = oneAgent(routing('a1', { acwTimeoutMs: { CHAT: 5_000 } }));
    connected(e);
    e.apply({ type: 'contact.agent_end', agentId: 'a1', contactId: 'c1' }, 1_000);
    expect(assignment(e, 'a1', 'c1')).toMatchObject({ state: 'ended', acwDeadline: 6_000 });
    expect(e.nextDeadline()).toBe(6_000);
    const fx = e.apply({ type: 'tick' }, 6_000);
    expect(agentOf(e, 'a1').assignments).toEqual([]);
    expect(e.contact('c1')).toBeUndefined();
    expect(eventsOf(fx, 'contact.cleared')).toEqual([{ type: 'contact.cleared', contactId: 'c1', agentId: 'a1' }]);
    expect(eventsOf(fx, 'contact.destroyed')).toEqual([{ type: 'contact.destroyed', contactId: 'c1' }]);
    expect(agentOf(e, 'a1').display).toMatchObject({ type: 'routable', name: 'Available' });
    expect(e.nextDeadline()).toBeUndefined();
  });

  it('ACW 0 lasts until contact.clear', () => {
    const e = oneAgent();
    connected(e);
    e.apply({ type: 'contact.agent_end', agentId: 'a1', contactId: 'c1' }, 1_000);
    expect(e.nextDeadline()).toBeUndefined();
    e.apply({ type: 'tick' }, 10_000_000);
    expect(assignment(e, 'a1', 'c1')?.state).toBe('ended');
  });

  it('the ACW timeout is per channel', () => {
    const e = oneAgent(routing('a1', { acwTimeoutMs: { TASK: 5_000 } }));
    connected(e);
    e.apply({ type: 'contact.agent_end', agentId: 'a1', contactId: 'c1' }, 1_000);
    expect(assignment(e, 'a1', 'c1')?.acwDeadline).toBeUndefined();
  });
});

describe('contact.clear', () => {
  it('clear on ended removes the assignment and destroys the contact', () => {
    const e = oneAgent();
    connected(e);
    e.apply({ type: 'contact.agent_end', agentId: 'a1', contactId: 'c1' }, 500);
    const fx = e.apply({ type: 'contact.clear', agentId: 'a1', contactId: 'c1' }, 900);
    expect(eventTypes(fx)).toEqual(expect.arrayContaining(['contact.cleared', 'contact.destroyed']));
    expect(agentOf(e, 'a1').assignments).toEqual([]);
    expect(agentOf(e, 'a1').idleSince).toBe(900);
    expect(e.contact('c1')).toBeUndefined();
    expect(e.contacts()).toEqual([]);
  });

  it('clear on connected ends and clears at once', () => {
    const e = oneAgent();
    connected(e);
    const fx = e.apply({ type: 'contact.clear', agentId: 'a1', contactId: 'c1' }, 900);
    expect(eventTypes(fx)).toEqual(expect.arrayContaining(['contact.ended', 'contact.cleared', 'contact.destroyed']));
    expect(agentOf(e, 'a1').assignments).toEqual([]);
    expect(e.contact('c1')).toBeUndefined();
  });

  it('clear on paused ends and clears at once', () => {
    const e = oneAgent();
    connected(e);
    e.apply({ type: 'contact.pause', agentId: 'a1', contactId: 'c1' }, 300);
    e.apply({ type: 'contact.clear', agentId: 'a1', contactId: 'c1' }, 900);
    expect(agentOf(e, 'a1').assignments).toEqual([]);
    expect(e.contact('c1')).toBeUndefined();
  });

  it('clear on connecting → InvalidStateException', () => {
    const e = oneAgent();
    addContact(e, 'c1', 'Q', 100);
    expectRejected(e, { type: 'contact.clear', agentId: 'a1', contactId: 'c1' }, 200, InvalidStateException);
  });

  it('clear on missed removes the assignment only; the contact lives on', () => {
    const e = oneAgent();
    addContact(e, 'c1', 'Q', 100);
    e.apply({ type: 'tick' }, 30_100);
    const fx = e.apply({ type: 'contact.clear', agentId: 'a1', contactId: 'c1' }, 30_200);
    expect(eventsOf(fx, 'contact.destroyed')).toEqual([]);
    expect(agentOf(e, 'a1').assignments).toEqual([]);
    expect(contactOf(e, 'c1').phase).toBe('queued');
  });
});

describe('pause / resume', () => {
  it('connected ↔ paused; paused still counts toward concurrency', () => {
    const e = oneAgent();
    connected(e);
    const p = e.apply({ type: 'contact.pause', agentId: 'a1', contactId: 'c1' }, 300);
    expect(eventsOf(p, 'contact.paused')).toEqual([{ type: 'contact.paused', contactId: 'c1', agentId: 'a1' }]);
    expect(assignment(e, 'a1', 'c1')?.state).toBe('paused');
    expect(contactOf(e, 'c1').phase).toBe('paused');
    expect(agentOf(e, 'a1').display).toMatchObject({ type: 'system', name: 'Busy' });
    addContact(e, 'c2', 'Q', 400);
    expect(contactOf(e, 'c2').phase).toBe('queued');
    const r = e.apply({ type: 'contact.resume', agentId: 'a1', contactId: 'c1' }, 500);
    expect(eventsOf(r, 'contact.resumed')).toEqual([{ type: 'contact.resumed', contactId: 'c1', agentId: 'a1' }]);
    expect(assignment(e, 'a1', 'c1')?.state).toBe('connected');
    expect(contactOf(e, 'c1').phase).toBe('connected');
  });

  it('pause on a connecting offer and resume on a connected contact are refused', () => {
    const e = oneAgent(routing('a1', { channels: { CHAT: { concurrency: 2 } } }));
    connected(e);
    addContact(e, 'c2', 'Q', 200);
    expectRejected(e, { type: 'contact.pause', agentId: 'a1', contactId: 'c2' }, 300, ServiceError);
    expectRejected(e, { type: 'contact.resume', agentId: 'a1', contactId: 'c1' }, 300, ServiceError);
  });
});

describe('display state', () => {
  it('system states while working, the chosen status otherwise', () => {
    const e = oneAgent(routing('a1', { channels: { CHAT: { concurrency: 2 } } }));
    const show = () => {
      const a = agentOf(e, 'a1');
      const d = displayState(a);
      expect({ type: d.type, name: d.name }).toEqual({ type: a.display.type, name: a.display.name });
      return a.display;
    };
    expect(show()).toMatchObject({ type: 'routable', name: 'Available', statusId: 'available' });
    addContact(e, 'c1', 'Q', 100);
    expect(show()).toMatchObject({ type: 'system', name: 'PendingBusy', since: 100 });
    e.apply({ type: 'contact.accept', agentId: 'a1', contactId: 'c1' }, 200);
    expect(show()).toMatchObject({ type: 'system', name: 'Busy', since: 200 });
    addContact(e, 'c2', 'Q', 300); // connecting + connected: still Busy, since unchanged
    expect(show()).toMatchObject({ type: 'system', name: 'Busy', since: 200 });
    e.apply({ type: 'contact.agent_end', agentId: 'a1', contactId: 'c1' }, 400);
    expect(show()).toMatchObject({ type: 'system', name: 'PendingBusy', since: 400 });
    e.apply({ type: 'contact.end', contactId: 'c2', reason: 'CUSTOMER_DISCONNECT' }, 600);
    expect(show()).toMatchObject({ type: 'system', name: 'AfterContactWork', since: 600 });
    e.apply({ type: 'contact.clear', agentId: 'a1', contactId: 'c1' }, 700);
    expect(show()).toMatchObject({ type: 'routable', name: 'Available', statusId: 'available', since: 700 });
    e.apply({ type: 'agent.set_status', agentId: 'a1', status: BREAK, enqueueNextState: false }, 800);
    expect(show()).toMatchObject({ type: 'not_routable', name: 'Break', statusId: 'break', since: 800 });
    e.apply({ type: 'agent.set_status', agentId: 'a1', status: OFFLINE, enqueueNextState: false }, 900);
    expect(show()).toMatchObject({ type: 'offline', name: 'Offline', since: 900 });
  });

  it('display.since is kept when a rejected offer is offered again in the same apply', () => {
    const e = oneAgent();
    addContact(e, 'c1', 'Q', 100);
    expect(agentOf(e, 'a1').display).toMatchObject({ name: 'PendingBusy', since: 100 });
    e.apply({ type: 'contact.reject', agentId: 'a1', contactId: 'c1' }, 500); // the only agent: offered again at once
    expect(assignment(e, 'a1', 'c1')?.offeredAt).toBe(500);
    expect(agentOf(e, 'a1').display).toMatchObject({ name: 'PendingBusy', since: 100 });
  });

  it('error wins over everything', () => {
    const e = oneAgent(routing('a1', { channels: { CHAT: { concurrency: 2 } } }));
    connected(e);
    addContact(e, 'c2', 'Q', 200);
    e.apply({ type: 'tick' }, 30_200); // c2 missed while c1 is connected
    expect(agentOf(e, 'a1').display).toMatchObject({ type: 'error', name: 'MissedCallAgent', since: 30_200 });
    expect(displayState(agentOf(e, 'a1'))).toMatchObject({ type: 'error', name: 'MissedCallAgent' });
  });
});

describe('status and next status', () => {
  it('offline agents get nothing', () => {
    const e = newEngine();
    addQueue(e, 'Q');
    addAgent(e, routing('away'), 0, AVAILABLE, false); // routable status, no presence
    addAgent(e, routing('off'), 0, OFFLINE);
    addAgent(e, routing('brk'), 0, BREAK);
    addContact(e, 'c1', 'Q', 100);
    expect(contactOf(e, 'c1').phase).toBe('queued');
    for (const a of ['away', 'off', 'brk']) expect(e.eligible(a, 'c1', 100)).toBe(false);
    e.apply({ type: 'agent.presence', agentId: 'away', online: true }, 200);
    expect(contactOf(e, 'c1')).toMatchObject({ phase: 'connecting', agentId: 'away' });
  });

  it('going offline stops routing', () => {
    const e = oneAgent();
    e.apply({ type: 'agent.presence', agentId: 'a1', online: false }, 50);
    addContact(e, 'c1', 'Q', 100);
    expect(contactOf(e, 'c1').phase).toBe('queued');
  });

  it('next status applied when the last contact is cleared', () => {
    const e = oneAgent(routing('a1', { channels: { CHAT: { concurrency: 2 } } }));
    connected(e, 100, 'a1', 'c1');
    connected(e, 200, 'a1', 'c2');
    const fx = e.apply({ type: 'agent.set_status', agentId: 'a1', status: BREAK, enqueueNextState: true }, 300);
    expect(eventsOf(fx, 'agent.next_status')).toEqual([{ type: 'agent.next_status', agentId: 'a1', status: BREAK }]);
    expect(agentOf(e, 'a1')).toMatchObject({ status: AVAILABLE, nextStatus: BREAK });
    e.apply({ type: 'contact.agent_end', agentId: 'a1', contactId: 'c1' }, 400);
    e.apply({ type: 'contact.clear', agentId: 'a1', contactId: 'c1' }, 500);
    expect(agentOf(e, 'a1')).toMatchObject({ status: AVAILABLE, nextStatus: BREAK });
    e.apply({ type: 'contact.agent_end', agentId: 'a1', contactId: 'c2' }, 600);
    expect(agentOf(e, 'a1').status).toEqual(AVAILABLE);
    e.apply({ type: 'contact.clear', agentId: 'a1', contactId: 'c2' }, 700);
    const a1 = agentOf(e, 'a1');
    expect(a1.status).toEqual(BREAK);
    expect(a1.nextStatus).toBeUndefined();
    expect(a1.display).toMatchObject({ type: 'not_routable', name: 'Break', since: 700 });
    addContact(e, 'c3', 'Q', 800);
    expect(contactOf(e, 'c3').phase).toBe('queued');
  });

  it('a queued non-routable next status stops new offers while the agent finishes', () => {
    const e = oneAgent(routing('a1', { channels: { CHAT: { concurrency: 2 } } }));
    connected(e, 100, 'a1', 'c1');
    e.apply({ type: 'agent.set_status', agentId: 'a1', status: BREAK, enqueueNextState: true }, 200);
    addContact(e, 'c2', 'Q', 300);
    expect(contactOf(e, 'c2').phase).toBe('queued');
    expect(e.eligible('a1', 'c2', 300)).toBe(false);
  });

  it('a routable next status queued over a non-routable one lets offers through again', () => {
    // Found by the property test (seed -1924834946): the contact that waited while Break was
    // queued stayed waiting after the agent queued Available instead.
    const e = oneAgent(routing('a1', { channels: { CHAT: { concurrency: 2 } } }));
    connected(e, 100, 'a1', 'c1');
    e.apply({ type: 'agent.set_status', agentId: 'a1', status: BREAK, enqueueNextState: true }, 200);
    addContact(e, 'c2', 'Q', 300);
    expect(contactOf(e, 'c2').phase).toBe('queued');
    const fx = e.apply({ type: 'agent.set_status', agentId: 'a1', status: AVAILABLE, enqueueNextState: true }, 400);
    expect(agentOf(e, 'a1').nextStatus).toEqual(AVAILABLE);
    expect(contactOf(e, 'c2')).toMatchObject({ phase: 'connecting', agentId: 'a1' });
    expect(eventsOf(fx, 'contact.offered')).toHaveLength(1);
  });

  it('next status applies when an ACW timeout clears the last contact', () => {
    const e = oneAgent(routing('a1', { acwTimeoutMs: { CHAT: 1_000 } }));
    connected(e);
    e.apply({ type: 'agent.set_status', agentId: 'a1', status: BREAK, enqueueNextState: true }, 300);
    e.apply({ type: 'contact.agent_end', agentId: 'a1', contactId: 'c1' }, 400);
    e.apply({ type: 'tick' }, 1_400);
    expect(agentOf(e, 'a1')).toMatchObject({ status: BREAK });
    expect(agentOf(e, 'a1').nextStatus).toBeUndefined();
  });

  it('set_status without enqueueNextState changes at once and clears nextStatus', () => {
    const e = oneAgent();
    connected(e);
    e.apply({ type: 'agent.set_status', agentId: 'a1', status: BREAK, enqueueNextState: true }, 300);
    e.apply({ type: 'agent.set_status', agentId: 'a1', status: OFFLINE, enqueueNextState: false }, 400);
    expect(agentOf(e, 'a1').status).toEqual(OFFLINE);
    expect(agentOf(e, 'a1').nextStatus).toBeUndefined();
    expect(assignment(e, 'a1', 'c1')?.state).toBe('connected');
  });

  it('enqueueNextState with no open assignments changes at once (a missed one is not open)', () => {
    const e = oneAgent();
    addContact(e, 'c1', 'Q', 100);
    e.apply({ type: 'tick' }, 30_100);
    expect(agentOf(e, 'a1').error).toBeDefined();
    e.apply({ type: 'agent.set_status', agentId: 'a1', status: BREAK, enqueueNextState: true }, 31_000);
    const a1 = agentOf(e, 'a1');
    expect(a1.status).toEqual(BREAK);
    expect(a1.nextStatus).toBeUndefined();
    expect(a1.error).toBeUndefined();
    expect(a1.display).toMatchObject({ type: 'not_routable', name: 'Break' });
  });
});

describe('transfer', () => {
  it('transfer to queue: the old contact ends (TRANSFERRED, ACW), a new one waits in the target queue', () => {
    const e = newEngine();
    addQueue(e, 'Q');
    addQueue(e, 'Q2');
    addAgent(e, routing('a1'), 0);
    connected(e);
    const fx = e.apply({ type: 'contact.transfer', agentId: 'a1', contactId: 'c1', newContactId: 'c1b', queueId: 'Q2' }, 500);
    expect(contactOf(e, 'c1')).toMatchObject({ phase: 'ended', endReason: 'TRANSFERRED' });
    expect(assignment(e, 'a1', 'c1')).toMatchObject({ state: 'ended', connectionState: 'disconnected' });
    expect(contactOf(e, 'c1b')).toMatchObject({
      contactId: 'c1b',
      initialContactId: 'c1',
      previousContactId: 'c1',
      channel: 'CHAT',
      phase: 'queued',
      queueId: 'Q2',
      enqueuedAt: 500,
    });
    expect(ids(e.waiting('Q2'))).toEqual(['c1b']);
    const order = eventTypes(fx).filter((t) => ['contact.transferred', 'contact.created', 'contact.queued'].includes(t));
    expect(order).toEqual(['contact.transferred', 'contact.created', 'contact.queued']);
    expect(eventsOf(fx, 'contact.transferred')).toEqual([
      { type: 'contact.transferred', contactId: 'c1', newContactId: 'c1b', agentId: 'a1', queueId: 'Q2' },
    ]);
  });

  it('transfer keeps the initial contact id along a chain', () => {
    const e = newEngine();
    addQueue(e, 'Q');
    addAgent(e, routing('a1', { channels: { CHAT: { concurrency: 3 } } }), 0);
    connected(e);
    e.apply({ type: 'contact.transfer', agentId: 'a1', contactId: 'c1', newContactId: 'c2', queueId: 'Q' }, 500);
    e.apply({ type: 'contact.accept', agentId: 'a1', contactId: 'c2' }, 600);
    e.apply({ type: 'contact.transfer', agentId: 'a1', contactId: 'c2', newContactId: 'c3', queueId: 'Q' }, 700);
    expect(contactOf(e, 'c3')).toMatchObject({ initialContactId: 'c1', previousContactId: 'c2' });
  });

  it('transfer to queue: offered at once when an agent is free', () => {
    const e = newEngine();
    addQueue(e, 'Q');
    addQueue(e, 'Q2');
    addAgent(e, routing('a1'), 0);
    addAgent(e, routing('a2', { queues: [entry('Q2')] }), 0);
    connected(e);
    const fx = e.apply({ type: 'contact.transfer', agentId: 'a1', contactId: 'c1', newContactId: 'c1b', queueId: 'Q2' }, 500);
    const order = eventTypes(fx).filter((t) =>
      ['contact.transferred', 'contact.created', 'contact.queued', 'contact.offered'].includes(t),
    );
    expect(order).toEqual(['contact.transferred', 'contact.created', 'contact.queued', 'contact.offered']);
    expect(contactOf(e, 'c1b')).toMatchObject({ phase: 'connecting', agentId: 'a2' });
  });

  it('transfer to agent: only that agent gets it, without a profile entry for the personal queue', () => {
    const e = newEngine();
    addQueue(e, 'Q');
    availableAt(e, routing('a3'), 1); // longest idle, has Q, but the contact is for a2
    availableAt(e, routing('a1', { channels: { CHAT: { concurrency: 2 } } }), 2);
    availableAt(e, routing('a2', { queues: [] }), 3);
    addContact(e, 'x', 'Q', 10); // → a3
    connected(e, 100, 'a1', 'c1');
    e.apply({ type: 'contact.transfer', agentId: 'a1', contactId: 'c1', newContactId: 'c1b', queueId: 'agent/a2' }, 500);
    expect(contactOf(e, 'c1b')).toMatchObject({ phase: 'connecting', agentId: 'a2', queueId: 'agent/a2' });
  });

  it('transfer to a busy agent waits in its personal queue; other agents are not eligible', () => {
    const e = newEngine();
    addQueue(e, 'Q');
    availableAt(e, routing('a1'), 1);
    availableAt(e, routing('a2'), 2);
    availableAt(e, routing('a3'), 3);
    connected(e, 100, 'a1', 'c1');
    connected(e, 200, 'a2', 'c2');
    e.apply({ type: 'contact.transfer', agentId: 'a1', contactId: 'c1', newContactId: 'c1b', queueId: 'agent/a2' }, 500);
    expect(contactOf(e, 'c1b')).toMatchObject({ phase: 'queued', queueId: 'agent/a2' });
    expect(ids(e.waiting('agent/a2'))).toEqual(['c1b']);
    expect(e.eligible('a3', 'c1b', 500)).toBe(false);
    expect(e.eligible('a2', 'c1b', 500)).toBe(false);
    e.apply({ type: 'contact.clear', agentId: 'a2', contactId: 'c2' }, 600);
    expect(contactOf(e, 'c1b')).toMatchObject({ phase: 'connecting', agentId: 'a2' });
  });

  it('a personal queue needs the channel to be handled', () => {
    const e = newEngine();
    addQueue(e, 'Q');
    addAgent(e, routing('a1'), 0);
    addAgent(e, routing('a2', { channels: { CHAT: { concurrency: 0 } }, queues: [] }), 0);
    connected(e);
    e.apply({ type: 'contact.transfer', agentId: 'a1', contactId: 'c1', newContactId: 'c1b', queueId: 'agent/a2' }, 500);
    expect(contactOf(e, 'c1b').phase).toBe('queued');
    expect(e.eligible('a2', 'c1b', 500)).toBe(false);
  });

  it('transfer of a paused contact is allowed', () => {
    const e = newEngine();
    addQueue(e, 'Q');
    addQueue(e, 'Q2');
    addAgent(e, routing('a1'), 0);
    connected(e);
    e.apply({ type: 'contact.pause', agentId: 'a1', contactId: 'c1' }, 200);
    e.apply({ type: 'contact.transfer', agentId: 'a1', contactId: 'c1', newContactId: 'c1b', queueId: 'Q2' }, 500);
    expect(contactOf(e, 'c1')).toMatchObject({ phase: 'ended', endReason: 'TRANSFERRED' });
    expect(contactOf(e, 'c1b').phase).toBe('queued');
  });

  it('transfer to an unknown queue or agent → ResourceNotFoundException, nothing changes', () => {
    const e = newEngine();
    addQueue(e, 'Q');
    addAgent(e, routing('a1'), 0);
    connected(e);
    for (const queueId of ['nope', 'agent/nobody'])
      expectRejected(
        e,
        { type: 'contact.transfer', agentId: 'a1', contactId: 'c1', newContactId: 'c1b', queueId },
        500,
        ResourceNotFoundException,
      );
    expect(e.contact('c1b')).toBeUndefined();
  });

  it('transfer of a connecting or ended contact → InvalidStateException', () => {
    const e = newEngine();
    addQueue(e, 'Q');
    addQueue(e, 'Q2');
    addAgent(e, routing('a1', { channels: { CHAT: { concurrency: 2 } } }), 0);
    connected(e);
    addContact(e, 'c2', 'Q', 200);
    const t = (contactId: string) =>
      ({ type: 'contact.transfer', agentId: 'a1', contactId, newContactId: 'new', queueId: 'Q2' }) as const;
    expectRejected(e, t('c2'), 300, InvalidStateException);
    e.apply({ type: 'contact.agent_end', agentId: 'a1', contactId: 'c1' }, 400);
    expectRejected(e, t('c1'), 500, InvalidStateException);
  });
});

describe('effects', () => {
  it('agents/contacts sets hold the ids whose state changed', () => {
    const e = newEngine();
    addQueue(e, 'Q');
    availableAt(e, routing('a1'), 1);
    availableAt(e, routing('a2'), 2);
    addContact(e, 'c0', 'Q', 5); // → a1
    const fx = addContact(e, 'c1', 'Q', 10); // → a2
    expect([...fx.agents]).toEqual(['a2']);
    expect([...fx.contacts]).toEqual(['c1']);
    const acc = e.apply({ type: 'contact.accept', agentId: 'a2', contactId: 'c1' }, 20);
    expect([...acc.agents]).toEqual(['a2']);
    expect([...acc.contacts]).toEqual(['c1']);
    const st = e.apply({ type: 'agent.set_status', agentId: 'a1', status: BREAK, enqueueNextState: true }, 30);
    expect(st.agents.has('a1')).toBe(true);
    expect(st.agents.has('a2')).toBe(false);
  });
});

describe('illegal events throw and change nothing', () => {
  it('accept: not connecting → InvalidStateException; unknown / not the agent’s → ResourceNotFoundException', () => {
    const e = newEngine();
    addQueue(e, 'Q');
    addQueue(e, 'Q2');
    availableAt(e, routing('a1'), 1);
    availableAt(e, routing('a2'), 2);
    connected(e, 100, 'a1', 'c1');
    addContact(e, 'c2', 'Q', 200); // → a2
    addContact(e, 'q', 'Q2', 300); // waits (nobody serves Q2)
    expectRejected(e, { type: 'contact.accept', agentId: 'a1', contactId: 'c1' }, 400, InvalidStateException);
    expectRejected(e, { type: 'contact.accept', agentId: 'a1', contactId: 'nope' }, 400, ResourceNotFoundException);
    expectRejected(e, { type: 'contact.accept', agentId: 'nobody', contactId: 'c2' }, 400, ResourceNotFoundException);
    expectRejected(e, { type: 'contact.accept', agentId: 'a1', contactId: 'c2' }, 400, ResourceNotFoundException);
    expectRejected(e, { type: 'contact.accept', agentId: 'a1', contactId: 'q' }, 400, ServiceError);
    expectRejected(e, { type: 'contact.reject', agentId: 'a1', contactId: 'c2' }, 400, ServiceError);
    expectRejected(e, { type: 'contact.agent_end', agentId: 'a1', contactId: 'c2' }, 400, ServiceError);
    expectRejected(e, { type: 'contact.clear', agentId: 'a2', contactId: 'c2' }, 400, InvalidStateException);
    expectRejected(e, { type: 'contact.clear', agentId: 'a1', contactId: 'q' }, 400, ServiceError);
    expectRejected(e, { type: 'contact.pause', agentId: 'a2', contactId: 'c1' }, 400, ServiceError);
  });

  it('reject after the offer has timed out is refused', () => {
    const e = newEngine();
    addQueue(e, 'Q');
    availableAt(e, routing('a1'), 1);
    availableAt(e, routing('a2'), 2);
    addContact(e, 'c1', 'Q', 100);
    e.apply({ type: 'tick' }, 30_100);
    expectRejected(e, { type: 'contact.reject', agentId: 'a1', contactId: 'c1' }, 30_200, ServiceError);
    expectRejected(e, { type: 'contact.accept', agentId: 'a1', contactId: 'c1' }, 30_200, ServiceError);
  });

  it('enqueue on an unknown contact is refused', () => {
    const e = newEngine();
    addQueue(e, 'Q');
    expectRejected(e, { type: 'contact.enqueue', contactId: 'nope', queueId: 'Q' }, 0, ServiceError);
  });
});

describe('restore', () => {
  /** a1 (CHAT 3): c1 connected, c4 in ACW, c2 offered (in flight); c3 waiting. */
  function before() {
    const e = newEngine();
    addQueue(e, 'Q');
    addAgent(e, routing('a1', { channels: { CHAT: { concurrency: 3 } } }), 0);
    addAgent(e, routing('a2', { queues: [] }), 0);
    connected(e, 100, 'a1', 'c1');
    connected(e, 200, 'a1', 'c4');
    e.apply({ type: 'contact.agent_end', agentId: 'a1', contactId: 'c4' }, 250);
    addContact(e, 'c2', 'Q', 300);
    addContact(e, 'c3', 'Q', 400);
    expect(states(e, 'a1')).toEqual([
      ['c1', 'connected'],
      ['c4', 'ended'],
      ['c2', 'connecting'],
    ]);
    expect(contactOf(e, 'c3').phase).toBe('queued');
    // what storage would give back
    return JSON.parse(JSON.stringify({ queues: [e.queue('Q')], agents: e.agents(), contacts: e.contacts() }));
  }

  it('restore re-offers in-flight offers', () => {
    const { engine: e } = RoutingEngine.restore(before(), 10_000, { newId: () => 'restored' });
    expect(e.agents().every((a) => !a.online)).toBe(true);
    expect(states(e, 'a1')).toEqual([
      ['c1', 'connected'],
      ['c4', 'ended'],
    ]);
    expect(contactOf(e, 'c2')).toMatchObject({ phase: 'queued', enqueuedAt: 300 });
    expect(ids(e.waiting('Q'))).toEqual(['c2', 'c3']);
    expect(contactOf(e, 'c1').phase).toBe('connected');
    expect(contactOf(e, 'c4').phase).toBe('ended');
    expect(e.eligible('a1', 'c2', 10_000)).toBe(false);
    const fx = e.apply({ type: 'agent.presence', agentId: 'a1', online: true }, 11_000);
    expect(eventsOf(fx, 'contact.offered')).toEqual([{ type: 'contact.offered', contactId: 'c2', agentId: 'a1', queueId: 'Q' }]);
    expect(contactOf(e, 'c2')).toMatchObject({ phase: 'connecting', agentId: 'a1' });
    expect(assignment(e, 'a1', 'c2')).toMatchObject({ state: 'connecting', offerDeadline: 41_000 });
    expect(ids(e.waiting('Q'))).toEqual(['c3']);
  });

  it('restored contacts and assignments carry on', () => {
    const { engine: e } = RoutingEngine.restore(before(), 10_000);
    e.apply({ type: 'agent.presence', agentId: 'a1', online: true }, 11_000);
    e.apply({ type: 'contact.clear', agentId: 'a1', contactId: 'c4' }, 12_000);
    expect(e.contact('c4')).toBeUndefined();
    expect(contactOf(e, 'c3')).toMatchObject({ phase: 'connecting', agentId: 'a1' });
    e.apply({ type: 'contact.agent_end', agentId: 'a1', contactId: 'c1' }, 13_000);
    expect(contactOf(e, 'c1').phase).toBe('ended');
  });
});
