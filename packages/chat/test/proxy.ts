/**
 * A loopback TCP proxy in front of the server, started as its public URL, so a test
 * controls the network between a chat session and the server without touching either:
 * `dropWebSockets()` cuts the live websockets at the server's end (the client sees its
 * connection closed under it), `offline(ms)` cuts everything and refuses new connections
 * for a while (what the client sees when its network goes away), `setDelay` slows it.
 */
import { createServer, type Server, type Socket, connect } from 'node:net';
import type { AddressInfo } from 'node:net';

interface Pair {
  readonly client: Socket;
  upstream?: Socket;
  websocket: boolean;
}

export class NetProxy {
  private readonly pairs = new Set<Pair>();
  private targetPort = 0;
  private offlineUntil = 0;
  /** How many websocket connections were cut so far. */
  drops = 0;

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<NetProxy> {
    let proxy!: NetProxy;
    const server = createServer((client) => proxy.accept(client));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    proxy = new NetProxy(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return proxy;
  }

  /** The server's port (known only after it started, with this proxy's URL as its public URL). */
  target(port: number): void {
    this.targetPort = port;
  }

  get isOffline(): boolean {
    return Date.now() < this.offlineUntil;
  }

  /** Cuts every websocket connection at the server's end. Returns how many. */
  dropWebSockets(): number {
    let n = 0;
    for (const p of this.pairs) {
      if (!p.websocket) continue;
      p.upstream?.destroy();
      p.client.destroy();
      this.pairs.delete(p);
      n++;
    }
    this.drops += n;
    return n;
  }

  /** The network is gone for `ms`: every connection is cut and new ones are refused. */
  offline(ms: number): void {
    this.offlineUntil = Date.now() + ms;
    for (const p of this.pairs) {
      if (p.websocket) this.drops++;
      p.upstream?.destroy();
      p.client.destroy();
    }
    this.pairs.clear();
  }

  async close(): Promise<void> {
    for (const p of this.pairs) {
      p.upstream?.destroy();
      p.client.destroy();
    }
    this.pairs.clear();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  private accept(client: Socket): void {
    if (this.isOffline || this.targetPort === 0) {
      client.destroy();
      return;
    }
    const pair: Pair = { client, websocket: false };
    this.pairs.add(pair);
    client.once('data', (first: Buffer) => {
      pair.websocket = /^GET [^\r\n]*\r\n[\s\S]*upgrade: websocket/i.test(first.toString('latin1'));
      const upstream = connect(this.targetPort, '127.0.0.1');
      pair.upstream = upstream;
      upstream.write(first);
      client.pipe(upstream);
      upstream.pipe(client);
      const end = () => {
        client.destroy();
        upstream.destroy();
        this.pairs.delete(pair);
      };
      upstream.on('error', end);
      upstream.on('close', end);
    });
    client.on('error', () => client.destroy());
    client.on('close', () => {
      pair.upstream?.destroy();
      this.pairs.delete(pair);
    });
  }
}
