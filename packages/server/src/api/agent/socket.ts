/**
 * The agent websocket, `GET /agent/v1/ws` (token in `?token=`, a bearer header or the
 * session cookie). The server pushes the agent's data: a whole `{type:'snapshot', version,
 * data}` first (right after connecting, unless `?since=<version>` is already current),
 * then, on every change, a `{type:'delta', version, base, data}` with what changed since
 * `base` (the agent's state, the contacts that changed, the order; the configuration only
 * when it changed: InstanceRouting builds them). It answers commands `{id, method, params}`
 * with `{type:'result', id, data}` or `{type:'error', id, error:{type, message}}`. Several
 * sockets per agent stay in sync; the first one makes the agent present for routing,
 * closing the last one removes it. When the session ends the sockets close with 4401 and
 * the reason (`signed out`, `session refreshed`, `session expired`).
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import { heartbeat } from '../../util/heartbeat.js';
import type { RoutingService } from '../../routing/service.js';
import { corkedSender } from '../../util/corked.js';
import { timeOrderedId } from '../../util/time-ordered-id.js';
import type { VoiceControl } from '../../voice/calls.js';
import type { RecordingControl } from '../../voice/recordings.js';
import { type AgentAdminContext, runCommand } from './commands.js';
import { errorBody, tokenOf } from './routes.js';
import type { AgentSessions } from './sessions.js';

export const AGENT_WS_PATH = '/agent/v1/ws';
/** Largest frame a client may send; commands are small. */
const MAX_FRAME = 64 * 1024;
/** Commands a socket may send per second; more are answered ThrottlingException. */
const MAX_FRAMES_PER_SECOND = 200;
/** Beyond this many frames in a second the socket is closed (policy violation). */
const CLOSE_FRAMES_PER_SECOND = 1000;
const PING_INTERVAL_MS = 30_000;

export interface AgentSocketDeps {
  readonly sessions: AgentSessions;
  readonly routing: RoutingService;
  readonly now: () => number;
  readonly log: { info(obj: unknown, msg?: string): void; warn(obj: unknown, msg?: string): void };
  readonly admin: AgentAdminContext;
  /** Voice contacts' calls (hold, mute). */
  readonly voice: VoiceControl;
  /** Voice contacts' recordings (the agent's pause button). */
  readonly recording?: RecordingControl;
}

export interface AgentSocketServer {
  /** Handles an upgrade for AGENT_WS_PATH; false when the path is not ours. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  close(): void;
  /** Open agent sockets. */
  readonly size: number;
}

/** A command's answer and the snapshot it caused leave in one write (util/corked.ts). */
export const sendFrame = corkedSender(setImmediate);

const send = (ws: WebSocket, msg: unknown): void => sendFrame(ws, JSON.stringify(msg));

export function createAgentSocketServer(deps: AgentSocketDeps): AgentSocketServer {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME });
  const byToken = new Map<string, Set<WebSocket>>();
  const beat = heartbeat(wss, PING_INTERVAL_MS);

  deps.sessions.onRevoke((hash, why) => {
    for (const ws of byToken.get(hash) ?? []) ws.close(4401, why);
  });

  const reject = (socket: Duplex, status: number, type: string, message: string) => {
    const body = JSON.stringify({ message, Message: message });
    socket.end(
      `HTTP/1.1 ${status} ${status === 403 ? 'Forbidden' : 'Bad Request'}\r\nx-amzn-errortype: ${type}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  };

  const attach = (
    ws: WebSocket,
    session: { instanceId: string; userId: string; tokenHash: string },
    since: number | undefined,
  ) => {
    const ir = deps.routing.instance(session.instanceId);
    beat.watch(ws);
    const set = byToken.get(session.tokenHash) ?? new Set<WebSocket>();
    byToken.set(session.tokenHash, set);
    set.add(ws);
    const unsubscribe = ir.subscribe(session.userId, (push) => sendFrame(ws, push.frame));
    // Routing is reloaded from storage after a failed commit: this desktop reconnects to
    // the new runtime (1012, service restart) and gets the state storage holds.
    const unwatch = ir.onSuperseded(() => ws.close(1012, 'routing restarted'));
    if (since === undefined || since !== ir.version(session.userId)) {
      const first = ir.firstFrame(session.userId);
      if (first) sendFrame(ws, first.frame);
    }
    let windowStart = deps.now();
    let frames = 0;
    ws.on('message', (raw, isBinary) => {
      const now = deps.now();
      if (now - windowStart >= 1000) {
        windowStart = now;
        frames = 0;
      }
      if (++frames > CLOSE_FRAMES_PER_SECOND) {
        ws.close(1008, 'too many frames');
        return;
      }
      let msg: { id?: unknown; method?: unknown; params?: unknown };
      try {
        if (isBinary) throw new Error('binary');
        msg = JSON.parse(raw.toString()) as typeof msg;
        if (msg === null || typeof msg !== 'object' || Array.isArray(msg)) throw new Error('not an object');
      } catch {
        send(ws, { type: 'error', error: { type: 'SerializationException', message: 'Frames must be JSON objects' } });
        return;
      }
      const id = typeof msg.id === 'string' || typeof msg.id === 'number' ? msg.id : null;
      if (typeof msg.method !== 'string') {
        send(ws, { type: 'error', id, error: { type: 'InvalidParameterException', message: 'method is required' } });
        return;
      }
      if (frames > MAX_FRAMES_PER_SECOND) {
        // Answered, not dropped: the client learns which commands to retry.
        send(ws, { type: 'error', id, error: { type: 'ThrottlingException', message: 'Too many commands; slow down' } });
        return;
      }
      const method = msg.method;
      // Re-check the session: it may have expired or been revoked since the socket opened.
      deps.sessions
        .verify(tokenOfSocket.get(ws))
        .then(() =>
          runCommand(method, msg.params, {
            ir,
            session,
            newId: timeOrderedId,
            now: deps.now,
            log: deps.log,
            admin: () => deps.admin(session),
            voice: deps.voice,
            ...(deps.recording ? { recording: deps.recording } : {}),
          }),
        )
        .then(
          (data) => send(ws, { type: 'result', id, data: data ?? {} }),
          (err: unknown) => send(ws, { type: 'error', id, error: errorBody(err) }),
        );
    });
    ws.on('close', () => {
      unwatch();
      unsubscribe();
      set.delete(ws);
      if (set.size === 0) byToken.delete(session.tokenHash);
    });
    ws.on('error', (err) => deps.log.info({ err: err.message }, 'agent socket error'));
  };

  const tokenOfSocket = new WeakMap<WebSocket, string | undefined>();

  return {
    handleUpgrade(req, socket, head) {
      const url = parseRequestUrl(req.url);
      if (url?.pathname !== AGENT_WS_PATH) return false;
      const token = tokenOf(req.headers, { token: url.searchParams.get('token') ?? undefined });
      const sinceRaw = url.searchParams.get('since');
      const since = sinceRaw !== null && /^\d{1,15}$/.test(sinceRaw) ? Number(sinceRaw) : undefined;
      deps.sessions.verify(token).then(
        (session) => {
          if (!deps.routing.served(session.instanceId)) {
            reject(socket, 403, 'AccessDeniedException', 'Instance not served');
            return;
          }
          wss.handleUpgrade(req, socket, head, (ws) => {
            tokenOfSocket.set(ws, token);
            try {
              attach(ws, session, since);
            } catch {
              // Routing is reloading after a storage failure: come back in a moment.
              ws.close(1012, 'routing restarted');
            }
          });
        },
        (err: unknown) => {
          const e = errorBody(err);
          reject(socket, 403, e.type, e.message);
        },
      );
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

/** The request URL, or undefined when it does not parse (e.g. `//` or `/\\`). */
export function parseRequestUrl(raw: string | undefined): URL | undefined {
  try {
    return new URL(raw ?? '/', 'http://x');
  } catch {
    return undefined;
  }
}

const rawAnswer = (status: string, type: string, message: string): string => {
  const body = JSON.stringify({ message, Message: message });
  return `HTTP/1.1 ${status}\r\nx-amzn-errortype: ${type}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`;
};

/** Routes upgrades on an http(s) server to the socket servers that claim their path. */
export function routeUpgrades(
  server: Server,
  handlers: readonly { handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean }[],
  log?: { warn(obj: unknown, msg?: string): void },
): void {
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    // An exception here would escape into the 'upgrade' event and end the process.
    try {
      for (const h of handlers) if (h.handleUpgrade(req, socket, head)) return;
      socket.end(rawAnswer('404 Not Found', 'UnknownOperationException', 'No websocket is served at this path'));
    } catch (err) {
      log?.warn({ err }, 'websocket upgrade failed');
      socket.end(rawAnswer('400 Bad Request', 'InvalidRequestException', 'Malformed websocket upgrade request'));
    }
  });
}
