/**
 * Voice signalling (`/voice/v1/ws`) against bad input, through real sockets: a werift peer
 * in Node stands in for a browser. Missing and unknown tokens, frames that are not JSON,
 * unknown frame types, SDP that is not an offer or offers video, a second leg on a token
 * already in a call — each refused with an AWS-style error frame, the socket (where it
 * can) still usable, other calls unaffected; hanging up frees the token for a new call.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { RTCPeerConnection } from 'werift';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MediaGrants } from '../src/api/voice/grants.js';
import { WeriftMediaServer } from '../src/media/index.js';
import { openStore } from '../src/storage/db.js';
import { startTestServer, type TestServer } from './harness.js';
import { openSocket, peerOffer } from './voice-peer.js';

const PORTS: [number, number] = [42_000 + Math.floor(Math.random() * 500) * 20, 0];
PORTS[1] = PORTS[0] + 19;

describe('voice signalling refuses bad input in words and keeps other calls going', () => {
  let dir: string;
  let server: TestServer;
  let media: WeriftMediaServer;
  let wsUrl: string;
  const grants = new MediaGrants();
  const peers: RTCPeerConnection[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'sb-voice-signalling-'));
    media = new WeriftMediaServer({ icePortRange: PORTS, announcedAddress: '203.0.113.7', hostAddresses: ['127.0.0.1'] });
    server = await startTestServer(await openStore({ kind: 'sqlite', file: path.join(dir, 'sb.db') }), {
      voice: { media, authorize: grants.authorize },
    });
    wsUrl = `${server.url.replace(/^http/, 'ws')}/voice/v1/ws`;
  });

  afterAll(async () => {
    await Promise.all(peers.map((p) => p.close()));
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ['no token', '', 'A voice token is required'],
    ['an unknown token', '?token=not-a-real-token', 'The voice token is not valid'],
  ])('%s: AccessDeniedException, then the socket closes with 4401', async (_what, query, message) => {
    const s = await openSocket(`${wsUrl}${query}`);
    s.send({ type: 'offer', sdp: (await peerOffer()).sdp });
    expect(await s.next()).toEqual({ type: 'error', error: { type: 'AccessDeniedException', message } });
    expect(await s.closed).toBe(4401);
    expect(media.size).toBe(0);
  });

  it('frames that are not JSON objects, unknown types and unusable SDP are refused; the socket still takes a good offer', async () => {
    const token = grants.mint({ callId: 'call-1', legId: 'customer' });
    const s = await openSocket(`${wsUrl}?token=${token}`);
    const refused = async (frame: unknown) => {
      s.send(frame);
      return (await s.next()).error;
    };
    expect(await refused('not json')).toEqual({ type: 'SerializationException', message: 'Frames must be JSON objects' });
    expect(await refused('[1,2]')).toMatchObject({ type: 'SerializationException' });
    expect(await refused({ type: 'dance' })).toEqual({
      type: 'InvalidRequestException',
      message: "type must be 'config', 'offer' or 'hangup'",
    });
    expect(await refused({ type: 'offer' })).toEqual({ type: 'InvalidRequestException', message: 'sdp must be a string' });
    expect(await refused({ type: 'offer', sdp: 'hello' })).toMatchObject({
      type: 'InvalidRequestException',
      message: expect.stringMatching(/v=0/),
    });
    const { sdp } = await peerOffer();
    expect(await refused({ type: 'offer', sdp: sdp.replaceAll('m=audio', 'm=video') })).toMatchObject({
      type: 'InvalidRequestException',
      message: 'Only audio media sections are answered',
    });
    // Passes the first checks, but werift cannot read it.
    expect(
      await refused({ type: 'offer', sdp: sdp.replace(/a=rtpmap:.*\r\n/g, '').replace(/(m=audio \d+ \S+) [\d ]+/g, '$1 96') }),
    ).toMatchObject({
      type: 'InvalidRequestException',
      message: expect.stringMatching(/cannot be answered/),
    });
    expect(media.size).toBe(0);

    const peer = await peerOffer();
    peers.push(peer.pc);
    s.send({ type: 'offer', sdp: peer.sdp });
    const answer = await s.next();
    expect(answer.type).toBe('answer');
    expect(media.size).toBe(1);
    // The ICE options: candidates on the port range, the announced address instead of the interface's.
    const candidates = (answer.sdp ?? '').split('\r\n').filter((l) => l.startsWith('a=candidate:'));
    expect(candidates.length).toBeGreaterThan(0);
    for (const c of candidates) {
      const [, , , , ip, port] = c.split(' ');
      expect(Number(port)).toBeGreaterThanOrEqual(PORTS[0]);
      expect(Number(port)).toBeLessThanOrEqual(PORTS[1]);
      if (ip?.includes('.')) expect(['127.0.0.1', '203.0.113.7']).toContain(ip);
    }
    // Over loopback (the announced address is unreachable, 127.0.0.1 is not) the peer connects.
    await peer.pc.setRemoteDescription({ type: 'answer', sdp: answer.sdp ?? '' });
    expect(await s.next()).toEqual({ type: 'state', state: 'connected' });

    // A second leg on the same token: refused; the first is untouched.
    const again = await openSocket(`${wsUrl}?token=${token}`);
    again.send({ type: 'offer', sdp: (await peerOffer()).sdp });
    expect(await again.next()).toEqual({
      type: 'error',
      error: { type: 'ConflictException', message: 'This leg is already in a call: hang up first' },
    });
    // Another call goes on meanwhile.
    const other = await openSocket(`${wsUrl}?token=${grants.mint({ callId: 'call-2', legId: 'someone' })}`);
    other.send({ type: 'offer', sdp: (await peerOffer()).sdp });
    expect((await other.next()).type).toBe('answer');
    expect(media.size).toBe(2);
    // Closing the refused socket ends nothing.
    again.ws.close();
    await again.closed;
    expect(media.size).toBe(2);

    // Hanging up ends the leg and closes the socket; the token can call again.
    s.send({ type: 'hangup' });
    expect(await s.closed).toBe(1000);
    await expect.poll(() => media.size).toBe(1);
    const retry = await openSocket(`${wsUrl}?token=${token}`);
    retry.send({ type: 'offer', sdp: (await peerOffer()).sdp });
    expect((await retry.next()).type).toBe('answer');
    // Closing a socket (no hangup frame) ends its leg too.
    other.ws.close();
    retry.ws.close();
    await expect.poll(() => media.size).toBe(0);
  });
});
