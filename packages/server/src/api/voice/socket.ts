/**
 * Voice signalling, `GET /voice/v1/ws?token=…`: a browser brings its SDP offer and gets the
 * media server's answer (no trickle ICE: both descriptions carry their candidates).
 *
 * Frames, JSON, client → server:
 *   {type:'config'}       answered by {type:'config', iceServers}: the STUN/TURN servers to
 *                         gather candidates with (TURN credentials minted for this leg)
 *   {type:'offer', sdp}   answered by {type:'answer', sdp}: the leg exists from then on
 *   {type:'hangup'}       ends the leg: a customer's hangs up the call (also on a socket
 *                         without a leg: one rejoining). Closing the socket
 *                         ends the leg too, but a customer's leg lost so (a reload, a new
 *                         network; or ICE failed) may rejoin with the same token within a
 *                         grace period before the contact ends (voice/calls.ts)
 * server → client:
 *   {type:'answer', sdp}
 *   {type:'state', state} the leg's connection: connected | disconnected | closed (the
 *                         leg ended for good; a leg lost by ICE that may rejoin gets no
 *                         `closed`: its socket closes with 4000 'rejoin')
 *   {type:'progress', progress}  to a customer's leg: waiting | connected | held (the call
 *                         controller's `notify`: when the leg connects, an agent joins, holds, resumes)
 *   {type:'error', error:{type, message}}  AWS error types: InvalidRequestException (bad
 *                         SDP), SerializationException (not a JSON frame), AccessDeniedException
 *                         (no or unknown token; the socket then closes with 4401),
 *                         ConflictException (the token's leg is already in a call)
 * A token opens one leg: a second offer while its leg is open is refused; other calls are
 * never affected by what one socket sends.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import {
  InvalidRequestException,
  isServiceError,
  VOICE_WS_PATH,
  type VoiceIceServer,
  type VoiceServerFrame,
} from '@switchboard/core';
import { type WebSocket, WebSocketServer } from 'ws';
import { heartbeat } from '../../util/heartbeat.js';
import type { MediaServer } from '../../media/index.js';
import { parseRequestUrl } from '../agent/socket.js';
import type { AuthorizeVoice, VoiceGrant } from './grants.js';

export { VOICE_WS_PATH };
/** Offers are a few kB. */
const MAX_FRAME = 64 * 1024;
const MAX_FRAMES_PER_SECOND = 20;
/** Short: a customer whose network changed rejoins once their old leg is gone (5–10 s). */
const PING_INTERVAL_MS = 5_000;

export interface VoiceSocketDeps {
  readonly media: MediaServer;
  readonly authorize: AuthorizeVoice;
  readonly log: { info(obj: unknown, msg?: string): void; warn(obj: unknown, msg?: string): void };
  /** DTMF digits a leg sent, in order (the app hands them to the contact's call). */
  readonly onDigit?: (grant: VoiceGrant, digit: string) => void;
  /**
   * A leg's connection changed (`closed` last, with `hungUp`: a hangup frame ended it, not a
   * lost socket or ICE): the app's call controller follows the legs. True when the closed
   * leg may rejoin (the customer's, lost): no `closed` frame then.
   */
  readonly onLegState?: (grant: VoiceGrant, state: string, hungUp?: boolean) => boolean | undefined;
  /** The ICE servers a leg's `config` frame asks for (ice-servers.ts); none by default. */
  readonly iceServers?: (grant: VoiceGrant) => readonly VoiceIceServer[];
}

export interface VoiceSocketServer {
  /** Sends a frame to the socket of leg `legId`, when one is open and answered here. */
  notify(legId: string, frame: VoiceServerFrame): void;
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  close(): void;
  readonly size: number;
}

const errorOf = (err: unknown) =>
  isServiceError(err)
    ? { type: err.name, message: err.message }
    : { type: 'InternalServiceException', message: 'An internal error occurred' };

export function createVoiceSocketServer(deps: VoiceSocketDeps): VoiceSocketServer {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME });
  const beat = heartbeat(wss, PING_INTERVAL_MS);
  /** The socket of each answered leg. */
  const legs = new Map<string, WebSocket>();
  const send = (ws: WebSocket, msg: unknown) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg));
  };

  /** Frames are read from the start; each waits for the token's check (an offer may come first). */
  const attach = (ws: WebSocket, granted: Promise<VoiceGrant>) => {
    let grant: VoiceGrant | undefined;
    granted.then(
      (g) => {
        grant = g;
      },
      (err: unknown) => {
        send(ws, { type: 'error', error: errorOf(err) });
        ws.close(4401, 'not authorized');
      },
    );
    /** This socket's leg, once answered: hanging up or closing ends it. */
    let own = false;
    /** A hangup frame came: the leg's closing is the customer hanging up. */
    let hungUp = false;
    let busy = false;
    let windowStart = Date.now();
    let frames = 0;
    const hangUp = () => {
      if (own && grant) deps.media.closeLeg(grant.legId);
      own = false;
      if (grant && legs.get(grant.legId) === ws) legs.delete(grant.legId);
    };
    ws.on('message', (raw, isBinary) => {
      const now = Date.now();
      if (now - windowStart >= 1000) {
        windowStart = now;
        frames = 0;
      }
      if (++frames > MAX_FRAMES_PER_SECOND) {
        ws.close(1008, 'too many frames');
        return;
      }
      let msg: { type?: unknown; sdp?: unknown };
      try {
        if (isBinary) throw new Error('binary');
        msg = JSON.parse(raw.toString()) as typeof msg;
        if (msg === null || typeof msg !== 'object' || Array.isArray(msg)) throw new Error('not an object');
      } catch {
        send(ws, { type: 'error', error: { type: 'SerializationException', message: 'Frames must be JSON objects' } });
        return;
      }
      granted.then(
        (g) => onFrame(g, msg),
        () => undefined,
      );
    });
    const onFrame = (grant: VoiceGrant, msg: { type?: unknown; sdp?: unknown }) => {
      if (msg.type === 'hangup') {
        hungUp = true;
        // No leg here (a customer hanging up while rejoining): the call controller hears it all the same.
        if (!own) deps.onLegState?.(grant, 'closed', true);
        hangUp();
        ws.close(1000, 'hung up');
        return;
      }
      if (msg.type === 'config') {
        // Asked for rather than pushed at open: a client that never asks (or an older one)
        // sees the same frames as before, and credentials go only to a checked token.
        send(ws, { type: 'config', iceServers: deps.iceServers?.(grant) ?? [] });
        return;
      }
      if (msg.type !== 'offer') {
        send(ws, {
          type: 'error',
          error: { type: 'InvalidRequestException', message: "type must be 'config', 'offer' or 'hangup'" },
        });
        return;
      }
      if (busy) {
        send(ws, { type: 'error', error: { type: 'ConflictException', message: 'An offer is already being answered' } });
        return;
      }
      busy = true;
      const events = {
        onDigit: (digit: string) => deps.onDigit?.(grant, digit),
        onState: (state: string) => {
          if (state !== 'closed') {
            send(ws, { type: 'state', state });
            deps.onLegState?.(grant, state);
            return;
          }
          // The leg is gone (hung up, ended by the server, ICE failed): so is its signalling.
          // Lost, not ended (ICE failed, the call goes on): no `closed`, the browser rejoins.
          const mayRejoin = deps.onLegState?.(grant, state, hungUp) === true;
          if (!mayRejoin) send(ws, { type: 'state', state });
          own = false;
          if (legs.get(grant.legId) === ws) legs.delete(grant.legId);
          if (mayRejoin) ws.close(4000, 'rejoin');
          else ws.close(1000, 'call ended');
        },
      };
      Promise.resolve()
        .then(() => {
          if (typeof msg.sdp !== 'string') throw new InvalidRequestException('sdp must be a string');
          return deps.media.answer(grant, msg.sdp, events);
        })
        .then(
          (sdp) => {
            own = true;
            legs.set(grant.legId, ws);
            // The socket closed while the answer was made: the leg goes with it.
            if (ws.readyState !== ws.OPEN) hangUp();
            else {
              // The leg exists (connecting): a customer rejoining is back in time.
              deps.onLegState?.(grant, 'connecting');
              send(ws, { type: 'answer', sdp });
            }
          },
          (err: unknown) => {
            if (!isServiceError(err)) deps.log.warn({ err, legId: grant.legId }, 'voice offer failed');
            send(ws, { type: 'error', error: errorOf(err) });
          },
        )
        .finally(() => {
          busy = false;
        });
    };
    ws.on('close', hangUp);
    ws.on('error', (err) => deps.log.info({ err: err.message }, 'voice socket error'));
  };

  return {
    notify(legId, frame) {
      const ws = legs.get(legId);
      if (ws) send(ws, frame);
    },
    handleUpgrade(req, socket, head) {
      const url = parseRequestUrl(req.url);
      if (url?.pathname !== VOICE_WS_PATH) return false;
      const token = url.searchParams.get('token') ?? undefined;
      // Accepted first, then checked: a browser sees the refusal as a frame, not a bare failed upgrade.
      wss.handleUpgrade(req, socket, head, (ws) => {
        beat.watch(ws);
        attach(
          ws,
          Promise.resolve().then(() => deps.authorize(token)),
        );
      });
      return true;
    },
    close() {
      beat.stop();
      for (const ws of wss.clients) ws.terminate();
      wss.close();
    },
    get size() {
      return wss.clients.size;
    },
  };
}
