/** Signs a raw HTTP request the way the AWS SDK does, for tests that bypass the SDK. */
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';

export interface RawRequest {
  method: string;
  /** Path with its percent-encoding, no query. */
  path: string;
  query?: Record<string, string | string[]>;
  body?: string;
}

export async function signedFetch(
  baseUrl: string,
  req: RawRequest,
  key: { accessKeyId: string; secretAccessKey: string },
): Promise<Response> {
  const url = new URL(baseUrl);
  const signer = new SignatureV4({ credentials: key, region: 'us-east-1', service: 'connect', sha256: Sha256 });
  const headers: Record<string, string> = { host: url.host };
  if (req.body !== undefined) headers['content-type'] = 'application/json';
  const signed = await signer.sign(
    new HttpRequest({
      method: req.method,
      protocol: 'http:',
      hostname: url.hostname,
      port: Number(url.port),
      path: req.path,
      query: req.query ?? {},
      headers,
      ...(req.body !== undefined ? { body: req.body } : {}),
    }),
  );
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(req.query ?? {})) for (const one of Array.isArray(v) ? v : [v]) qs.append(k, one);
  const search = qs.toString();
  const h = { ...(signed.headers as Record<string, string>) };
  delete h.host;
  return fetch(`${baseUrl}${req.path}${search ? `?${search}` : ''}`, {
    method: req.method,
    headers: h,
    ...(req.body !== undefined ? { body: req.body } : {}),
  });
}
