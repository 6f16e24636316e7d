/**
 * Where attachment bytes live. Keys are made by the server (`<instance>/<attachment id>`),
 * never taken from a request. Two stores:
 *  - FileBlobStore: files under `<dataDir>/attachments/`; uploads and downloads go through
 *    this server (`/attachments/upload|download/…`, signed URLs).
 *  - S3BlobStore: a bucket (AWS or S3-compatible); clients PUT and GET directly with
 *    pre-signed URLs. The AWS SDK is loaded on first use, so start-up stays fast when S3
 *    is not configured.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface PresignPutOptions {
  readonly contentType: string;
  /** The exact number of bytes the client will send (signed where the store can). */
  readonly size: number;
  readonly expiresInSeconds: number;
}

export interface PresignGetOptions {
  /** Served as `Content-Type`. */
  readonly contentType: string;
  /** Served in `Content-Disposition: attachment; filename*=…`. */
  readonly fileName: string;
  readonly expiresInSeconds: number;
}

export interface BlobStore {
  /**
   * Stores exactly `size` bytes under `key`, replacing what was there. Throws a
   * BlobSizeError (and keeps nothing) when the body is longer or shorter.
   */
  put(key: string, body: Buffer | Readable, size: number): Promise<void>;
  /** The size of a stored blob; undefined when absent. */
  head(key: string): Promise<{ readonly size: number } | undefined>;
  /** The bytes of a stored blob; undefined when absent. */
  get(key: string): Promise<Readable | undefined>;
  /** A URL the client PUTs the bytes to directly (stores with their own HTTP endpoint). */
  presignPut?(key: string, opts: PresignPutOptions): Promise<string>;
  /** A URL the client GETs the bytes from directly. */
  presignGet?(key: string, opts: PresignGetOptions): Promise<string>;
}

/** The body did not have the announced size. */
export class BlobSizeError extends Error {
  override readonly name = 'BlobSizeError';
  constructor(
    readonly kind: 'too-large' | 'too-small',
    readonly expected: number,
    readonly received: number,
  ) {
    super(
      kind === 'too-large'
        ? `The body is larger than the announced ${expected} bytes`
        : `The body has ${received} bytes, not the announced ${expected}`,
    );
  }
}

/** Passes bytes through; fails as soon as more than `size` arrived, or at the end if fewer did. */
export class ExactSize extends Transform {
  private received = 0;
  constructor(private readonly size: number) {
    super();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.received += chunk.length;
    if (this.received > this.size) cb(new BlobSizeError('too-large', this.size, this.received));
    else cb(null, chunk);
  }
  override _flush(cb: TransformCallback): void {
    cb(this.received === this.size ? null : new BlobSizeError('too-small', this.size, this.received));
  }
}

/** `a/b-1.c` style keys: no empty, `.` or `..` segments, nothing outside [A-Za-z0-9._-]. */
const SAFE_KEY = /^[A-Za-z0-9._-]{1,200}(\/[A-Za-z0-9._-]{1,200}){0,4}$/;
const checkKey = (key: string): void => {
  if (!SAFE_KEY.test(key) || key.split('/').some((s) => s === '.' || s === '..')) {
    throw new Error(`Invalid blob key: ${JSON.stringify(key.slice(0, 100))}`);
  }
};

const isNotFound = (err: unknown): boolean =>
  typeof err === 'object' &&
  err !== null &&
  ((err as { code?: unknown }).code === 'ENOENT' || (err as { code?: unknown }).code === 'ENOTDIR');

/**
 * Blobs as files under one directory. A put writes a temporary file next to the target
 * and renames it into place, so a reader never sees a partial blob and a failed upload
 * leaves nothing behind.
 */
export class FileBlobStore implements BlobStore {
  constructor(readonly dir: string) {}

  private file(key: string): string {
    checkKey(key);
    return path.join(this.dir, ...key.split('/'));
  }

  async put(key: string, body: Buffer | Readable, size: number): Promise<void> {
    const target = this.file(key);
    await mkdir(path.dirname(target), { recursive: true });
    const tmp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
    const source = Buffer.isBuffer(body) ? Readable.from([body]) : body;
    try {
      await pipeline(source, new ExactSize(size), createWriteStream(tmp, { flags: 'wx' }));
      await rename(tmp, target);
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
  }

  async head(key: string): Promise<{ size: number } | undefined> {
    try {
      const s = await stat(this.file(key));
      return s.isFile() ? { size: s.size } : undefined;
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  async get(key: string): Promise<Readable | undefined> {
    try {
      // Opened first, so a missing file is undefined here rather than a stream error later.
      const handle = await open(this.file(key), 'r');
      return handle.createReadStream();
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }
}

export interface S3BlobStoreOptions {
  readonly bucket: string;
  readonly region: string;
  /** An S3-compatible endpoint (MinIO, R2, …); AWS when absent. */
  readonly endpoint?: string;
  /** `https://host/bucket/key` instead of `https://bucket.host/key` (MinIO and the like). */
  readonly forcePathStyle?: boolean;
  /** Static credentials; the SDK's default provider chain (env, profile, role) when absent. */
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken?: string };
  /** Prepended to every key, e.g. `switchboard/`. */
  readonly prefix?: string;
}

type S3Module = typeof import('@aws-sdk/client-s3');
type PresignerModule = typeof import('@aws-sdk/s3-request-presigner');

interface S3Runtime {
  readonly s3: S3Module;
  readonly presigner: PresignerModule;
  readonly client: InstanceType<S3Module['S3Client']>;
}

/** RFC 6266 / 5987: `attachment; filename="ascii"; filename*=UTF-8''percent-encoded`. */
export const contentDisposition = (fileName: string): string => {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
};

/** Blobs in an S3 bucket; clients upload and download with pre-signed URLs. */
export class S3BlobStore implements BlobStore {
  private runtime: Promise<S3Runtime> | undefined;

  constructor(private readonly opts: S3BlobStoreOptions) {}

  private load(): Promise<S3Runtime> {
    this.runtime ??= (async () => {
      const [s3, presigner] = await Promise.all([import('@aws-sdk/client-s3'), import('@aws-sdk/s3-request-presigner')]);
      const client = new s3.S3Client({
        region: this.opts.region,
        ...(this.opts.endpoint ? { endpoint: this.opts.endpoint } : {}),
        ...(this.opts.forcePathStyle !== undefined ? { forcePathStyle: this.opts.forcePathStyle } : {}),
        ...(this.opts.credentials ? { credentials: { ...this.opts.credentials } } : {}),
        // No flexible checksums on pre-signed PUTs: a browser cannot add the checksum header
        // the URL would otherwise demand.
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
      });
      return { s3, presigner, client };
    })();
    this.runtime.catch(() => {
      this.runtime = undefined;
    });
    return this.runtime;
  }

  private key(key: string): string {
    checkKey(key);
    return `${this.opts.prefix ?? ''}${key}`;
  }

  async put(key: string, body: Buffer | Readable, size: number): Promise<void> {
    const { s3, client } = await this.load();
    if (Buffer.isBuffer(body) && body.length !== size) {
      throw new BlobSizeError(body.length > size ? 'too-large' : 'too-small', size, body.length);
    }
    let checked: Buffer | Readable = body;
    if (!Buffer.isBuffer(body)) {
      const exact = new ExactSize(size);
      // A source or size error destroys `exact`, which fails the SDK's upload with it.
      pipeline(body, exact).catch(() => undefined);
      checked = exact;
    }
    await client.send(
      new s3.PutObjectCommand({ Bucket: this.opts.bucket, Key: this.key(key), Body: checked, ContentLength: size }),
    );
  }

  async head(key: string): Promise<{ size: number } | undefined> {
    const { s3, client } = await this.load();
    try {
      const out = await client.send(new s3.HeadObjectCommand({ Bucket: this.opts.bucket, Key: this.key(key) }));
      return { size: out.ContentLength ?? 0 };
    } catch (err) {
      const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
      if (e.name === 'NotFound' || e.name === 'NoSuchKey' || e.$metadata?.httpStatusCode === 404) return undefined;
      throw err;
    }
  }

  async get(key: string): Promise<Readable | undefined> {
    const { s3, client } = await this.load();
    try {
      const out = await client.send(new s3.GetObjectCommand({ Bucket: this.opts.bucket, Key: this.key(key) }));
      return out.Body instanceof Readable ? out.Body : undefined;
    } catch (err) {
      const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
      if (e.name === 'NoSuchKey' || e.$metadata?.httpStatusCode === 404) return undefined;
      throw err;
    }
  }

  async presignPut(key: string, opts: PresignPutOptions): Promise<string> {
    const { s3, presigner, client } = await this.load();
    // Content-Length is a signed header: S3 refuses a body of any other size.
    const command = new s3.PutObjectCommand({
      Bucket: this.opts.bucket,
      Key: this.key(key),
      ContentType: opts.contentType,
      ContentLength: opts.size,
    });
    return presigner.getSignedUrl(client, command, {
      expiresIn: opts.expiresInSeconds,
      signableHeaders: new Set(['content-length']),
    });
  }

  async presignGet(key: string, opts: PresignGetOptions): Promise<string> {
    const { s3, presigner, client } = await this.load();
    const command = new s3.GetObjectCommand({
      Bucket: this.opts.bucket,
      Key: this.key(key),
      ResponseContentType: opts.contentType,
      ResponseContentDisposition: contentDisposition(opts.fileName),
    });
    return presigner.getSignedUrl(client, command, { expiresIn: opts.expiresInSeconds });
  }
}
