/**
 * The Node entry: Node 20 has fetch and Blob but no global WebSocket, so `ws` is installed
 * as the platform's. (A global WebSocket, as in Node 22, is used when there is one.)
 */
import WebSocket from 'ws';
import { setPlatformWebSocket } from './config.js';
import type { WebSocketFactory } from './socket.js';

/**
 * `ws` emits 'error' as an event, and an EventEmitter with no 'error' listener throws it
 * (closing a socket that is still connecting does that): one listener that does nothing,
 * the session learns of the failure from `close`.
 */
class NodeWebSocket extends WebSocket {
  constructor(url: string) {
    super(url);
    this.on('error', () => undefined);
  }
}

setPlatformWebSocket(NodeWebSocket as unknown as WebSocketFactory);

export * from './index.js';
