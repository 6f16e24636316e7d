/**
 * A voice contact's call from the agent's side (issue 23), through the agent API on the
 * real server, on SQLite and Postgres: the agent connection's `softphoneMediaInfo` carries
 * the voice token that opens the agent's leg while the offer rings and the call is
 * connected (and nothing after); holdConnection / resumeConnection show on the customer's
 * connection (`hold`), muteParticipant / unmuteParticipant on the agent's (`mute`), kept
 * in the stored contact; each command's refusals in words.
 */
import { DescribeContactCommand } from '@aws-sdk/client-connect';
import type { ContactData } from '@switchboard/core';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { backends } from './backends.js';
import { chatWorld } from './chat-support.js';
import { expectStreamsShape } from './streams-shape.js';
import { contactIn, openLeg as openPeerLeg, startWebCall, untilContact, voiceTestScope } from './voice-peer.js';

/** The voice socket's first frame for `token` after a malformed offer: reaching the SDP check means the token opened the leg. */
function probe(url: string, token: string): Promise<{ type: string; error?: { type: string; message: string } }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${url}?token=${encodeURIComponent(token)}`);
    ws.once('open', () => ws.send(JSON.stringify({ type: 'offer', sdp: 'not an SDP' })));
    ws.once('message', (raw) => {
      resolve(JSON.parse(raw.toString()));
      ws.close();
    });
    ws.once('error', reject);
  });
}

describe.each(backends)('voice calls through the agent API on $name', (backend) => {
  const { worlds, peers } = voiceTestScope();

  const openLeg = (signalling: string, token: string) => openPeerLeg(signalling, token, peers);

  async function call() {
    const w = await chatWorld(backend);
    worlds.push(w);
    const alice = await w.agent('alice');
    const { contactId, customer, signalling } = await startWebCall(w);
    const offered = await alice.waitFor((d) => contactIn(d, contactId) !== undefined, 'the call offered');
    const agentConn = contactIn(offered.data, contactId)?.connections.find((c) => c.type === 'agent');
    return { w, alice, contactId, customer, signalling, agentConn: agentConn! };
  }

  const until = untilContact;
  const conn = (c: ContactData<string>, type: 'agent' | 'inbound') => c.connections.find((x) => x.type === type)!;

  it("the agent's connection carries its voice token while it rings and is connected; hold, resume, mute show and are stored", async () => {
    const { w, alice, contactId, customer, signalling, agentConn } = await call();
    expect(agentConn.softphoneMediaInfo).toEqual({
      callType: 'audio_only',
      autoAccept: false,
      callContextToken: expect.any(String),
    });
    expect(agentConn).toMatchObject({ mute: false, forcedMute: false, state: { type: 'connecting' } });
    const token = agentConn.softphoneMediaInfo!.callContextToken!;
    // The leg may open while the offer rings (the token reaches the SDP check).
    expect((await probe(signalling, token)).error?.type).toBe('InvalidRequestException');

    // Before the agent accepts there is no call to hold.
    await expect(alice.command('holdConnection', { contactId, connectionId: customer })).rejects.toMatchObject({
      type: 'InvalidStateException',
      message: expect.stringMatching(/not connected yet/),
    });

    await alice.command('acceptContact', { contactId });
    let c = await until(alice, contactId, (x) => x.state.type === 'connected', 'connected');
    expect(
      conn(c.data.snapshot.contacts.find((x) => x.contactId === contactId)!, 'agent').softphoneMediaInfo?.callContextToken,
    ).toBe(token);

    await alice.command('holdConnection', { contactId, connectionId: customer });
    c = await until(alice, contactId, (x) => conn(x, 'inbound').state.type === 'hold', 'customer on hold');
    expectStreamsShape(c.data);
    const stored = async () => JSON.parse((await w.server.store.contacts.get(w.server.instance.id, contactId))!.body);
    expect((await stored()).voice.customer).toMatchObject({ legId: customer, held: true, heldSince: expect.any(Number) });
    // A second hold changes nothing; the agent's own connection is not held.
    await alice.command('holdConnection', { contactId, connectionId: customer });
    await expect(alice.command('holdConnection', { contactId, connectionId: agentConn.connectionId })).rejects.toMatchObject({
      type: 'InvalidParameterException',
      message: expect.stringMatching(/only the customer's or a consulted party's connection is held/),
    });
    await alice.command('resumeConnection', { contactId, connectionId: customer });
    await until(alice, contactId, (x) => conn(x, 'inbound').state.type === 'connected', 'customer resumed');

    await alice.command('muteParticipant', { contactId, connectionId: agentConn.connectionId });
    expectStreamsShape((await until(alice, contactId, (x) => conn(x, 'agent').mute === true, 'agent muted')).data);
    expect((await stored()).voice.agent).toEqual({ legId: agentConn.connectionId, muted: true });
    await alice.command('unmuteParticipant', { contactId });
    await until(alice, contactId, (x) => conn(x, 'agent').mute === false, 'agent unmuted');
    await expect(alice.command('muteParticipant', { contactId, connectionId: 'someone-else' })).rejects.toMatchObject({
      type: 'InvalidParameterException',
      message: expect.stringMatching(/Connection someone-else is not on the call$/),
    });

    // The agent hangs up: after-contact work, the token opens nothing, the call takes no commands.
    await alice.command('destroyConnection', { contactId, connectionId: agentConn.connectionId });
    c = await until(alice, contactId, (x) => x.state.type === 'ended', 'ACW');
    const acw = contactIn(c.data, contactId)!;
    expect(conn(acw, 'agent').softphoneMediaInfo).toEqual({ callType: 'audio_only', autoAccept: false });
    expect(conn(acw, 'inbound').state.type).toBe('disconnected');
    expect((await probe(signalling, token)).error).toMatchObject({ type: 'AccessDeniedException' });
    await expect(alice.command('resumeConnection', { contactId })).rejects.toMatchObject({
      type: 'InvalidStateException',
      message: expect.stringMatching(/: The call has ended$/),
    });
    expect((await stored()).voice.ended).toBe(true);
  });

  it("legs: the agent's leg opened while ringing closes when the offer is rejected; the customer hanging up ends the call", async () => {
    const { w, alice, contactId, customer, signalling, agentConn } = await call();
    const ringing = await openLeg(signalling, agentConn.softphoneMediaInfo!.callContextToken!);
    const joinToken = w.server.routing.voiceToken(w.server.instance.id, contactId, customer, Date.now() + 60_000);
    const caller = await openLeg(signalling, joinToken);
    await alice.command('rejectContact', { contactId });
    expect(await ringing.next()).toEqual({ type: 'state', state: 'closed' });
    expect(await ringing.closed).toBe(1000);

    // The customer hangs up while the call waits: it ends, CUSTOMER_DISCONNECT.
    caller.send({ type: 'hangup' });
    expect(await caller.closed).toBe(1000);
    await expect
      .poll(
        async () =>
          (await w.connect.send(new DescribeContactCommand({ InstanceId: w.server.instance.id, ContactId: contactId }))).Contact
            ?.DisconnectReason,
        { timeout: 5_000 },
      )
      .toBe('CUSTOMER_DISCONNECT');
  });

  it("refusals: another agent's call, a contact that is not a call, a rejected offer's token", async () => {
    const { w, alice, contactId, signalling, agentConn } = await call();
    const bob = await w.agent('bob');
    for (const method of ['holdConnection', 'resumeConnection', 'muteParticipant', 'unmuteParticipant']) {
      await expect(bob.command(method, { contactId })).rejects.toMatchObject({ type: 'AccessDeniedException' });
    }
    // Rejected: the token that rang no longer opens a leg.
    // (The contact goes back to its queue and may ring again for alice, on a new connection.)
    await alice.command('rejectContact', { contactId });
    const token = agentConn.softphoneMediaInfo!.callContextToken!;
    await expect
      .poll(async () => (await probe(signalling, token)).error, { timeout: 5_000 })
      .toEqual({
        type: 'AccessDeniedException',
        message: `The connection ${agentConn.connectionId} is not on the call ${contactId}`,
      });

    // A chat: the voice commands say it is not a call.
    const chat = await w.startChat({ ContactFlowId: w.flows['Support inbound'] });
    await bob.waitFor((d) => contactIn(d, chat.ContactId) !== undefined, 'the chat offered');
    await bob.command('acceptContact', { contactId: chat.ContactId });
    await expect(bob.command('holdConnection', { contactId: chat.ContactId })).rejects.toMatchObject({
      type: 'InvalidStateException',
      message: expect.stringContaining(
        `Contact ${chat.ContactId} is not a voice call: only calls are held, muted or conferenced`,
      ),
    });
    await expect(bob.command('muteParticipant', { contactId: chat.ContactId })).rejects.toMatchObject({
      type: 'InvalidStateException',
    });
  });
});
