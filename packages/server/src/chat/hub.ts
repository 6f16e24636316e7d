/**
 * The participant websocket (the protocol of the websocket manager chatjs bundles,
 * shared/spec/wire-participant-and-connect.md §2): `aws/subscribe` is acknowledged,
 * `aws/heartbeat` and `aws/ping` are answered, and chat items go out as
 * `{"topic":"aws/chat","contentType":"application/json","content":"<JSON string>"}` to
 * every subscribed socket of every participant of the chat (sender included). A
 * participant may hold several sockets (rotation, secondary socket).
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ChatItem } from '@switchboard/core';
import { corkedSender } from '../util/corked.js';
import { WebSocket, WebSocketServer } from 'ws';
import { parseRequestUrl } from '../api/agent/socket.js';
import type { TokenSigner } from '../auth/tokens.js';

export const PARTICIPANT_WS_PATH = '/participant/ws';
/** How long the URL from CreateParticipantConnection can be used to connect. */
export const WS_URL_TTL_MS = 100_000;
const MAX_FRAME = 32 * 1024;
const MAX_FRAMES_PER_SECOND = 50;

export interface SocketOwner {
  readonly instanceId: string;
  readonly initialContactId: string;
  readonly contactId: string;
  readonly participantId: string;
}

interface Sock extends SocketOwner {
  readonly ws: WebSocket;
  subscribed: boolean;
}

export interface HubLimits {
  /** Open sockets one participant may hold. */
  readonly socketsPerParticipant: number;
}

export class ChatHub {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME });
  /** Sockets by `${instanceId}/${initialContactId}`. */
  private readonly chains = new Map<string, Set<Sock>>();

  constructor(
    private readonly signer: TokenSigner,
    private readonly now: () => number,
    private readonly limits: HubLimits,
    /**
     * May this participant still connect: false once the chat has ended, 'retry' while
     * routing reloads after a storage failure.
     */
    private readonly mayConnect: (owner: SocketOwner) => boolean | 'retry',
  ) {}

  /** A URL for CreateParticipantConnection: usable for WS_URL_TTL_MS. */
  url(base: string, owner: SocketOwner): { url: string; expiresAt: number } {
    const expiresAt = this.now() + WS_URL_TTL_MS;
    const token = this.signer.sign({
      k: 'participant',
      i: owner.instanceId,
      c: owner.contactId,
      p: owner.participantId,
      e: expiresAt,
      n: `ws:${owner.initialContactId}`,
    });
    return { url: `${base.replace(/^http/, 'ws')}${PARTICIPANT_WS_PATH}?token=${encodeURIComponent(token)}`, expiresAt };
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const url = parseRequestUrl(req.url);
    if (url?.pathname !== PARTICIPANT_WS_PATH) return false;
    const claims = this.signer.verify(url.searchParams.get('token') ?? '');
    const initial = claims?.n?.startsWith('ws:') ? claims.n.slice(3) : undefined;
    if (!claims || !initial || claims.e <= this.now()) {
      refuse(socket, 'The websocket URL is not valid or has expired; call CreateParticipantConnection again');
      return true;
    }
    const owner: SocketOwner = { instanceId: claims.i, initialContactId: initial, contactId: claims.c, participantId: claims.p };
    const may = this.mayConnect(owner);
    if (may === 'retry') {
      refuse(socket, 'The service is reloading; try again in a moment', 503);
      return true;
    }
    if (!may) {
      refuse(socket, 'The chat has ended');
      return true;
    }
    const key = `${owner.instanceId}/${owner.initialContactId}`;
    const mine = [...(this.chains.get(key) ?? [])].filter((s) => s.participantId === owner.participantId);
    if (mine.length >= this.limits.socketsPerParticipant) {
      // The oldest socket gives way (a client that lost track of its sockets still works).
      mine[0]?.ws.close(1000, 'Too many sockets for this participant');
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.attach(ws, owner, key));
    return true;
  }

  private attach(ws: WebSocket, owner: SocketOwner, key: string): void {
    const sock: Sock = { ...owner, ws, subscribed: false };
    const set = this.chains.get(key) ?? new Set<Sock>();
    this.chains.set(key, set);
    set.add(sock);
    let windowStart = this.now();
    let frames = 0;
    ws.on('message', (raw, isBinary) => {
      const now = this.now();
      if (now - windowStart >= 1000) {
        windowStart = now;
        frames = 0;
      }
      if (++frames > MAX_FRAMES_PER_SECOND) {
        ws.close(1008, 'Too many frames');
        return;
      }
      if (isBinary) return;
      const msg = parseFrame(raw.toString());
      if (msg === undefined) {
        send(ws, { topic: 'aws/error', message: 'Frames must be JSON objects', statusCode: 400 });
        return;
      }
      switch (msg.topic) {
        case 'aws/subscribe': {
          const requested = msg.content?.topics;
          const topics = Array.isArray(requested) ? requested.filter((t): t is string => typeof t === 'string') : [];
          const ok = topics.length > 0 && topics.every((t) => t === 'aws/chat');
          if (ok) sock.subscribed = true;
          send(ws, { topic: 'aws/subscribe', content: { status: ok ? 'success' : 'failure', topics } });
          return;
        }
        case 'aws/unsubscribe':
          sock.subscribed = false;
          send(ws, { topic: 'aws/unsubscribe', content: { status: 'success', topics: ['aws/chat'] } });
          return;
        case 'aws/heartbeat':
          send(ws, { topic: 'aws/heartbeat' });
          return;
        case 'aws/ping':
          send(ws, { topic: 'aws/ping', statusCode: 200, statusContent: 'OK' });
          return;
        default:
          send(ws, { topic: 'aws/error', message: 'Unknown topic', statusCode: 400 });
      }
    });
    ws.on('close', () => {
      set.delete(sock);
      if (set.size === 0) this.chains.delete(key);
    });
    ws.on('error', () => ws.terminate());
  }

  /** Sends items to every subscribed socket of the chat. */
  publish(
    instanceId: string,
    initialContactId: string,
    items: readonly ChatItem[],
    mayRead: (owner: SocketOwner) => boolean = () => true,
  ): void {
    const set = this.chains.get(`${instanceId}/${initialContactId}`);
    if (!set || items.length === 0) return;
    // Each item is serialised and encoded once, whatever the number of sockets.
    const frames = items.map(chatFrame);
    let verdicts: Map<string, boolean> | undefined;
    for (const s of set) {
      if (!s.subscribed || s.ws.readyState !== WebSocket.OPEN) continue;
      verdicts ??= new Map();
      let ok = verdicts.get(s.participantId);
      if (ok === undefined) {
        ok = mayRead(s);
        verdicts.set(s.participantId, ok);
      }
      if (!ok) {
        // No longer in this chat (rejected, transferred away): the socket has no use.
        s.ws.close(1000, 'No longer a participant');
        continue;
      }
      for (const f of frames) sendCorked(s.ws, f);
    }
  }

  /** Closes the sockets of a chat that ended, once the last item reached them. */
  closeChat(instanceId: string, initialContactId: string): void {
    for (const s of this.chains.get(`${instanceId}/${initialContactId}`) ?? []) s.ws.close(1000, 'Chat ended');
  }

  /** Open sockets (for metrics and tests). */
  get size(): number {
    let n = 0;
    for (const set of this.chains.values()) n += set.size;
    return n;
  }

  close(): void {
    for (const ws of this.wss.clients) ws.terminate();
    this.wss.close();
  }
}

interface Frame {
  readonly topic?: unknown;
  readonly content?: { readonly topics?: unknown };
}

/** A JSON object frame, or undefined (never answered with a non-JSON frame: the client would throw). */
function parseFrame(text: string): Frame | undefined {
  try {
    const v: unknown = JSON.parse(text);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Frame) : undefined;
  } catch {
    return undefined;
  }
}

const send = (ws: WebSocket, msg: unknown): void => {
  if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(msg));
};

/**
 * An `aws/chat` frame: the item is a JSON string inside the JSON frame (double-encoded,
 * as the service sends it), as UTF-8 bytes sent as a text frame.
 */
const chatFrame = (item: ChatItem): Buffer =>
  Buffer.from(`{"topic":"aws/chat","contentType":"application/json","content":${JSON.stringify(JSON.stringify(item))}}`);

/** The items of one commit leave in one write per socket (util/corked.ts). */
const sendCorked = corkedSender((flush) => process.nextTick(flush));

function refuse(socket: Duplex, message: string, status: 403 | 503 = 403): void {
  const body = JSON.stringify({ message, Message: message });
  const [line, type] =
    status === 503 ? ['503 Service Unavailable', 'InternalServerException'] : ['403 Forbidden', 'AccessDeniedException'];
  socket.end(
    `HTTP/1.1 ${line}\r\nx-amzn-errortype: ${type}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}
