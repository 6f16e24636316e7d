/**
 * Consult, swap, conference and transfer of a voice call through the agent API (issue 23),
 * on the real server, SQLite and Postgres. Who hears whom is core's (voice/call.test.ts)
 * and is heard for real in the browser tests; here: the contacts and connections each
 * agent's snapshot shows (Streams' third `outbound` connection, its states), the consulted
 * agent's voice token opening a leg on the same media call, the call moving to the
 * consulted agent when the first leaves, the refusals in words, and a cold transfer.
 */
import { DescribeContactCommand, StopContactCommand } from '@aws-sdk/client-connect';
import type { ContactData } from '@switchboard/core';
import { describe, expect, it } from 'vitest';
import { backends } from './backends.js';
import { chatWorld } from './chat-support.js';
import { expectStreamsShape } from './streams-shape.js';
import { acceptCall, contactIn, openLeg as openPeerLeg, startWebCall, untilContact, voiceTestScope } from './voice-peer.js';

const conn = (c: ContactData<string>, type: 'agent' | 'inbound' | 'outbound') => c.connections.find((x) => x.type === type);

interface Endpoint {
  endpointARN: string;
  type: string;
  name: string;
}

describe.each(backends)('voice consult and transfer on $name', (backend) => {
  const { worlds, peers } = voiceTestScope();

  const until = untilContact;

  /** A call from Jane that alice has accepted, and bob signed in (Available). */
  async function connectedCall() {
    const w = await chatWorld(backend);
    worlds.push(w);
    const alice = await w.agent('alice');
    const bob = await w.agent('bob');
    const { contactId, customer, signalling } = await startWebCall(w);
    await acceptCall(alice, contactId);
    const { endpoints } = await alice.command<{ endpoints: Endpoint[] }>('getEndpoints', {});
    const to = (name: string) => endpoints.find((e) => e.name === name)!;
    const describe = async (id: string) =>
      (await w.connect.send(new DescribeContactCommand({ InstanceId: w.server.instance.id, ContactId: id }))).Contact!;
    return { w, alice, bob, contactId, customer, to, signalling, describe };
  }

  const openLeg = (signalling: string, token: string) => openPeerLeg(signalling, token, peers);

  it('consult bob: the customer is held, bob rings and joins; swap, conference; alice leaves and bob keeps the customer', async () => {
    const { w, alice, bob, contactId, customer, to, signalling, describe } = await connectedCall();
    const { contactId: consultId } = await alice.command<{ contactId: string }>('createAdditionalConnection', {
      contactId,
      endpoint: to('Bob Brown'),
    });
    let a = await until(alice, contactId, (c) => conn(c, 'outbound')?.state.type === 'connecting', 'bob ringing');
    const mine = contactIn(a.data, contactId)!;
    expectStreamsShape(a.data);
    expect(conn(mine, 'inbound')?.state.type).toBe('hold');
    expect(conn(mine, 'outbound')).toMatchObject({
      type: 'outbound',
      initial: false,
      endpoint: { type: 'agent', name: 'Bob Brown', endpointARN: to('Bob Brown').endpointARN },
      mute: false,
    });

    // Bob is offered a contact of his own: a transfer of the same call, the customer on hold.
    let b = await until(bob, consultId, (c) => c.state.type === 'connecting', 'the consult offered to bob');
    const offered = contactIn(b.data, consultId)!;
    expect(offered).toMatchObject({ type: 'voice', initiationMethod: 'TRANSFER', previousContactId: contactId });
    expect(offered.initialContactId).toBe(contactId);
    expect(conn(offered, 'inbound')?.state.type).toBe('hold');
    const bobToken = conn(offered, 'agent')?.softphoneMediaInfo?.callContextToken;
    expect(bobToken).toEqual(expect.any(String));
    // Holding, swapping or conferencing before bob answers is refused in words.
    await expect(alice.command('toggleActiveConnections', { contactId })).rejects.toMatchObject({
      type: 'InvalidStateException',
      message: expect.stringMatching(/Bob Brown has not answered yet$/),
    });
    // A second consult while one is on is refused.
    await expect(alice.command('createAdditionalConnection', { contactId, endpoint: to('Support queue') })).rejects.toMatchObject(
      { type: 'InvalidStateException', message: expect.stringMatching(/Bob Brown is already on the call/) },
    );

    // Bob's leg opens on the same media call (the server answers it) and he accepts.
    const bobLeg = await openLeg(signalling, bobToken!);
    await bob.command('acceptContact', { contactId: consultId });
    a = await until(alice, contactId, (c) => conn(c, 'outbound')?.state.type === 'connected', 'bob on the call');
    b = await until(bob, consultId, (c) => c.state.type === 'connected', 'bob connected');
    expectStreamsShape(b.data);
    // Bob may mute himself, but the call is alice's to hold, swap and transfer.
    await expect(bob.command('holdConnection', { contactId: consultId })).rejects.toMatchObject({
      type: 'InvalidStateException',
      message: expect.stringMatching(/called into this call by another agent/),
    });
    await expect(bob.command('transferContact', { contactId: consultId, endpoint: to('Sales queue') })).rejects.toMatchObject({
      type: 'InvalidStateException',
    });
    await bob.command('muteParticipant', { contactId: consultId });
    await until(bob, consultId, (c) => conn(c, 'agent')?.mute === true, 'bob muted');
    await until(alice, contactId, (c) => conn(c, 'outbound')?.mute === true, 'alice sees bob muted');
    await bob.command('unmuteParticipant', { contactId: consultId });

    // Swap: the customer back, bob on hold; again; then the conference.
    await alice.command('toggleActiveConnections', { contactId });
    await until(
      alice,
      contactId,
      (c) => conn(c, 'inbound')?.state.type === 'connected' && conn(c, 'outbound')?.state.type === 'hold',
      'swapped',
    );
    await alice.command('toggleActiveConnections', { contactId });
    await until(alice, contactId, (c) => conn(c, 'inbound')?.state.type === 'hold', 'swapped back');
    await alice.command('conferenceConnections', { contactId });
    a = await until(
      alice,
      contactId,
      (c) => conn(c, 'inbound')?.state.type === 'connected' && conn(c, 'outbound')?.state.type === 'connected',
      'conference',
    );
    await until(bob, consultId, (c) => conn(c, 'inbound')?.state.type === 'connected', 'bob sees the customer');
    await expect(alice.command('toggleActiveConnections', { contactId })).rejects.toMatchObject({
      message: expect.stringMatching(/this is a conference$/),
    });
    // Hanging up the customer while bob is on would strand them: refused.
    await expect(alice.command('destroyConnection', { contactId, connectionId: customer })).rejects.toMatchObject({
      type: 'InvalidStateException',
      message: expect.stringMatching(/Bob Brown is on the call/),
    });

    // Alice leaves: her contact goes to after-contact work, bob keeps the customer.
    await alice.command('destroyConnection', { contactId });
    await until(alice, contactId, (c) => c.state.type === 'ended', 'alice in ACW');
    b = await until(bob, consultId, (c) => c.state.type === 'connected' && conn(c, 'inbound')?.state.type === 'connected', 'bob');
    const stored = JSON.parse((await w.server.store.contacts.get(w.server.instance.id, consultId))!.body);
    expect(stored.voice).toMatchObject({
      callId: contactId,
      agent: { legId: conn(contactIn(b.data, consultId)!, 'agent')?.connectionId },
    });
    expect(stored.voiceCallOf).toBeUndefined();
    expect((await describe(contactId)).DisconnectReason).toBe('AGENT_DISCONNECT');
    // The call is bob's now: he holds and resumes it.
    await bob.command('holdConnection', { contactId: consultId });
    await until(bob, consultId, (c) => conn(c, 'inbound')?.state.type === 'hold', 'bob holds');
    await bob.command('resumeConnection', { contactId: consultId });

    // Bob hangs up: the call ends, his leg closes, after-contact work.
    await bob.command('destroyConnection', { contactId: consultId });
    await until(bob, consultId, (c) => c.state.type === 'ended', 'bob in ACW');
    expect(await bobLeg.next()).toEqual({ type: 'state', state: 'closed' });
  });

  it('hanging up on bob ends his contact only; the customer hanging up during a consult ends both', async () => {
    const { w, alice, bob, contactId, to } = await connectedCall();
    const first = await alice.command<{ contactId: string }>('createAdditionalConnection', {
      contactId,
      endpoint: to('Bob Brown'),
    });
    await until(bob, first.contactId, (c) => c.state.type === 'connecting', 'offered');
    await bob.command('acceptContact', { contactId: first.contactId });
    const a = await until(alice, contactId, (c) => conn(c, 'outbound')?.state.type === 'connected', 'bob on');
    const third = conn(contactIn(a.data, contactId)!, 'outbound')!.connectionId;
    await alice.command('destroyConnection', { contactId, connectionId: third });
    await until(bob, first.contactId, (c) => c.state.type === 'ended', 'bob in ACW');
    await until(alice, contactId, (c) => conn(c, 'outbound') === undefined && conn(c, 'inbound')?.state.type === 'hold', 'alone');
    await alice.command('resumeConnection', { contactId });
    await until(alice, contactId, (c) => conn(c, 'inbound')?.state.type === 'connected', 'customer back');
    await bob.command('clearContact', { contactId: first.contactId });

    // Again, and now the customer hangs up: both contacts end.
    const second = await alice.command<{ contactId: string }>('createAdditionalConnection', {
      contactId,
      endpoint: to('Bob Brown'),
    });
    await until(bob, second.contactId, (c) => c.state.type === 'connecting', 'offered again');
    await bob.command('acceptContact', { contactId: second.contactId });
    await until(alice, contactId, (c) => conn(c, 'outbound')?.state.type === 'connected', 'bob on again');
    await w.connect.send(new StopContactCommand({ InstanceId: w.server.instance.id, ContactId: contactId }));
    await until(alice, contactId, (c) => c.state.type === 'ended', 'alice in ACW');
    await until(bob, second.contactId, (c) => c.state.type === 'ended', 'bob in ACW');
  });

  it('a cold transfer to bob: alice is done, the customer waits (hold music) and bob takes the call', async () => {
    const { alice, bob, contactId, customer, to, describe } = await connectedCall();
    const { contactId: newId } = await alice.command<{ contactId: string }>('transferContact', {
      contactId,
      endpoint: to('Bob Brown'),
    });
    await until(alice, contactId, (c) => c.state.type === 'ended', 'alice in ACW');
    expect((await describe(contactId)).DisconnectReason).toBe('TRANSFERRED');
    const b = await until(bob, newId, (c) => c.state.type === 'connecting', 'bob offered');
    expect(conn(contactIn(b.data, newId)!, 'inbound')?.connectionId).toBe(customer);
    await bob.command('acceptContact', { contactId: newId });
    await until(bob, newId, (c) => c.state.type === 'connected' && conn(c, 'inbound')?.state.type === 'connected', 'bob');
    await bob.command('holdConnection', { contactId: newId });
    await until(bob, newId, (c) => conn(c, 'inbound')?.state.type === 'hold', 'bob holds');
  });
});
