/**
 * A static site on another origin than the API (http://localhost:<port>, the API being
 * http://127.0.0.1:<port>), for browser tests: pages that load a library and call the
 * server cross-origin, as a customer's or a CRM's site would.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Path → [content type, body]. */
export type SiteFiles = Record<string, readonly [string, string | Buffer]>;

export interface StaticSite {
  readonly server: Server;
  /** `http://localhost:<port>` */
  readonly origin: string;
  close(): Promise<void>;
}

export async function startStaticSite(files: SiteFiles): Promise<StaticSite> {
  const server = createServer((req, res) => {
    const p = (req.url ?? '/').split('?')[0] ?? '/';
    if (p === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    const file = files[p];
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': file[0], 'cache-control': 'no-store' }).end(file[1]);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    server,
    origin: `http://localhost:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
