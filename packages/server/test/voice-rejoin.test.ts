/**
 * A web caller's leg lost without a hangup (a reload, a new network: the socket closed)
 * does not end the contact at once (issue 23): the customer may rejoin with the same
 * token within the grace period, and the call's routes apply to the new leg; without a
 * rejoin the contact ends CUSTOMER_DISCONNECT once the grace has passed. On SQLite and
 * Postgres, with werift peers over loopback.
 */
import { DescribeContactCommand } from '@aws-sdk/client-connect';
import { describe, expect, it } from 'vitest';
import { backends } from './backends.js';
import { chatWorld } from './chat-support.js';
import { acceptCall, contactIn, type Frame, openSocket, peerOffer, startWebCall, voiceTestScope } from './voice-peer.js';

describe.each(backends)("a web caller's lost leg on $name", (backend) => {
  const { worlds, peers } = voiceTestScope();

  /** A call alice accepted, with the customer's token. */
  async function call(rejoinGraceMs: number) {
    const w = await chatWorld(backend, { voiceRejoinGraceMs: rejoinGraceMs });
    worlds.push(w);
    const alice = await w.agent('alice');
    const started = await startWebCall(w);
    const { contactId } = started;
    await acceptCall(alice, contactId);
    const signalling = `${started.signalling}?token=${encodeURIComponent(started.joinToken)}`;
    const describe = async () =>
      (await w.connect.send(new DescribeContactCommand({ InstanceId: w.server.instance.id, ContactId: contactId }))).Contact;
    return { w, alice, contactId, signalling, describe };
  }

  /** The customer's leg, connected over loopback: its socket, once the server says `progress: connected`. */
  async function join(signalling: string) {
    const peer = await peerOffer();
    peers.push(peer.pc);
    const s = await openSocket(signalling);
    s.send({ type: 'offer', sdp: peer.sdp });
    let f: Frame = await s.next();
    if (f.type !== 'answer') return { s, refused: f };
    await peer.pc.setRemoteDescription({ type: 'answer', sdp: f.sdp ?? '' });
    const seen: Frame[] = [];
    do {
      f = await s.next();
      seen.push(f);
    } while (!(f.type === 'progress' && (f as { progress?: string }).progress === 'connected'));
    return { s, seen };
  }

  it('the socket closing without a hangup keeps the contact; the same token rejoins within the grace and the routes apply', async () => {
    const { alice, contactId, signalling, describe } = await call(4_000);
    const first = await join(signalling);
    expect(first.seen).toContainEqual({ type: 'state', state: 'connected' });

    // The page reloads: the socket closes, no hangup frame. The leg is gone (the token may
    // open a leg again at once), the contact is not.
    first.s.ws.close(1001);
    await first.s.closed;
    // (Until the server has seen the old socket close, the leg is still open: ConflictException, as VoiceCall retries.)
    let again = await join(signalling);
    for (let i = 0; again.refused?.error?.type === 'ConflictException' && i < 20; i++) {
      await new Promise((r) => setTimeout(r, 200));
      again = await join(signalling);
    }
    expect(again.refused).toBeUndefined();
    // Connected again, and told so: the server applied the call's routes to the new leg.
    expect(again.seen).toContainEqual({ type: 'state', state: 'connected' });
    expect((await describe())?.DisconnectTimestamp).toBeUndefined();

    // Past the grace the call goes on (the rejoin cancelled the end).
    await new Promise((r) => setTimeout(r, 5_000));
    expect((await describe())?.DisconnectTimestamp).toBeUndefined();
    expect(contactIn(alice.latest!.data, contactId)?.state.type).toBe('connected');

    // Hanging up ends it at once.
    again.s.send({ type: 'hangup' });
    expect(await again.s.closed).toBe(1000);
    await expect.poll(async () => (await describe())?.DisconnectReason, { timeout: 5_000 }).toBe('CUSTOMER_DISCONNECT');
  });

  it('hanging up while rejoining (a socket without a leg): the contact ends CUSTOMER_DISCONNECT at once', async () => {
    const { signalling, describe } = await call(60_000);
    const first = await join(signalling);
    first.s.ws.close(1001);
    await first.s.closed;
    const again = await openSocket(signalling);
    again.send({ type: 'hangup' });
    expect(await again.closed).toBe(1000);
    await expect.poll(async () => (await describe())?.DisconnectReason, { timeout: 5_000 }).toBe('CUSTOMER_DISCONNECT');
  });

  it('the agent hangs up while the customer is away: AGENT_DISCONNECT, and the grace passing changes nothing', async () => {
    const { alice, contactId, signalling, describe } = await call(1_000);
    const first = await join(signalling);
    first.s.ws.close(1001);
    await first.s.closed;
    const agentConn = contactIn(alice.latest!.data, contactId)?.connections.find((c) => c.type === 'agent');
    await alice.command('destroyConnection', { contactId, connectionId: agentConn!.connectionId });
    await expect.poll(async () => (await describe())?.DisconnectReason, { timeout: 5_000 }).toBe('AGENT_DISCONNECT');
    await new Promise((r) => setTimeout(r, 1_500));
    expect((await describe())?.DisconnectReason).toBe('AGENT_DISCONNECT');
  });

  it('without a rejoin the contact ends CUSTOMER_DISCONNECT after the grace; the token then opens nothing', async () => {
    const { alice, contactId, signalling, describe } = await call(300);
    const first = await join(signalling);
    first.s.ws.terminate();
    await expect.poll(async () => (await describe())?.DisconnectReason, { timeout: 10_000 }).toBe('CUSTOMER_DISCONNECT');
    await alice.waitFor((d) => contactIn(d, contactId)?.state.type === 'ended', 'after-contact work');
    const late = await openSocket(signalling);
    late.send({ type: 'offer', sdp: (await peerOffer()).sdp });
    expect((await late.next()).error?.type).toBe('AccessDeniedException');
  });
});
