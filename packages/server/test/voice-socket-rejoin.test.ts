/**
 * The voice socket tells the call controller how a leg ended (issue 23): `hungUp` when a
 * hangup frame ended it, not when the socket closed under it; and a leg the controller says
 * may rejoin (the customer's, lost: ICE failed) gets no `closed` frame, its socket closing
 * with 4000 'rejoin' so the browser comes back with the same token. Real sockets on
 * loopback, the media server in memory (the test ends legs as ICE failing would).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { VoiceGrant } from '../src/api/voice/grants.js';
import { createVoiceSocketServer, type VoiceSocketServer } from '../src/api/voice/socket.js';
import type { LegEvents, MediaServer } from '../src/media/index.js';
import { type Frame, openSocket } from './voice-peer.js';

/** Legs in memory: `drop` ends one as ICE failing would (its events say `closed`). */
function fakeMedia() {
  const legs = new Map<string, LegEvents>();
  const media = {
    async answer(leg: { legId: string }, _sdp: string, events?: LegEvents) {
      legs.set(leg.legId, events ?? {});
      return 'v=0 answer';
    },
    closeLeg(legId: string) {
      const events = legs.get(legId);
      legs.delete(legId);
      events?.onState?.('closed');
    },
    get size() {
      return legs.size;
    },
  };
  return { media: media as unknown as MediaServer, drop: (legId: string) => media.closeLeg(legId), legs };
}

describe('the voice socket and a leg that may rejoin', () => {
  let http: Server | undefined;
  let sockets: VoiceSocketServer | undefined;
  afterEach(async () => {
    sockets?.close();
    await new Promise((r) => http?.close(r));
  });

  /** A voice socket server whose controller records (grant, state, hungUp) and says `mayRejoin` of closed legs. */
  async function serve(mayRejoin: boolean) {
    const { media, drop } = fakeMedia();
    const seen: [string, string, boolean | undefined][] = [];
    const vs = createVoiceSocketServer({
      media,
      authorize: async (token) => ({ callId: 'call-1', legId: token ?? '' }),
      log: { info() {}, warn() {} },
      onLegState: (grant: VoiceGrant, state: string, hungUp?: boolean) => {
        seen.push([grant.legId, state, hungUp]);
        return state === 'closed' && mayRejoin;
      },
    });
    sockets = vs;
    http = createServer();
    http.on('upgrade', (req, socket, head) => vs.handleUpgrade(req, socket, head));
    await new Promise<void>((r) => http!.listen(0, '127.0.0.1', r));
    const url = `ws://127.0.0.1:${(http.address() as AddressInfo).port}/voice/v1/ws`;
    const open = async (legId: string) => {
      const s = await openSocket(`${url}?token=${legId}`);
      s.send({ type: 'offer', sdp: 'v=0 offer' });
      expect((await s.next()).type).toBe('answer');
      return s;
    };
    return { open, drop, seen, url };
  }

  const rest = async (s: Awaited<ReturnType<typeof openSocket>>) => {
    const frames: Frame[] = [];
    s.ws.on('message', (raw) => frames.push(JSON.parse(String(raw)) as Frame));
    const code = await s.closed;
    return { code, frames };
  };

  it('hangup frame: hungUp true, `closed` sent; socket closed by the browser: hungUp false; the answered leg says connecting', async () => {
    const { open, seen } = await serve(false);
    const a = await open('leg-a');
    a.send({ type: 'hangup' });
    expect(await a.closed).toBe(1000);
    const b = await open('leg-b');
    b.ws.close();
    await b.closed;
    await expect.poll(() => seen.length).toBe(4);
    expect(seen).toEqual([
      ['leg-a', 'connecting', undefined],
      ['leg-a', 'closed', true],
      ['leg-b', 'connecting', undefined],
      ['leg-b', 'closed', false],
    ]);
  });

  it('a hangup frame on a socket without a leg (a customer hanging up while rejoining): closed, hungUp true', async () => {
    const { url, seen } = await serve(false);
    const s = await openSocket(`${url}?token=leg-a`);
    s.send({ type: 'hangup' });
    expect(await s.closed).toBe(1000);
    expect(seen).toEqual([['leg-a', 'closed', true]]);
  });

  it('a leg lost under an open socket (ICE failed) that may rejoin: no `closed` frame, the socket closes 4000', async () => {
    const { open, drop, seen } = await serve(true);
    const s = await open('leg-a');
    const after = rest(s);
    drop('leg-a');
    expect(await after).toEqual({ code: 4000, frames: [] });
    expect(seen.at(-1)).toEqual(['leg-a', 'closed', false]);
    // The token opens its leg again.
    await open('leg-a');
  });

  it('a leg the server ended (not to rejoin): the `closed` frame, then 1000', async () => {
    const { open, drop } = await serve(false);
    const s = await open('leg-a');
    const after = rest(s);
    drop('leg-a');
    expect(await after).toEqual({ code: 1000, frames: [{ type: 'state', state: 'closed' }] });
  });
});
