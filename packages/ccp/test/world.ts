/**
 * The server the CCP's browser journeys run against: the real server (SQLite; the demo
 * instance unless `opts.config` says otherwise) serving the CCP built from the current
 * sources at /ccp/.
 */
import type { StartOptions } from '../../server/src/server.js';
import { backends } from '../../server/test/backends.js';
import { type ChatWorld, chatWorld } from '../../server/test/chat-support.js';
import { ccpBuild } from './build.js';

const sqlite = backends.find((b) => b.name === 'sqlite') ?? backends[0]!;

export async function ccpWorld(opts: Partial<StartOptions> = {}): Promise<{ world: ChatWorld; ccpUrl: string }> {
  const world = await chatWorld(sqlite, { ccpDir: await ccpBuild(), ...opts });
  return { world, ccpUrl: `${world.server.url}/ccp/` };
}
