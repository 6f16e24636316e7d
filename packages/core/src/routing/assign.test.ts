/**
 * `contact.assign`: a new contact connected to an agent at once (a supervisor's monitoring
 * contact): no queue, no offer, whatever their status; it holds them (Busy, capacity) until
 * it ends, and clearing it destroys it. Refused for a contact that is not new or an
 * unknown agent, without a trace.
 */
import { describe, expect, it } from 'vitest';
import { InvalidStateException, ResourceNotFoundException } from '../errors.js';
import { RoutingEngine } from './engine.js';
import {
  AVAILABLE,
  addAgent,
  addContact,
  addQueue,
  BREAK,
  entry,
  eventTypes,
  newEngine,
  observe,
  routing,
} from './test-fixtures.js';

function withCarol(status = BREAK) {
  const e = newEngine();
  addQueue(e, 'Q');
  addAgent(e, routing('carol', { queues: [entry('Q', 'VOICE')], channels: { VOICE: { concurrency: 1 } } }), 0, status);
  e.apply({ type: 'contact.create', contactId: 'm1', channel: 'VOICE', relatedContactId: 'c1' }, 10);
  return e;
}

describe('contact.assign', () => {
  it('connects the contact to the agent at once, whatever their status; they are Busy', () => {
    const e = withCarol();
    const fx = e.apply({ type: 'contact.assign', agentId: 'carol', contactId: 'm1', connectionId: 'sup-leg' }, 20);
    expect(eventTypes(fx)).toEqual(['contact.connected']);
    expect(e.contact('m1')).toMatchObject({ phase: 'connected', agentId: 'carol', connectedAt: 20, relatedContactId: 'c1' });
    expect(e.agent('carol')?.assignments).toEqual([
      {
        contactId: 'm1',
        channel: 'VOICE',
        state: 'connected',
        since: 20,
        offeredAt: 20,
        connectedAt: 20,
        connectionId: 'sup-leg',
        connectionState: 'connected',
        connectionSince: 20,
      },
    ]);
    expect(e.agent('carol')?.display).toMatchObject({ type: 'system', name: 'Busy', since: 20 });
  });

  it('counts against the capacity: no call is offered meanwhile; cleared, it is destroyed and routing resumes', () => {
    const e = withCarol(AVAILABLE);
    e.apply({ type: 'contact.assign', agentId: 'carol', contactId: 'm1' }, 20);
    addContact(e, 'call', 'Q', 30, 'VOICE');
    expect(e.contact('call')?.phase).toBe('queued');
    const fx = e.apply({ type: 'contact.clear', agentId: 'carol', contactId: 'm1' }, 40);
    expect(eventTypes(fx)).toEqual([
      'contact.ended',
      'contact.acw_started',
      'contact.cleared',
      'contact.destroyed',
      'contact.offered',
    ]);
    expect(e.contact('m1')).toBeUndefined();
    expect(e.contact('call')).toMatchObject({ phase: 'connecting', agentId: 'carol' });
  });

  it('refuses a contact that is not new, or an unknown agent, and changes nothing', () => {
    const e = withCarol();
    e.apply({ type: 'contact.assign', agentId: 'carol', contactId: 'm1' }, 20);
    const before = observe(e, ['Q']);
    expect(() => e.apply({ type: 'contact.assign', agentId: 'carol', contactId: 'm1' }, 30)).toThrow(InvalidStateException);
    e.apply({ type: 'contact.create', contactId: 'm2', channel: 'VOICE' }, 30);
    const withM2 = observe(e, ['Q']);
    expect(withM2).not.toBe(before);
    expect(() => e.apply({ type: 'contact.assign', agentId: 'nobody', contactId: 'm2' }, 30)).toThrow(ResourceNotFoundException);
    expect(() => e.apply({ type: 'contact.assign', agentId: 'carol', contactId: 'zz' }, 30)).toThrow(ResourceNotFoundException);
    expect(observe(e, ['Q'])).toBe(withM2);
  });

  it('survives a restart as a connected contact', () => {
    const e = withCarol();
    e.apply({ type: 'contact.assign', agentId: 'carol', contactId: 'm1', connectionId: 'sup-leg' }, 20);
    const { engine } = RoutingEngine.restore({ queues: e.queues(), agents: e.agents(), contacts: e.contacts() }, 50);
    expect(engine.contact('m1')?.phase).toBe('connected');
    expect(engine.agent('carol')?.assignments[0]).toMatchObject({ contactId: 'm1', state: 'connected', connectionId: 'sup-leg' });
  });
});
