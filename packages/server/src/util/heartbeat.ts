/**
 * Dead-socket detection for a websocket server (the agent's and the voice signalling's): a
 * ping every `intervalMs`; a socket that did not answer the previous one is terminated, so
 * a peer that vanished (a laptop closed, a network gone) does not hold its seat for ever.
 */
import type { WebSocket, WebSocketServer } from 'ws';

export interface Heartbeat {
  /** Starts watching a socket (call once, when it is attached). */
  watch(ws: WebSocket): void;
  stop(): void;
}

export function heartbeat(wss: WebSocketServer, intervalMs: number): Heartbeat {
  const alive = new WeakMap<WebSocket, boolean>();
  const pinger = setInterval(() => {
    for (const ws of wss.clients) {
      if (alive.get(ws) === false) {
        ws.terminate();
        continue;
      }
      alive.set(ws, false);
      ws.ping();
    }
  }, intervalMs);
  pinger.unref();
  return {
    watch(ws) {
      alive.set(ws, true);
      ws.on('pong', () => alive.set(ws, true));
    },
    stop: () => clearInterval(pinger),
  };
}
