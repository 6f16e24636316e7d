/**
 * Admin API authentication: SigV4 (service `connect`) verified against the access keys
 * of the instances in storage, plus an optional root key from the environment.
 */
import { type IncomingSignedRequest, verifySigV4 } from '../../aws/sigv4.js';
import type { Principal } from './context.js';

export interface KeyEntry {
  readonly secret: string;
  readonly instanceIds: 'all' | ReadonlySet<string>;
}

/** Access key id → secret and scope. Rebuilt when keys change (config load). */
export type KeyRing = ReadonlyMap<string, KeyEntry>;

/** What SigV4 needs of a request: a FastifyRequest has it, and so does the fast path (http/fast-path.ts). */
export interface SignedRequest {
  readonly method: string;
  /** Path + query as received. */
  readonly url: string;
  readonly headers: IncomingSignedRequest['headers'];
  /** The body bytes; none is an empty body. */
  readonly rawBody?: Buffer | undefined;
}

export async function authenticate(req: SignedRequest, keys: KeyRing, now: number): Promise<Principal> {
  const { accessKeyId } = await verifySigV4(
    { method: req.method, rawUrl: req.url, headers: req.headers, body: req.rawBody ?? Buffer.alloc(0) },
    (id) => keys.get(id)?.secret,
    { service: 'connect', now },
  );
  const entry = keys.get(accessKeyId);
  return { accessKeyId, instanceIds: entry?.instanceIds ?? new Set() };
}
