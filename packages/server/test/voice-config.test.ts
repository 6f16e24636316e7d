/**
 * The instance file's `voice` section reaches the media and the browsers: a server started
 * with ports, addresses and ICE servers (static STUN, coturn's shared secret) hands a
 * contact's leg its ICE servers on the voice socket — a TURN credential minted for that leg,
 * checked here with node:crypto against the secret — and answers its offer with candidates
 * on the configured ports and the announced address. Without the section a leg gets no ICE
 * servers. Through the real server (startServer, StartWebRTCContact), SQLite: nothing here
 * is stored.
 */
import { createHmac } from 'node:crypto';
import { StartWebRTCContactCommand } from '@aws-sdk/client-connect';
import type { RTCPeerConnection } from 'werift';
import { afterEach, describe, expect, it } from 'vitest';
import type { StartOptions } from '../src/server.js';
import { backends } from './backends.js';
import { type ChatWorld, chatWorld } from './chat-support.js';
import { openSocket, peerOffer } from './voice-peer.js';

const sqlite = backends.find((b) => b.name === 'sqlite')!;
const PORTS: [number, number] = [45_000 + Math.floor(Math.random() * 500) * 20, 0];
PORTS[1] = PORTS[0] + 19;
const SECRET = 'coturn-static-auth-secret';
/** A clock stopped on a whole second (near the real time: the AWS SDK's signatures are checked against it). */
const NOW = Math.floor(Date.now() / 1000) * 1000;

describe('voice settings: from the instance file to the browser and the media', () => {
  const worlds: ChatWorld[] = [];
  const peers: RTCPeerConnection[] = [];
  afterEach(async () => {
    await Promise.all(peers.splice(0).map((p) => p.close()));
    for (const w of worlds.splice(0)) await w.close();
  });

  /** A voice contact on a server started with `voice`; its customer's socket on /voice/v1/ws. */
  async function callWith(voice?: StartOptions['voice']) {
    const w = await chatWorld(sqlite, { ...(voice ? { voice } : {}), now: () => NOW });
    worlds.push(w);
    const out = await w.connect.send(
      new StartWebRTCContactCommand({
        InstanceId: w.server.instance.id,
        ContactFlowId: w.flows['Sales inbound'],
        ParticipantDetails: { DisplayName: 'Jane Caller' },
      }),
    );
    const signalling = `${w.server.url.replace(/^http/, 'ws')}/voice/v1/ws`;
    const socket = await openSocket(`${signalling}?token=${encodeURIComponent(out.ConnectionData!.Attendee!.JoinToken!)}`);
    return { socket, legId: out.ParticipantId! };
  }

  it('a leg gets the static servers and a TURN credential for itself; its answer uses the ports and addresses', async () => {
    const { socket, legId } = await callWith({
      icePortRange: PORTS,
      announcedAddress: '203.0.113.7',
      hostAddresses: ['127.0.0.1'],
      iceServers: [{ urls: ['stun:stun.example.com:3478'] }],
      turn: { urls: ['turn:turn.example.com:3478', 'turns:turn.example.com:5349'], secret: SECRET, ttlSeconds: 3600 },
    });
    socket.send({ type: 'config' });
    const config = (await socket.next()) as unknown as {
      type: string;
      iceServers: { urls: string[]; username?: string; credential?: string }[];
    };
    const expiry = NOW / 1000 + 3600;
    const username = `${expiry}:${legId}`;
    expect(config).toStrictEqual({
      type: 'config',
      iceServers: [
        { urls: ['stun:stun.example.com:3478'] },
        {
          urls: ['turn:turn.example.com:3478', 'turns:turn.example.com:5349'],
          username,
          credential: createHmac('sha1', SECRET).update(username).digest('base64'),
        },
      ],
    });

    const peer = await peerOffer();
    peers.push(peer.pc);
    socket.send({ type: 'offer', sdp: peer.sdp });
    const answer = await socket.next();
    expect(answer.type).toBe('answer');
    const candidates = (answer.sdp ?? '').split('\r\n').filter((l) => l.startsWith('a=candidate:'));
    // ICE lite: host candidates only (no STUN lookup, no server-reflexive ones), said in the answer.
    expect(answer.sdp).toContain('a=ice-lite');
    for (const c of candidates) expect(c).toMatch(/ typ host( |$)/);
    const ips = new Set<string>();
    for (const c of candidates) {
      const [, , , , ip, port] = c.split(' ');
      expect(Number(port)).toBeGreaterThanOrEqual(PORTS[0]);
      expect(Number(port)).toBeLessThanOrEqual(PORTS[1]);
      if (ip?.includes('.')) ips.add(ip);
    }
    // The extra host address (loopback, which werift leaves out) and the announced one for the interface's.
    expect(ips).toContain('127.0.0.1');
    for (const ip of ips) expect(['127.0.0.1', '203.0.113.7']).toContain(ip);
  });

  it('without a voice section a leg is told there are no ICE servers', async () => {
    const { socket } = await callWith();
    socket.send({ type: 'config' });
    expect(await socket.next()).toStrictEqual({ type: 'config', iceServers: [] });
  });

  it('an unknown token asking for the ICE servers gets AccessDeniedException, no credentials', async () => {
    const w = await chatWorld(sqlite, {
      voice: { iceServers: [], turn: { urls: ['turn:turn.example.com:3478'], secret: SECRET, ttlSeconds: 3600 } },
    });
    worlds.push(w);
    const socket = await openSocket(`${w.server.url.replace(/^http/, 'ws')}/voice/v1/ws?token=forged`);
    socket.send({ type: 'config' });
    expect(await socket.next()).toMatchObject({ type: 'error', error: { type: 'AccessDeniedException' } });
    expect(await socket.closed).toBe(4401);
  });
});
