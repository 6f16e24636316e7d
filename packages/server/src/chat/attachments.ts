/**
 * Chat attachments, as chatjs's `sendAttachment` and `downloadAttachment` use them:
 * StartAttachmentUpload → PUT the bytes to `UploadMetadata.Url` with `HeadersToInclude` →
 * CompleteAttachmentUpload, which posts an ATTACHMENT item to the chat; GetAttachment →
 * GET `Url`.
 *
 * Chatjs never checks the PUT's status, so CompleteAttachmentUpload is where presence and
 * size are enforced. With a blob store that signs its own URLs (S3) the client talks to it
 * directly; otherwise the URLs point at this server (`/attachments/upload|download/:id`),
 * signed with an HMAC over (id, method, expiry, instance) and valid for a few minutes.
 *
 * Uploads are streamed to the blob store, never buffered: the upload route lives in its
 * own Fastify scope whose only content-type parser hands the raw request stream over, so
 * the app-wide 1 MiB buffered body limit does not apply and the declared size is the hard
 * cap (one byte more: 413, nothing kept).
 */
import { createHash, createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Readable } from 'node:stream';
import {
  ATTACHMENT_CONTENT_TYPES,
  AccessDeniedException,
  ConflictException,
  RequestEntityTooLargeException,
  ResourceNotFoundException,
  ServiceQuotaExceededException,
  toAbsoluteTime,
  ValidationException,
} from '@switchboard/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ContactDoc } from '../routing/contact-doc.js';
import type { Store, StoredAttachment } from '../storage/types.js';
import { type BlobStore, BlobSizeError, contentDisposition } from './blobs.js';
import { BoundedMap } from '../util/bounded-map.js';
import type { ChatService, Participant } from './service.js';

export interface AttachmentSettings {
  /** Largest AttachmentSizeInBytes accepted (chatjs: 20 MB). */
  readonly maxSizeBytes: number;
  readonly allowedContentTypes: readonly string[];
  /** Attachments per chat chain (PENDING or APPROVED); one more answers ServiceQuotaExceededException. */
  readonly perChatQuota: number;
  /** Lifetime of upload URLs, and of download URLs when GetAttachment names none. */
  readonly urlTtlSeconds: number;
}

export const DEFAULT_ATTACHMENT_SETTINGS: AttachmentSettings = {
  maxSizeBytes: 20 * 1024 * 1024,
  allowedContentTypes: ATTACHMENT_CONTENT_TYPES,
  perChatQuota: 20,
  urlTtlSeconds: 300,
};

export interface AttachmentDeps {
  readonly store: Store;
  readonly blobs: BlobStore;
  /** Posts the ATTACHMENT item; refuses participants who left or chats that ended. */
  readonly chat: Pick<ChatService, 'assertActive' | 'postAttachment'>;
  /** Signs this server's upload/download URLs (see deriveAttachmentUrlKey). */
  readonly urlKey: Buffer;
  readonly now: () => number;
  readonly publicUrl: () => string;
  readonly settings?: Partial<AttachmentSettings>;
  readonly newId?: () => string;
}

/** A key for attachment URLs derived from the server secret (never the secret itself). */
export const deriveAttachmentUrlKey = (secret: Buffer): Buffer =>
  createHmac('sha256', secret).update('switchboard/attachment-urls/v1').digest();

export interface StartAttachmentUploadInput {
  readonly ContentType: string;
  readonly AttachmentSizeInBytes: number;
  readonly AttachmentName: string;
  readonly ClientToken?: string | undefined;
}

export interface StartAttachmentUploadOutput {
  readonly AttachmentId: string;
  readonly UploadMetadata: {
    readonly Url: string;
    readonly UrlExpiry: string;
    readonly HeadersToInclude: Record<string, string>;
  };
}

export interface GetAttachmentOutput {
  readonly Url: string;
  readonly UrlExpiry: string;
  readonly AttachmentSizeInBytes: number;
}

type UrlMethod = 'PUT' | 'GET';

const IDEMPOTENCY_LIMIT = 50_000;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it rejects
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
const SAFE_INSTANCE = /^[A-Za-z0-9-]{1,64}$/;

export class Attachments {
  readonly settings: AttachmentSettings;
  private readonly newId: () => string;
  /** StartAttachmentUpload answers by (participant, ClientToken, request). */
  private readonly started = new BoundedMap<string, Promise<StartAttachmentUploadOutput>>(IDEMPOTENCY_LIMIT);
  /** The ClientToken that completed each attachment (a retried Complete answers `{}` again). */
  private readonly completedBy = new BoundedMap<string, string>(IDEMPOTENCY_LIMIT);
  private readonly locks = new Map<string, Promise<unknown>>();

  constructor(private readonly deps: AttachmentDeps) {
    this.settings = { ...DEFAULT_ATTACHMENT_SETTINGS, ...deps.settings };
    this.newId = deps.newId ?? randomUUID;
  }

  // -------------------------------------------------------------------------------------
  // Operations

  async start(p: Participant, input: StartAttachmentUploadInput): Promise<StartAttachmentUploadOutput> {
    this.deps.chat.assertActive(p);
    this.validate(input);
    if (!input.ClientToken) return this.create(p, input);
    const body = createHash('sha256')
      .update(JSON.stringify([input.ContentType, input.AttachmentSizeInBytes, input.AttachmentName]))
      .digest('base64url');
    const key = `${p.instanceId}/${p.participantId}/${input.ClientToken}/${body}`;
    const seen = this.started.get(key);
    if (seen) return seen;
    const answer = this.create(p, input);
    this.started.set(key, answer);
    answer.catch(() => {
      if (this.started.get(key) === answer) this.started.delete(key);
    });
    return answer;
  }

  async complete(
    p: Participant,
    input: { readonly AttachmentIds: readonly string[]; readonly ClientToken?: string | undefined },
  ): Promise<object> {
    if (input.AttachmentIds.length !== 1) throw new ValidationException('AttachmentIds must name exactly one attachment');
    const id = input.AttachmentIds[0] as string;
    const first = await this.deps.store.attachments.get(p.instanceId, id);
    if (!first) throw new ValidationException(`Attachment ${id.slice(0, 256)} was not found`);
    if (first.initialContactId !== p.initialContactId || first.participantId !== p.participantId) {
      throw new AccessDeniedException('The attachment was not started by this participant');
    }
    const lockKey = `${p.instanceId}/${id}`;
    return this.locked(lockKey, async () => {
      const row = (await this.deps.store.attachments.get(p.instanceId, id)) ?? first;
      if (row.status === 'APPROVED') {
        if (input.ClientToken && this.completedBy.get(lockKey) === input.ClientToken) return {};
        throw new ConflictException('The attachment upload has already been completed');
      }
      if (row.status !== 'PENDING') throw new ConflictException(`The attachment is ${row.status}`);
      this.deps.chat.assertActive(p);
      const head = await this.deps.blobs.head(row.storageKey);
      if (!head) throw new ValidationException('The attachment upload has not arrived: PUT the file to UploadMetadata.Url first');
      if (head.size !== row.sizeBytes) {
        throw new ValidationException(`The uploaded size differs from AttachmentSizeInBytes (${head.size} ≠ ${row.sizeBytes})`);
      }
      const approved: StoredAttachment = { ...row, status: 'APPROVED', completedAt: this.deps.now() };
      await this.deps.store.attachments.put(approved);
      try {
        await this.deps.chat.postAttachment(p, { AttachmentId: row.id, AttachmentName: row.name, ContentType: row.contentType });
      } catch (err) {
        // Not shown in the chat: back to PENDING, so a retry can complete it.
        await this.deps.store.attachments.put(row);
        throw err;
      }
      if (input.ClientToken) this.completedBy.set(lockKey, input.ClientToken);
      return {};
    });
  }

  async get(
    p: Participant,
    input: { readonly AttachmentId: string; readonly UrlExpiryInSeconds?: number | undefined },
  ): Promise<GetAttachmentOutput> {
    const ttl = input.UrlExpiryInSeconds ?? this.settings.urlTtlSeconds;
    if (!Number.isInteger(ttl) || ttl < 5 || ttl > 300)
      throw new ValidationException('UrlExpiryInSeconds must be an integer from 5 to 300');
    const row = await this.deps.store.attachments.get(p.instanceId, input.AttachmentId);
    if (!row) throw new ValidationException(`Attachment ${input.AttachmentId.slice(0, 256)} was not found`);
    if (row.initialContactId !== p.initialContactId && !(await this.inPastChat(p, row))) {
      throw new AccessDeniedException('The attachment does not belong to this chat');
    }
    if (row.status !== 'APPROVED') throw new ValidationException(`Attachment ${row.id} is not available (${row.status})`);
    const expiresAt = this.deps.now() + ttl * 1000;
    const Url = this.deps.blobs.presignGet
      ? await this.deps.blobs.presignGet(row.storageKey, {
          contentType: row.contentType,
          fileName: row.name,
          expiresInSeconds: ttl,
        })
      : this.localUrl(row, 'GET', expiresAt);
    return { Url, UrlExpiry: toAbsoluteTime(this.expiry(expiresAt) * 1000), AttachmentSizeInBytes: row.sizeBytes };
  }

  /**
   * Persistent chat: is the attachment in a past chat this one continues (whose items its
   * transcript shows, with FROM_SEGMENT only from the linked segment on)? Follows the same
   * links as ChatService's transcript, at most 20 chats back.
   */
  private async inPastChat(p: Participant, row: StoredAttachment): Promise<boolean> {
    const docOf = async (contactId: string): Promise<ContactDoc | undefined> => {
      const live = p.ir?.docs.get(contactId);
      if (live) return live;
      const stored = await this.deps.store.contacts.get(p.instanceId, contactId);
      return stored ? (JSON.parse(stored.body) as ContactDoc) : undefined;
    };
    let doc = await docOf(p.initialContactId);
    for (let depth = 0; doc?.persistent && depth < 20; depth++) {
      const link = doc.persistent;
      if (link.sourceInitialContactId === row.initialContactId) {
        return link.since === undefined || (row.completedAt ?? row.createdAt) >= link.since;
      }
      doc = await docOf(link.sourceInitialContactId);
    }
    return false;
  }

  // -------------------------------------------------------------------------------------
  // Start

  private validate(input: StartAttachmentUploadInput): void {
    const { maxSizeBytes, allowedContentTypes } = this.settings;
    if (!allowedContentTypes.includes(input.ContentType)) {
      throw new ValidationException(
        `ContentType ${input.ContentType.slice(0, 255)} is not supported for attachments; supported: ${allowedContentTypes.join(', ')}`.slice(
          0,
          2000,
        ),
      );
    }
    const size = input.AttachmentSizeInBytes;
    if (!Number.isSafeInteger(size) || size < 1)
      throw new ValidationException('AttachmentSizeInBytes must be a positive integer');
    if (size > maxSizeBytes) {
      throw new ValidationException(`AttachmentSizeInBytes ${size} exceeds the maximum attachment size of ${maxSizeBytes} bytes`);
    }
    const name = input.AttachmentName;
    if (name.length < 1 || name.length > 256 || name.trim() === '' || CONTROL.test(name)) {
      throw new ValidationException('AttachmentName must be 1 to 256 characters, without control characters');
    }
  }

  private async create(p: Participant, input: StartAttachmentUploadInput): Promise<StartAttachmentUploadOutput> {
    const id = this.newId();
    const row: StoredAttachment = {
      instanceId: p.instanceId,
      id,
      initialContactId: p.initialContactId,
      contactId: p.contactId,
      participantId: p.participantId,
      name: input.AttachmentName,
      contentType: input.ContentType,
      sizeBytes: input.AttachmentSizeInBytes,
      status: 'PENDING',
      storageKey: `${SAFE_INSTANCE.test(p.instanceId) ? p.instanceId : createHash('sha256').update(p.instanceId).digest('hex').slice(0, 32)}/${id}`,
      createdAt: this.deps.now(),
    };
    // Count and insert under one lock per chat, so concurrent starts cannot overshoot the
    // quota (one process; nodes of a cluster may each let one more through).
    await this.locked(`chain:${p.instanceId}/${p.initialContactId}`, async () => {
      const n = await this.deps.store.attachments.countByChain(p.instanceId, p.initialContactId, ['PENDING', 'APPROVED']);
      if (n >= this.settings.perChatQuota) {
        throw new ServiceQuotaExceededException(`This chat already has the maximum of ${this.settings.perChatQuota} attachments`);
      }
      await this.deps.store.attachments.put(row);
    });
    const ttl = this.settings.urlTtlSeconds;
    const expiresAt = this.deps.now() + ttl * 1000;
    const Url = this.deps.blobs.presignPut
      ? await this.deps.blobs.presignPut(row.storageKey, {
          contentType: row.contentType,
          size: row.sizeBytes,
          expiresInSeconds: ttl,
        })
      : this.localUrl(row, 'PUT', expiresAt);
    return {
      AttachmentId: id,
      UploadMetadata: {
        Url,
        UrlExpiry: toAbsoluteTime(this.expiry(expiresAt) * 1000),
        HeadersToInclude: { 'Content-Type': row.contentType },
      },
    };
  }

  // -------------------------------------------------------------------------------------
  // This server's URLs

  /** Epoch seconds, rounded down (the URL is never valid longer than announced). */
  private expiry(expiresAtMs: number): number {
    return Math.floor(expiresAtMs / 1000);
  }

  private sign(instanceId: string, id: string, method: UrlMethod, exp: number): string {
    return createHmac('sha256', this.deps.urlKey).update(`${id}|${method}|${exp}|${instanceId}`).digest('base64url');
  }

  private localUrl(row: StoredAttachment, method: UrlMethod, expiresAtMs: number): string {
    const exp = this.expiry(expiresAtMs);
    const q = new URLSearchParams({ i: row.instanceId, exp: String(exp), sig: this.sign(row.instanceId, row.id, method, exp) });
    const kind = method === 'PUT' ? 'upload' : 'download';
    return `${this.deps.publicUrl()}/attachments/${kind}/${encodeURIComponent(row.id)}?${q.toString()}`;
  }

  /** The attachment a signed URL names; AccessDeniedException when the URL is forged or expired. */
  private async verified(req: FastifyRequest, method: UrlMethod): Promise<StoredAttachment> {
    const { id } = req.params as { id: string };
    const q = req.query as Record<string, unknown>;
    const instanceId = typeof q.i === 'string' ? q.i : '';
    const expText = typeof q.exp === 'string' ? q.exp : '';
    const sig = typeof q.sig === 'string' ? q.sig : '';
    const exp = /^\d{1,12}$/.test(expText) ? Number(expText) : Number.NaN;
    const expected = Number.isFinite(exp) ? Buffer.from(this.sign(instanceId, id, method, exp)) : undefined;
    const given = Buffer.from(sig);
    if (!expected || expected.length !== given.length || !timingSafeEqual(expected, given)) {
      throw new AccessDeniedException('The attachment URL is not valid');
    }
    if (exp * 1000 <= this.deps.now()) throw new AccessDeniedException('The attachment URL has expired');
    const row = await this.deps.store.attachments.get(instanceId, id);
    if (!row) throw new ResourceNotFoundException('The attachment does not exist');
    return row;
  }

  /**
   * `PUT /attachments/upload/:id` and `GET /attachments/download/:id`. CORS (preflight
   * included) comes from the app, which opens every `/attachments/` path to any origin.
   */
  registerRoutes(app: FastifyInstance): void {
    app.register(async (scope) => {
      // This scope only: the body is the raw request stream, never buffered.
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('*', (_req, payload, done) => done(null, payload));
      scope.put('/attachments/upload/:id', (req, reply) => this.upload(req, reply));
    });
    app.get('/attachments/download/:id', (req, reply) => this.download(req, reply));
  }

  private async upload(req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    const lengthHeader = req.headers['content-length'];
    const length = lengthHeader !== undefined && /^\d{1,16}$/.test(lengthHeader) ? Number(lengthHeader) : undefined;
    // Refused before the body is read: keep draining a body of a sane size (the client then
    // reads our answer); close the connection on anything bigger or unbounded.
    if (length === undefined || length > this.settings.maxSizeBytes) reply.header('connection', 'close');
    const row = await this.verified(req, 'PUT');
    if (row.status !== 'PENDING') throw new ConflictException('The attachment upload has already been completed');
    if (length !== undefined && length > row.sizeBytes) {
      reply.header('connection', 'close');
      throw new RequestEntityTooLargeException(`The body is larger than the declared ${row.sizeBytes} bytes`);
    }
    if (length !== undefined && length < row.sizeBytes) {
      throw new ValidationException(`The body has ${length} bytes, not the declared ${row.sizeBytes}`);
    }
    const body = (req.body as Readable | undefined) ?? Buffer.alloc(0);
    try {
      await this.deps.blobs.put(row.storageKey, body, row.sizeBytes);
    } catch (err) {
      if (err instanceof BlobSizeError) {
        if (err.kind === 'too-small') throw new ValidationException(err.message);
        reply.header('connection', 'close');
        throw new RequestEntityTooLargeException(`The body is larger than the declared ${row.sizeBytes} bytes`);
      }
      const code = (err as { code?: unknown }).code;
      if (code === 'ECONNRESET' || code === 'ERR_STREAM_PREMATURE_CLOSE' || code === 'ECONNABORTED') {
        throw new ValidationException('The upload was interrupted');
      }
      throw err;
    }
    // A tiny body, not an empty one: chatjs never reads this answer, and Chromium reports an
    // unread empty 200 as a failed request (net::ERR_ABORTED) in its network log.
    return reply.code(200).header('content-type', 'application/json').send('{}');
  }

  private async download(req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    const row = await this.verified(req, 'GET');
    if (row.status !== 'APPROVED') throw new ResourceNotFoundException('The attachment is not available');
    const stream = await this.deps.blobs.get(row.storageKey);
    if (!stream) throw new ResourceNotFoundException('The attachment is not available');
    return reply
      .code(200)
      .header('content-type', row.contentType)
      .header('content-length', String(row.sizeBytes))
      .header('content-disposition', contentDisposition(row.name))
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; sandbox")
      .header('cache-control', 'private, no-store')
      .send(stream);
  }

  // -------------------------------------------------------------------------------------

  /** Runs fn after every earlier fn of the same key (one process). */
  private async locked<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.locks.get(key) ?? Promise.resolve();
    const run = prev.then(fn, fn);
    const tail = run.catch(() => undefined);
    this.locks.set(key, tail);
    try {
      return await run;
    } finally {
      if (this.locks.get(key) === tail) this.locks.delete(key);
    }
  }
}
