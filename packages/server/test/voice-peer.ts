/**
 * A browser's side of voice signalling, in Node, for the server's voice tests: a socket on
 * `/voice/v1/ws` whose frames are read in order, and a werift peer's offer shaped like
 * VoiceCall's (no audio flows: the leg exists from the answer on).
 */
import { StartWebRTCContactCommand } from '@aws-sdk/client-connect';
import type { AgentDataWire, ContactData } from '@switchboard/core';
import { afterEach } from 'vitest';
import { RTCPeerConnection } from 'werift';
import WebSocket from 'ws';
import type { AgentSocket } from './agent-client.js';
import type { ChatWorld } from './chat-support.js';

export interface Frame {
  type: string;
  sdp?: string;
  state?: string;
  error?: { type: string; message: string };
}

/** A signalling socket whose frames are read in order. */
export async function openSocket(url: string) {
  const ws = new WebSocket(url);
  const frames: Frame[] = [];
  const waiting: ((f: Frame) => void)[] = [];
  ws.on('message', (raw) => {
    const f = JSON.parse(String(raw)) as Frame;
    const w = waiting.shift();
    if (w) w(f);
    else frames.push(f);
  });
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return {
    ws,
    closed,
    send: (frame: unknown) => ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame)),
    next: () =>
      new Promise<Frame>((resolve, reject) => {
        const f = frames.shift();
        if (f) return resolve(f);
        const timer = setTimeout(() => reject(new Error('no frame within 10 s')), 10_000);
        waiting.push((x) => {
          clearTimeout(timer);
          resolve(x);
        });
      }),
  };
}

/** A werift peer offering what VoiceCall offers: the microphone's line and two receive-only lines. */
export async function peerOffer() {
  const pc = new RTCPeerConnection();
  pc.addTransceiver('audio', { direction: 'sendrecv' });
  pc.addTransceiver('audio', { direction: 'recvonly' });
  pc.addTransceiver('audio', { direction: 'recvonly' });
  await pc.setLocalDescription(await pc.createOffer());
  return { pc, sdp: pc.localDescription?.sdp ?? '' };
}

/**
 * A leg opened with `token` by a werift peer in Node (no audio flows; the leg exists from
 * the answer): its signalling socket. The peer is pushed onto `peers`, for the test to close.
 */
export async function openLeg(signalling: string, token: string, peers: { close(): Promise<void> }[]) {
  const { pc, sdp } = await peerOffer();
  peers.push(pc);
  const s = await openSocket(`${signalling}?token=${encodeURIComponent(token)}`);
  s.send({ type: 'offer', sdp });
  const first = await s.next();
  if (first.type !== 'answer') throw new Error(`the leg was not answered: ${JSON.stringify(first)}`);
  return s;
}

/**
 * A web call from the customer (StartWebRTCContact on the demo's Sales inbound flow): the
 * contact, the customer's participant id and join token, and the signalling URL.
 */
export async function startWebCall(w: ChatWorld, displayName = 'Jane Caller') {
  const out = await w.connect.send(
    new StartWebRTCContactCommand({
      InstanceId: w.server.instance.id,
      ContactFlowId: w.flows['Sales inbound'],
      ParticipantDetails: { DisplayName: displayName },
    }),
  );
  return {
    contactId: out.ContactId as string,
    customer: out.ParticipantId as string,
    joinToken: out.ConnectionData?.Attendee?.JoinToken as string,
    signalling: `${w.server.url.replace(/^http/, 'ws')}/voice/v1/ws`,
  };
}

/** `agent` accepts the call once it is offered; resolves with the push that shows it connected. */
export async function acceptCall(agent: AgentSocket, contactId: string) {
  const has = (d: AgentDataWire) => d.snapshot.contacts.find((c) => c.contactId === contactId);
  await agent.waitFor((d) => has(d) !== undefined, 'the call offered');
  await agent.command('acceptContact', { contactId });
  return agent.waitFor((d) => has(d)?.state.type === 'connected', 'the call connected');
}

/** A contact of an agent's snapshot. */
export const contactIn = (d: AgentDataWire, id: string): ContactData<string> | undefined =>
  d.snapshot.contacts.find((c) => c.contactId === id);

/** Waits until `sock`'s snapshot shows `contactId` as `pred` wants it. */
export const untilContact = (sock: AgentSocket, contactId: string, pred: (c: ContactData<string>) => boolean, what: string) =>
  sock.waitFor((d) => {
    const c = contactIn(d, contactId);
    return c !== undefined && pred(c);
  }, what);

/** The servers and werift peers a voice test opens, closed after each test (call it in a describe). */
export function voiceTestScope(): { readonly worlds: ChatWorld[]; readonly peers: { close(): Promise<void> }[] } {
  const worlds: ChatWorld[] = [];
  const peers: { close(): Promise<void> }[] = [];
  afterEach(async () => {
    for (const p of peers.splice(0)) await p.close();
    for (const w of worlds.splice(0)) await w.close();
  });
  return { worlds, peers };
}
