/** TLS: a certificate pair from files, or a self-signed one kept in the data directory. */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

export type TlsOption = { readonly cert: string; readonly key: string } | 'self-signed' | undefined;

export async function resolveTls(
  opt: TlsOption,
  dataDir: string,
): Promise<{ key: Buffer | string; cert: Buffer | string } | undefined> {
  if (!opt) return undefined;
  if (opt !== 'self-signed') return { cert: await readFile(opt.cert), key: await readFile(opt.key) };
  const dir = path.join(dataDir, 'tls');
  const certFile = path.join(dir, 'self-signed.crt');
  const keyFile = path.join(dir, 'self-signed.key');
  if (existsSync(certFile) && existsSync(keyFile)) return { cert: await readFile(certFile), key: await readFile(keyFile) };
  const { generate } = await import('selfsigned'); // only for --tls self-signed
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keySize: 2048,
    algorithm: 'sha256',
    extensions: [
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  });
  await mkdir(dir, { recursive: true });
  await writeFile(certFile, pems.cert);
  await writeFile(keyFile, pems.private, { mode: 0o600 });
  return { cert: pems.cert, key: pems.private };
}
