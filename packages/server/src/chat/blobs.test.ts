/**
 * Blob stores: FileBlobStore on a real directory; S3BlobStore only as far as pre-signing
 * goes (no bucket here; the presigner needs no network).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';
import { describe, expect, it } from 'vitest';
import { BlobSizeError, contentDisposition, FileBlobStore, S3BlobStore } from './blobs.js';

const scratch = () => mkdtempSync(path.join(process.env.SWITCHBOARD_TEST_TMP ?? tmpdir(), 'sb-blobs-'));

const chunks = (buf: Buffer, size: number): Readable =>
  Readable.from(
    (function* () {
      for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
    })(),
  );

/** Byte equality without vitest's slow element-by-element diff of big buffers. */
const sameBytes = (got: Buffer, want: Buffer) => expect(got.equals(want), `${got.length} bytes vs ${want.length}`).toBe(true);

/** Every file under dir, relative. */
const tree = async (dir: string): Promise<string[]> =>
  (await readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)));

describe('FileBlobStore', () => {
  it('put (buffer or stream), head, get: the same bytes back; a put replaces', async () => {
    const dir = scratch();
    const blobs = new FileBlobStore(dir);
    const a = randomBytes(300 * 1024);
    await blobs.put('inst/a', a, a.length);
    expect(await blobs.head('inst/a')).toEqual({ size: a.length });
    sameBytes(Buffer.concat(await (await blobs.get('inst/a'))!.toArray()), a);
    sameBytes(await readFile(path.join(dir, 'inst', 'a')), a);

    const b = randomBytes(70_001);
    await blobs.put('inst/a', chunks(b, 4096), b.length);
    expect(await blobs.head('inst/a')).toEqual({ size: b.length });
    sameBytes(Buffer.concat(await (await blobs.get('inst/a'))!.toArray()), b);
    expect(await tree(dir)).toEqual([path.join('inst', 'a')]);
  });

  it('absent keys: head and get are undefined', async () => {
    const blobs = new FileBlobStore(scratch());
    expect(await blobs.head('inst/none')).toBeUndefined();
    expect(await blobs.get('inst/none')).toBeUndefined();
    expect(await blobs.head('never/made/here')).toBeUndefined();
  });

  it('a body longer or shorter than announced: BlobSizeError, nothing kept (not even a temp file)', async () => {
    const dir = scratch();
    const blobs = new FileBlobStore(dir);
    const body = randomBytes(10_000);
    await expect(blobs.put('i/long', chunks(body, 1000), 9_999)).rejects.toMatchObject({
      name: 'BlobSizeError',
      kind: 'too-large',
    });
    await expect(blobs.put('i/long', body, 9_999)).rejects.toBeInstanceOf(BlobSizeError);
    await expect(blobs.put('i/short', chunks(body, 1000), 10_001)).rejects.toMatchObject({ kind: 'too-small', received: 10_000 });
    await expect(blobs.put('i/empty', Buffer.alloc(0), 1)).rejects.toMatchObject({ kind: 'too-small' });
    expect(await tree(dir)).toEqual([]);

    // A failed replacement keeps the previous blob.
    await blobs.put('i/kept', body, body.length);
    await expect(blobs.put('i/kept', randomBytes(5), 4)).rejects.toBeInstanceOf(BlobSizeError);
    sameBytes(Buffer.concat(await (await blobs.get('i/kept'))!.toArray()), body);
    expect(await tree(dir)).toEqual([path.join('i', 'kept')]);
  });

  it('a failing source stream: the error, nothing kept', async () => {
    const dir = scratch();
    const blobs = new FileBlobStore(dir);
    const failing = new Readable({
      read() {
        this.push(Buffer.alloc(100));
        this.destroy(new Error('client went away'));
      },
    });
    await expect(blobs.put('i/x', failing, 1000)).rejects.toThrow('client went away');
    expect(await tree(dir)).toEqual([]);
  });

  it('concurrent puts of one key: one complete blob wins, no temp files stay', async () => {
    const dir = scratch();
    const blobs = new FileBlobStore(dir);
    const bodies = [1, 2, 3, 4].map(() => randomBytes(64 * 1024));
    await Promise.all(bodies.map((b) => blobs.put('i/same', chunks(b, 1024), b.length)));
    const got = Buffer.concat(await (await blobs.get('i/same'))!.toArray());
    expect(bodies.some((b) => b.equals(got))).toBe(true);
    expect(await tree(dir)).toEqual([path.join('i', 'same')]);
  });

  it('refuses keys that could leave its directory or are not server-made', async () => {
    const blobs = new FileBlobStore(scratch());
    for (const key of ['../x', 'a/../../x', '/abs', 'a//b', '', '.', 'a/./b', 'a\\b', 'a b', 'ä', `${'x'.repeat(201)}`]) {
      await expect(blobs.put(key, Buffer.from('x'), 1), key).rejects.toThrow('Invalid blob key');
      await expect(blobs.head(key), key).rejects.toThrow('Invalid blob key');
      await expect(blobs.get(key), key).rejects.toThrow('Invalid blob key');
    }
  });
});

describe('contentDisposition', () => {
  it('an ASCII fallback and the exact UTF-8 name (RFC 5987)', () => {
    expect(contentDisposition('report.pdf')).toBe(`attachment; filename="report.pdf"; filename*=UTF-8''report.pdf`);
    const h = contentDisposition('ünï "q" (1)\\%.png');
    expect(h).toBe(`attachment; filename="_n_ _q_ (1)__.png"; filename*=UTF-8''%C3%BCn%C3%AF%20%22q%22%20%281%29%5C%25.png`);
    expect(decodeURIComponent(h.split("UTF-8''")[1]!)).toBe('ünï "q" (1)\\%.png');
    expect(h).not.toMatch(/[\r\n]/);
  });
});

describe('S3BlobStore pre-signed URLs (no network)', () => {
  const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
  const store = new S3BlobStore({
    bucket: 'chat-files',
    region: 'eu-west-1',
    endpoint: 'http://minio.test:9000',
    forcePathStyle: true,
    credentials,
  });

  /** The signature the URL should carry for this method (recomputed with the same clock). */
  const expectedSignature = async (url: URL, method: string, headers: Record<string, string>) => {
    const query: Record<string, string> = {};
    for (const [k, v] of url.searchParams) if (!k.startsWith('X-Amz-') || k === 'X-Amz-Content-Sha256') query[k] = v;
    const amzDate = url.searchParams.get('X-Amz-Date')!;
    const signingDate = new Date(
      `${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`,
    );
    const signer = new SignatureV4({ credentials, region: 'eu-west-1', service: 's3', sha256: Sha256, uriEscapePath: false });
    delete query['X-Amz-Content-Sha256'];
    const presigned = await signer.presign(
      new HttpRequest({
        method,
        protocol: url.protocol,
        hostname: url.hostname,
        port: Number(url.port),
        path: url.pathname,
        query,
        // Spelled as the S3 presigner spells it: the hoisted query key keeps this case.
        headers: { host: url.host, 'X-Amz-Content-Sha256': 'UNSIGNED-PAYLOAD', ...headers },
      }),
      { signingDate, expiresIn: Number(url.searchParams.get('X-Amz-Expires')) },
    );
    return presigned.query?.['X-Amz-Signature'];
  };

  it('presignPut: a PUT to the endpoint (path style), Content-Length signed, the asked expiry, no checksum demands', async () => {
    const url = new URL(await store.presignPut('inst/att-1', { contentType: 'image/png', size: 307_200, expiresInSeconds: 300 }));
    expect(url.origin).toBe('http://minio.test:9000');
    expect(url.pathname).toBe('/chat-files/inst/att-1');
    expect(url.searchParams.get('x-id')).toBe('PutObject');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('300');
    expect(url.searchParams.get('X-Amz-Credential')).toMatch(/^AKIDEXAMPLE\/\d{8}\/eu-west-1\/s3\/aws4_request$/);
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe('content-length;host');
    expect([...url.searchParams.keys()].filter((k) => /checksum/i.test(k))).toEqual([]);
    // The signature is the one of a PUT with that Content-Length, not of a GET.
    const sig = url.searchParams.get('X-Amz-Signature');
    expect(sig).toBe(await expectedSignature(url, 'PUT', { 'content-length': '307200' }));
    expect(sig).not.toBe(await expectedSignature(url, 'GET', { 'content-length': '307200' }));
    expect(sig).not.toBe(await expectedSignature(url, 'PUT', { 'content-length': '307201' }));
  });

  it('presignGet: a GET with the stored type and an attachment disposition, the asked expiry', async () => {
    const url = new URL(
      await store.presignGet('inst/att-1', {
        contentType: 'application/pdf',
        fileName: 'Rechnung Nr. 5 – März.pdf',
        expiresInSeconds: 42,
      }),
    );
    expect(url.origin).toBe('http://minio.test:9000');
    expect(url.pathname).toBe('/chat-files/inst/att-1');
    expect(url.searchParams.get('x-id')).toBe('GetObject');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('42');
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe('host');
    expect(url.searchParams.get('response-content-type')).toBe('application/pdf');
    expect(url.searchParams.get('response-content-disposition')).toBe(contentDisposition('Rechnung Nr. 5 – März.pdf'));
    const sig = url.searchParams.get('X-Amz-Signature');
    expect(sig).toBe(await expectedSignature(url, 'GET', {}));
    expect(sig).not.toBe(await expectedSignature(url, 'PUT', {}));
  });

  it('virtual-hosted style on AWS, with a key prefix', async () => {
    const aws = new S3BlobStore({ bucket: 'chat-files', region: 'eu-west-1', credentials, prefix: 'switchboard/' });
    const url = new URL(await aws.presignPut('inst/att-2', { contentType: 'text/plain', size: 1, expiresInSeconds: 60 }));
    expect(url.host).toBe('chat-files.s3.eu-west-1.amazonaws.com');
    expect(url.protocol).toBe('https:');
    expect(url.pathname).toBe('/switchboard/inst/att-2');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('60');
  });

  it('refuses keys that are not server-made', async () => {
    await expect(store.presignGet('../other', { contentType: 'text/plain', fileName: 'x', expiresInSeconds: 5 })).rejects.toThrow(
      'Invalid blob key',
    );
  });
});
