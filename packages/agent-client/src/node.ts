/**
 * The package under the "node" condition: Node 20 has no global WebSocket, so `ws` is
 * installed as the implementation the client uses when there is none (nothing global is
 * changed). Everything else is index.ts.
 */
import WebSocket from 'ws';
import { installWebSocket } from './websocket.js';

if (typeof (globalThis as { WebSocket?: unknown }).WebSocket !== 'function') {
  installWebSocket(WebSocket);
}

export * from './index.js';
