/**
 * Frames for one websocket within a turn leave in one write. ws writes every frame on its
 * own (it corks its socket only around the two halves of a single frame) and has no
 * batching; corking the underlying net socket (ws's `_socket`, corked the same way by ws
 * itself) until `flushAt` runs makes one syscall of all of them.
 *
 * `flushAt` decides what counts as a turn: `process.nextTick` flushes once the current
 * callback and its promise reactions have run (chat items of one commit); `setImmediate`
 * waits for the rest of the event-loop turn too (a command's answer and the snapshot
 * pushed after it).
 */
import type { Duplex } from 'node:stream';
import { WebSocket } from 'ws';

export function corkedSender(flushAt: (flush: () => void) => void): (ws: WebSocket, frame: string | Buffer) => void {
  const corked = new Set<Duplex>();
  const flush = (): void => {
    const sockets = [...corked];
    corked.clear();
    for (const socket of sockets) socket.uncork();
  };
  const text = { binary: false } as const;
  return (ws, frame) => {
    if (ws.readyState !== WebSocket.OPEN) return;
    const socket = (ws as unknown as { _socket?: Duplex })._socket;
    if (socket && !corked.has(socket)) {
      socket.cork();
      if (corked.size === 0) flushAt(flush);
      corked.add(socket);
    }
    ws.send(frame, text);
  };
}
