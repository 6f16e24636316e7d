/**
 * Attachments at the unit level: a real SQLite store and FileBlobStore, a fake chat (it
 * records posted ATTACHMENT items) and fake participants; the upload/download routes on a
 * Fastify app set up like app.ts (buffered raw bodies everywhere, CORS open on
 * /attachments/, the same error handler).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { registerCors } from '../http/cors.js';
import { AccessDeniedException, ATTACHMENT_CONTENT_TYPES, type ChatItem } from '@switchboard/core';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { backends } from '../../test/backends.js';
import { errorHandler, notFoundHandler } from '../http/errors.js';
import type { Store } from '../storage/types.js';
import { Attachments, type AttachmentSettings, deriveAttachmentUrlKey } from './attachments.js';
import { type BlobStore, FileBlobStore } from './blobs.js';
import type { Participant } from './service.js';

const T0 = 1_700_000_000_000;
const PUBLIC = 'http://sb.test';
const PNG = 'image/png';

class FakeChat {
  readonly posted: {
    participantId: string;
    attachment: { AttachmentId: string; AttachmentName: string; ContentType: string };
  }[] = [];
  ended = false;
  failPost = false;
  assertActive(_p: Participant): void {
    if (this.ended) throw new AccessDeniedException('The chat has ended');
  }
  async postAttachment(
    p: Participant,
    a: { AttachmentId: string; AttachmentName: string; ContentType: string },
  ): Promise<ChatItem> {
    this.assertActive(p);
    if (this.failPost) throw new Error('commit failed');
    this.posted.push({ participantId: p.participantId, attachment: { ...a } });
    return { Id: randomUUID(), AbsoluteTime: new Date(T0).toISOString(), Type: 'ATTACHMENT', ContentType: a.ContentType };
  }
}

interface World {
  readonly attachments: Attachments;
  readonly chat: FakeChat;
  readonly blobs: BlobStore;
  readonly dir: string;
  readonly app: FastifyInstance;
  readonly clock: { now: number };
  /** A participant of a fresh chat (or of `chat`), with a fresh participant id. */
  participant(chat?: Pick<Participant, 'instanceId' | 'initialContactId'>): Participant;
}

let store: Store;
beforeAll(async () => {
  store = await backends[0]!.open();
});
afterAll(async () => {
  await store.close();
});

const apps: FastifyInstance[] = [];
afterAll(async () => {
  for (const a of apps) await a.close();
});

/** A Fastify app set up the way app.ts sets itself up, with the attachment routes. */
async function appFor(attachments: Attachments): Promise<FastifyInstance> {
  const app = Fastify({ bodyLimit: 1024 * 1024 });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (req, body, done) => {
    req.rawBody = body as Buffer;
    done(null, body);
  });
  registerCors(app, {
    open: (url) => url.startsWith('/participant/') || url.startsWith('/attachments/'),
    approvedOrigins: () => new Set(),
  });
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler(notFoundHandler);
  // A neighbour route with the app's 1 MiB buffered body (must keep working).
  app.post('/echo', async (req) => ({ bytes: req.rawBody?.length ?? 0 }));
  attachments.registerRoutes(app);
  await app.ready();
  apps.push(app);
  return app;
}

async function world(settings: Partial<AttachmentSettings> = {}): Promise<World> {
  const dir = mkdtempSync(path.join(process.env.SWITCHBOARD_TEST_TMP ?? tmpdir(), 'sb-att-'));
  const blobs = new FileBlobStore(dir);
  const chat = new FakeChat();
  const clock = { now: T0 };
  const attachments = new Attachments({
    store,
    blobs,
    chat,
    urlKey: deriveAttachmentUrlKey(randomBytes(32)),
    now: () => clock.now,
    publicUrl: () => PUBLIC,
    settings,
  });
  const instanceId = randomUUID();
  return {
    attachments,
    chat,
    blobs,
    dir,
    clock,
    app: await appFor(attachments),
    participant(of) {
      const initialContactId = of?.initialContactId ?? randomUUID();
      return {
        instanceId: of?.instanceId ?? instanceId,
        initialContactId,
        contactId: initialContactId,
        participantId: randomUUID(),
        role: 'CUSTOMER',
        displayName: 'Jane',
      } as unknown as Participant;
    },
  };
}

const start = (w: World, p: Participant, over: Partial<Parameters<Attachments['start']>[1]> = {}) =>
  w.attachments.start(p, {
    ContentType: PNG,
    AttachmentSizeInBytes: 1000,
    AttachmentName: 'photo.png',
    ClientToken: randomUUID(),
    ...over,
  });

/** PUTs `body` to an UploadMetadata.Url the way chatjs does (fetch with HeadersToInclude). */
const put = (w: World, url: string, body: Buffer, headers: Record<string, string> = { 'content-type': PNG }) => {
  const u = new URL(url);
  return w.app.inject({ method: 'PUT', url: u.pathname + u.search, headers, payload: body });
};

const get = (w: World, url: string) => {
  const u = new URL(url);
  return w.app.inject({ method: 'GET', url: u.pathname + u.search });
};

const files = async (dir: string) =>
  (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).length;

/** Start, PUT, Complete: an APPROVED attachment. */
async function uploaded(w: World, p: Participant, body = randomBytes(1000), name = 'photo.png') {
  const s = await start(w, p, { AttachmentSizeInBytes: body.length, AttachmentName: name });
  expect((await put(w, s.UploadMetadata.Url, body)).statusCode).toBe(200);
  await w.attachments.complete(p, { AttachmentIds: [s.AttachmentId], ClientToken: randomUUID() });
  return { id: s.AttachmentId, body };
}

describe('StartAttachmentUpload', () => {
  let w: World;
  beforeEach(async () => {
    w = await world();
  });

  it('answers an id and a signed PUT URL on this server, valid for 300 s, with the Content-Type to send', async () => {
    const p = w.participant();
    const out = await start(w, p);
    expect(out.AttachmentId).toMatch(/^[0-9a-f-]{36}$/);
    const url = new URL(out.UploadMetadata.Url);
    expect(url.origin).toBe(PUBLIC);
    expect(url.pathname).toBe(`/attachments/upload/${out.AttachmentId}`);
    expect(url.searchParams.get('i')).toBe(p.instanceId);
    expect(url.searchParams.get('exp')).toBe(String(T0 / 1000 + 300));
    expect(url.searchParams.get('sig')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(out.UploadMetadata.UrlExpiry).toBe(new Date(T0 + 300_000).toISOString());
    expect(out.UploadMetadata.HeadersToInclude).toEqual({ 'Content-Type': PNG });
    expect(await store.attachments.get(p.instanceId, out.AttachmentId)).toMatchObject({
      status: 'PENDING',
      participantId: p.participantId,
      initialContactId: p.initialContactId,
      contentType: PNG,
      name: 'photo.png',
      sizeBytes: 1000,
      storageKey: `${p.instanceId}/${out.AttachmentId}`,
      createdAt: T0,
    });
    expect(w.chat.posted).toEqual([]);
  });

  it('accepts every chatjs attachment type and sizes from 1 byte to 20 MiB', async () => {
    const p = w.participant();
    for (const ContentType of ATTACHMENT_CONTENT_TYPES) await start(w, w.participant(), { ContentType });
    await start(w, p, { AttachmentSizeInBytes: 1 });
    await start(w, p, { AttachmentSizeInBytes: 20 * 1024 * 1024 });
  });

  it('refuses other types (naming the allowed ones), bad sizes and bad names with ValidationException; nothing is stored', async () => {
    const p = w.participant();
    const err = await start(w, p, { ContentType: 'text/html' }).catch((e: Error) => e);
    expect(err).toMatchObject({ name: 'ValidationException', status: 400 });
    expect((err as Error).message).toContain('text/html');
    expect((err as Error).message).toContain('application/pdf');
    expect((err as Error).message).toContain('image/png');
    for (const over of [
      { ContentType: 'image/PNG' },
      { ContentType: 'image/png; charset=x' },
      { AttachmentSizeInBytes: 0 },
      { AttachmentSizeInBytes: -1 },
      { AttachmentSizeInBytes: 1.5 },
      { AttachmentSizeInBytes: 20 * 1024 * 1024 + 1 },
      { AttachmentName: '' },
      { AttachmentName: '   ' },
      { AttachmentName: 'a\nb.png' },
      { AttachmentName: 'a\u0000b.png' },
      { AttachmentName: 'x'.repeat(257) },
    ]) {
      await expect(start(w, p, over), JSON.stringify(over)).rejects.toMatchObject({ name: 'ValidationException' });
    }
    const big = await start(w, p, { AttachmentSizeInBytes: 21 * 1024 * 1024 }).catch((e: Error) => e);
    expect((big as Error).message).toContain(String(20 * 1024 * 1024));
    expect(await store.attachments.countByChain(p.instanceId, p.initialContactId, ['PENDING', 'APPROVED', 'REJECTED'])).toBe(0);
  });

  it('the same ClientToken from the same participant gets the same answer; other tokens, bodies or participants do not', async () => {
    const p = w.participant();
    const input = { ContentType: PNG, AttachmentSizeInBytes: 1000, AttachmentName: 'a.png', ClientToken: 'tok-1' };
    const [a, b] = await Promise.all([w.attachments.start(p, input), w.attachments.start(p, input)]);
    expect(b).toEqual(a);
    w.clock.now += 10_000;
    expect(await w.attachments.start(p, input)).toEqual(a);
    expect((await w.attachments.start(p, { ...input, ClientToken: 'tok-2' })).AttachmentId).not.toBe(a.AttachmentId);
    expect((await w.attachments.start(p, { ...input, AttachmentName: 'b.png' })).AttachmentId).not.toBe(a.AttachmentId);
    const other = w.participant({ instanceId: p.instanceId, initialContactId: p.initialContactId });
    expect((await w.attachments.start(other, input)).AttachmentId).not.toBe(a.AttachmentId);
    const { ClientToken: _, ...noToken } = input;
    const n1 = await w.attachments.start(p, noToken);
    const n2 = await w.attachments.start(p, noToken);
    expect(n1.AttachmentId).not.toBe(n2.AttachmentId);
    expect(await store.attachments.countByChain(p.instanceId, p.initialContactId, ['PENDING'])).toBe(6);
  });

  it('a failed start is not remembered: the same ClientToken may try again', async () => {
    const q = await world({ perChatQuota: 1 });
    const p = q.participant();
    await start(q, p);
    const input = { ContentType: PNG, AttachmentSizeInBytes: 10, AttachmentName: 'a.png', ClientToken: 'again' };
    await expect(q.attachments.start(p, input)).rejects.toMatchObject({ name: 'ServiceQuotaExceededException' });
    await expect(q.attachments.start(p, input)).rejects.toMatchObject({ name: 'ServiceQuotaExceededException' });
  });

  it('per-chat quota: PENDING and APPROVED count (REJECTED does not), across the chat’s participants; concurrent starts cannot overshoot', async () => {
    const q = await world({ perChatQuota: 3 });
    const customer = q.participant();
    const agent = q.participant(customer);
    await uploaded(q, customer);
    await start(q, agent);
    await start(q, customer);
    const err = await start(q, agent).catch((e: Error) => e);
    expect(err).toMatchObject({ name: 'ServiceQuotaExceededException', status: 402 });
    // Another chat of the same instance is not affected.
    await start(q, q.participant());

    const c = await world({ perChatQuota: 5 });
    const chatP = c.participant();
    const results = await Promise.allSettled(Array.from({ length: 12 }, () => start(c, c.participant(chatP))));
    expect(results.filter((x) => x.status === 'fulfilled')).toHaveLength(5);
    expect(results.filter((x) => x.status === 'rejected').map((x) => (x as PromiseRejectedResult).reason.name)).toEqual(
      Array(7).fill('ServiceQuotaExceededException'),
    );
    expect(await store.attachments.countByChain(chatP.instanceId, chatP.initialContactId, ['PENDING'])).toBe(5);
    const first = results.find((x) => x.status === 'fulfilled') as PromiseFulfilledResult<{ AttachmentId: string }>;
    // A REJECTED attachment frees its place.
    const stored = (await store.attachments.get(chatP.instanceId, first.value.AttachmentId))!;
    await store.attachments.put({ ...stored, status: 'REJECTED' });
    await start(c, chatP);
    await expect(start(c, chatP)).rejects.toMatchObject({ name: 'ServiceQuotaExceededException' });
  });

  it('refuses a participant whose chat has ended', async () => {
    w.chat.ended = true;
    await expect(start(w, w.participant())).rejects.toMatchObject({ name: 'AccessDeniedException' });
  });
});

describe('upload route (PUT /attachments/upload/:id)', () => {
  let w: World;
  beforeEach(async () => {
    w = await world();
  });

  it('stores exactly the declared bytes; answers 200 {}; bigger than the app’s 1 MiB limit is fine', async () => {
    const p = w.participant();
    const body = randomBytes(3 * 1024 * 1024 + 7);
    const s = await start(w, p, { AttachmentSizeInBytes: body.length });
    const res = await put(w, s.UploadMetadata.Url, body);
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('{}');
    const row = (await store.attachments.get(p.instanceId, s.AttachmentId))!;
    expect(await w.blobs.head(row.storageKey)).toEqual({ size: body.length });
    expect(Buffer.concat(await (await w.blobs.get(row.storageKey))!.toArray()).equals(body)).toBe(true);
    // A re-PUT before completion replaces it; other routes keep the app's buffered bodies.
    expect((await put(w, s.UploadMetadata.Url, body)).statusCode).toBe(200);
    const echo = await w.app.inject({
      method: 'POST',
      url: '/echo',
      headers: { 'content-type': 'application/json' },
      payload: '{"a":1}',
    });
    expect(echo.json()).toEqual({ bytes: 7 });
  });

  it('any Content-Type, or none, is accepted (the stored type is the declared one)', async () => {
    const p = w.participant();
    const s = await start(w, p, { AttachmentSizeInBytes: 10 });
    expect((await put(w, s.UploadMetadata.Url, randomBytes(10), { 'content-type': 'application/octet-stream' })).statusCode).toBe(
      200,
    );
    expect((await put(w, s.UploadMetadata.Url, randomBytes(10), {})).statusCode).toBe(200);
  });

  it('forged, tampered, re-targeted or expired URLs: 403 AccessDeniedException (x-amzn-errortype), nothing stored', async () => {
    const p = w.participant();
    const s = await start(w, p, { AttachmentSizeInBytes: 10 });
    const url = new URL(s.UploadMetadata.Url);
    const variants: string[] = [];
    const tweak = (f: (u: URL) => void) => {
      const u = new URL(url);
      f(u);
      variants.push(u.toString());
    };
    tweak((u) => u.searchParams.set('sig', `${u.searchParams.get('sig')!.slice(0, -2)}AA`));
    tweak((u) => u.searchParams.delete('sig'));
    tweak((u) => u.searchParams.set('exp', String(Number(u.searchParams.get('exp')) + 3600)));
    tweak((u) => u.searchParams.set('exp', 'soon'));
    tweak((u) => u.searchParams.set('i', randomUUID()));
    tweak((u) => {
      u.pathname = `/attachments/upload/${randomUUID()}`;
    });
    for (const v of variants) {
      const res = await put(w, v, randomBytes(10));
      expect(res.statusCode, v).toBe(403);
      expect(res.headers['x-amzn-errortype']).toBe('AccessDeniedException');
      expect(res.json()).toMatchObject({ Message: expect.any(String), message: expect.any(String) });
    }
    // The signature is bound to the method: the upload URL's query does not download.
    const asDownload = await w.app.inject({ method: 'GET', url: `/attachments/download/${s.AttachmentId}${url.search}` });
    expect(asDownload.statusCode).toBe(403);
    w.clock.now = T0 + 300_000;
    const expired = await put(w, s.UploadMetadata.Url, randomBytes(10));
    expect(expired.statusCode).toBe(403);
    expect(expired.json().Message).toContain('expired');
    expect(await files(w.dir)).toBe(0);
  });

  it('more bytes than declared: 413, nothing kept; fewer: 400, nothing kept', async () => {
    const p = w.participant();
    const s = await start(w, p, { AttachmentSizeInBytes: 1000 });
    const big = await put(w, s.UploadMetadata.Url, randomBytes(1001));
    expect(big.statusCode).toBe(413);
    expect(big.headers['x-amzn-errortype']).toBe('RequestEntityTooLargeException');
    const small = await put(w, s.UploadMetadata.Url, randomBytes(999));
    expect(small.statusCode).toBe(400);
    expect(small.headers['x-amzn-errortype']).toBe('ValidationException');
    const empty = await put(w, s.UploadMetadata.Url, Buffer.alloc(0));
    expect(empty.statusCode).toBe(400);
    expect(await files(w.dir)).toBe(0);
    await expect(w.attachments.complete(p, { AttachmentIds: [s.AttachmentId] })).rejects.toMatchObject({
      name: 'ValidationException',
    });
  });

  it('a chunked body (no Content-Length) that runs past the declared size: 413, nothing kept', async () => {
    await w.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = w.app.server.address() as AddressInfo;
    const p = w.participant();
    const s = await start(w, p, { AttachmentSizeInBytes: 1000 });
    const u = new URL(s.UploadMetadata.Url);
    const send = (chunks: Buffer[]) =>
      new Promise<{ status: number; type: string | undefined }>((resolve, reject) => {
        const req = httpRequest(
          {
            host: '127.0.0.1',
            port,
            method: 'PUT',
            path: u.pathname + u.search,
            headers: { 'content-type': PNG, 'transfer-encoding': 'chunked' },
          },
          (res) => {
            res.resume();
            res.on('end', () =>
              resolve({ status: res.statusCode ?? 0, type: res.headers['x-amzn-errortype'] as string | undefined }),
            );
          },
        );
        req.on('error', reject);
        for (const c of chunks) req.write(c);
        req.end();
      });
    expect(await send([randomBytes(600), randomBytes(600)])).toEqual({ status: 413, type: 'RequestEntityTooLargeException' });
    expect(await files(w.dir)).toBe(0);
    expect(await send([randomBytes(600), randomBytes(400)])).toEqual({ status: 200, type: undefined });
    expect(await files(w.dir)).toBe(1);
  });

  it('after completion the URL no longer accepts uploads (409)', async () => {
    const p = w.participant();
    const s = await start(w, p, { AttachmentSizeInBytes: 10 });
    const body = randomBytes(10);
    await put(w, s.UploadMetadata.Url, body);
    await w.attachments.complete(p, { AttachmentIds: [s.AttachmentId] });
    const again = await put(w, s.UploadMetadata.Url, randomBytes(10));
    expect(again.statusCode).toBe(409);
    expect(again.headers['x-amzn-errortype']).toBe('ConflictException');
  });

  it('CORS: a cross-origin preflight for the PUT with Content-Type is allowed, and so is the PUT', async () => {
    const p = w.participant();
    const s = await start(w, p, { AttachmentSizeInBytes: 10 });
    const u = new URL(s.UploadMetadata.Url);
    const pre = await w.app.inject({
      method: 'OPTIONS',
      url: u.pathname + u.search,
      headers: {
        origin: 'http://other.example',
        'access-control-request-method': 'PUT',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(pre.statusCode).toBe(204);
    expect(pre.headers['access-control-allow-origin']).toBe('http://other.example');
    expect(String(pre.headers['access-control-allow-methods'])).toContain('PUT');
    expect(String(pre.headers['access-control-allow-headers']).toLowerCase()).toContain('content-type');
    const res = await w.app.inject({
      method: 'PUT',
      url: u.pathname + u.search,
      headers: { origin: 'http://other.example', 'content-type': PNG },
      payload: randomBytes(10),
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe('http://other.example');
  });
});

describe('CompleteAttachmentUpload', () => {
  let w: World;
  beforeEach(async () => {
    w = await world();
  });

  it('after the upload: APPROVED, one ATTACHMENT item posted, {}; a retry with the same ClientToken is {} again, others conflict', async () => {
    const p = w.participant();
    const s = await start(w, p, { AttachmentSizeInBytes: 10, AttachmentName: 'Quittung März.png' });
    await put(w, s.UploadMetadata.Url, randomBytes(10));
    w.clock.now = T0 + 5_000;
    expect(await w.attachments.complete(p, { AttachmentIds: [s.AttachmentId], ClientToken: 'c1' })).toEqual({});
    expect(await store.attachments.get(p.instanceId, s.AttachmentId)).toMatchObject({
      status: 'APPROVED',
      completedAt: T0 + 5_000,
    });
    expect(w.chat.posted).toEqual([
      {
        participantId: p.participantId,
        attachment: { AttachmentId: s.AttachmentId, AttachmentName: 'Quittung März.png', ContentType: PNG },
      },
    ]);
    expect(await w.attachments.complete(p, { AttachmentIds: [s.AttachmentId], ClientToken: 'c1' })).toEqual({});
    await expect(w.attachments.complete(p, { AttachmentIds: [s.AttachmentId], ClientToken: 'c2' })).rejects.toMatchObject({
      name: 'ConflictException',
      status: 409,
    });
    await expect(w.attachments.complete(p, { AttachmentIds: [s.AttachmentId] })).rejects.toMatchObject({
      name: 'ConflictException',
    });
    expect(w.chat.posted).toHaveLength(1);
  });

  it('concurrent completes post one item', async () => {
    const p = w.participant();
    const s = await start(w, p, { AttachmentSizeInBytes: 10 });
    await put(w, s.UploadMetadata.Url, randomBytes(10));
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, (_, i) =>
        w.attachments.complete(p, { AttachmentIds: [s.AttachmentId], ClientToken: i < 3 ? 'same' : `t${i}` }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'rejected']);
    expect(w.chat.posted).toHaveLength(1);
  });

  it('before the upload arrived, or with another size: ValidationException, still PENDING, nothing posted', async () => {
    const p = w.participant();
    const s = await start(w, p, { AttachmentSizeInBytes: 10 });
    const early = await w.attachments.complete(p, { AttachmentIds: [s.AttachmentId] }).catch((e: Error) => e);
    expect(early).toMatchObject({ name: 'ValidationException' });
    expect((early as Error).message).toContain('not arrived');
    const row = (await store.attachments.get(p.instanceId, s.AttachmentId))!;
    await w.blobs.put(row.storageKey, randomBytes(11), 11); // what a misbehaving store could hold
    const differs = await w.attachments.complete(p, { AttachmentIds: [s.AttachmentId] }).catch((e: Error) => e);
    expect(differs).toMatchObject({ name: 'ValidationException' });
    expect((differs as Error).message).toContain('size differs');
    expect((await store.attachments.get(p.instanceId, s.AttachmentId))!.status).toBe('PENDING');
    expect(w.chat.posted).toEqual([]);
    // Then the real upload: completes.
    await put(w, s.UploadMetadata.Url, randomBytes(10));
    expect(await w.attachments.complete(p, { AttachmentIds: [s.AttachmentId] })).toEqual({});
  });

  it('unknown ids: ValidationException; another participant’s or another chat’s: AccessDeniedException; not exactly one id: ValidationException', async () => {
    const p = w.participant();
    const s = await start(w, p, { AttachmentSizeInBytes: 10 });
    await put(w, s.UploadMetadata.Url, randomBytes(10));
    await expect(w.attachments.complete(p, { AttachmentIds: [randomUUID()] })).rejects.toMatchObject({
      name: 'ValidationException',
    });
    const sameChat = w.participant(p);
    await expect(w.attachments.complete(sameChat, { AttachmentIds: [s.AttachmentId] })).rejects.toMatchObject({
      name: 'AccessDeniedException',
    });
    const otherChat = { ...w.participant(), participantId: p.participantId } as Participant;
    await expect(w.attachments.complete(otherChat, { AttachmentIds: [s.AttachmentId] })).rejects.toMatchObject({
      name: 'AccessDeniedException',
    });
    const otherInstance = { ...p, instanceId: randomUUID() } as Participant;
    await expect(w.attachments.complete(otherInstance, { AttachmentIds: [s.AttachmentId] })).rejects.toMatchObject({
      name: 'ValidationException',
    });
    await expect(w.attachments.complete(p, { AttachmentIds: [] })).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(w.attachments.complete(p, { AttachmentIds: [s.AttachmentId, s.AttachmentId] })).rejects.toMatchObject({
      name: 'ValidationException',
    });
    expect(w.chat.posted).toEqual([]);
  });

  it('when the chat ended or posting fails: the error, and the attachment stays PENDING (a retry can complete it)', async () => {
    const p = w.participant();
    const s = await start(w, p, { AttachmentSizeInBytes: 10 });
    await put(w, s.UploadMetadata.Url, randomBytes(10));
    w.chat.failPost = true;
    await expect(w.attachments.complete(p, { AttachmentIds: [s.AttachmentId], ClientToken: 'x' })).rejects.toThrow(
      'commit failed',
    );
    expect((await store.attachments.get(p.instanceId, s.AttachmentId))!.status).toBe('PENDING');
    w.chat.failPost = false;
    w.chat.ended = true;
    await expect(w.attachments.complete(p, { AttachmentIds: [s.AttachmentId], ClientToken: 'x' })).rejects.toMatchObject({
      name: 'AccessDeniedException',
    });
    expect((await store.attachments.get(p.instanceId, s.AttachmentId))!.status).toBe('PENDING');
    w.chat.ended = false;
    expect(await w.attachments.complete(p, { AttachmentIds: [s.AttachmentId], ClientToken: 'x' })).toEqual({});
    expect(w.chat.posted).toHaveLength(1);
  });
});

describe('GetAttachment and the download route', () => {
  let w: World;
  beforeEach(async () => {
    w = await world();
  });

  it('any participant of the chat gets a signed download URL; GET answers the bytes with type, length and disposition', async () => {
    const customer = w.participant();
    const agent = w.participant(customer);
    const { id, body } = await uploaded(w, customer, randomBytes(300 * 1024), 'Schön (1).png');
    w.clock.now = T0 + 1_000;
    const out = await w.attachments.get(agent, { AttachmentId: id });
    expect(out.AttachmentSizeInBytes).toBe(body.length);
    expect(out.UrlExpiry).toBe(new Date(T0 + 301_000).toISOString());
    const url = new URL(out.Url);
    expect(url.origin).toBe(PUBLIC);
    expect(url.pathname).toBe(`/attachments/download/${id}`);
    const res = await w.app.inject({
      method: 'GET',
      url: url.pathname + url.search,
      headers: { origin: 'http://other.example' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.equals(body)).toBe(true);
    expect(res.headers['content-type']).toBe(PNG);
    expect(res.headers['content-length']).toBe(String(body.length));
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="Sch_n (1).png"; filename*=UTF-8''Sch%C3%B6n%20%281%29.png`,
    );
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['access-control-allow-origin']).toBe('http://other.example');
    // The customer too; and the signature is bound to GET: no upload with it.
    expect((await w.attachments.get(customer, { AttachmentId: id })).AttachmentSizeInBytes).toBe(body.length);
    const asUpload = await put(w, `${PUBLIC}/attachments/upload/${id}${url.search}`, body);
    expect(asUpload.statusCode).toBe(403);
  });

  it('UrlExpiryInSeconds: 5..300; the URL stops working when it expires', async () => {
    const p = w.participant();
    const { id } = await uploaded(w, p, randomBytes(10));
    const out = await w.attachments.get(p, { AttachmentId: id, UrlExpiryInSeconds: 5 });
    expect(out.UrlExpiry).toBe(new Date(T0 + 5_000).toISOString());
    expect((await get(w, out.Url)).statusCode).toBe(200);
    w.clock.now = T0 + 5_000;
    const expired = await get(w, out.Url);
    expect(expired.statusCode).toBe(403);
    expect(expired.headers['x-amzn-errortype']).toBe('AccessDeniedException');
    for (const UrlExpiryInSeconds of [4, 301, 1.5]) {
      await expect(w.attachments.get(p, { AttachmentId: id, UrlExpiryInSeconds })).rejects.toMatchObject({
        name: 'ValidationException',
      });
    }
  });

  it('another chat’s attachment: AccessDeniedException; unknown or not completed: ValidationException', async () => {
    const p = w.participant();
    const { id } = await uploaded(w, p, randomBytes(10));
    await expect(w.attachments.get(w.participant(), { AttachmentId: id })).rejects.toMatchObject({
      name: 'AccessDeniedException',
      status: 403,
    });
    await expect(w.attachments.get(p, { AttachmentId: randomUUID() })).rejects.toMatchObject({ name: 'ValidationException' });
    const pending = await start(w, p, { AttachmentSizeInBytes: 10 });
    await put(w, pending.UploadMetadata.Url, randomBytes(10));
    await expect(w.attachments.get(p, { AttachmentId: pending.AttachmentId })).rejects.toMatchObject({
      name: 'ValidationException',
    });
  });

  it('persistent chat: a chat that continues another may read its attachments (FROM_SEGMENT: from the segment on)', async () => {
    const past = w.participant();
    const { id } = await uploaded(w, past, randomBytes(10));
    const link = async (since?: number) => {
      const next = w.participant({ instanceId: past.instanceId, initialContactId: randomUUID() });
      const persistent = {
        sourceContactId: past.initialContactId,
        sourceInitialContactId: past.initialContactId,
        ...(since !== undefined ? { since } : {}),
      };
      await store.contacts.put({
        instanceId: next.instanceId,
        contactId: next.initialContactId,
        initialContactId: next.initialContactId,
        channel: 'CHAT',
        phase: 'connected',
        createdAt: T0,
        updatedAt: T0,
        body: JSON.stringify({ contactId: next.initialContactId, persistent }),
      });
      return next;
    };
    expect((await w.attachments.get(await link(), { AttachmentId: id })).AttachmentSizeInBytes).toBe(10);
    expect((await w.attachments.get(await link(T0), { AttachmentId: id })).AttachmentSizeInBytes).toBe(10);
    await expect(w.attachments.get(await link(T0 + 1), { AttachmentId: id })).rejects.toMatchObject({
      name: 'AccessDeniedException',
    });
  });

  it('still works after the chat ended (the transcript stays readable)', async () => {
    const p = w.participant();
    const { id } = await uploaded(w, p, randomBytes(10));
    w.chat.ended = true;
    expect((await w.attachments.get(p, { AttachmentId: id })).AttachmentSizeInBytes).toBe(10);
  });
});

describe('with a blob store that pre-signs (S3)', () => {
  it('answers the store’s URLs instead of this server’s, with the same expiry rules', async () => {
    const dir = mkdtempSync(path.join(process.env.SWITCHBOARD_TEST_TMP ?? tmpdir(), 'sb-att-'));
    const file = new FileBlobStore(dir);
    const calls: unknown[] = [];
    const blobs: BlobStore = {
      put: (k, b, n) => file.put(k, b, n),
      head: (k) => file.head(k),
      get: (k) => file.get(k),
      presignPut: async (key, opts) => {
        calls.push(['PUT', key, opts]);
        return `https://bucket.example/${key}?put`;
      },
      presignGet: async (key, opts) => {
        calls.push(['GET', key, opts]);
        return `https://bucket.example/${key}?get`;
      },
    };
    const chat = new FakeChat();
    const a = new Attachments({ store, blobs, chat, urlKey: randomBytes(32), now: () => T0, publicUrl: () => PUBLIC });
    const instanceId = 'arn:aws:connect:weird/instance';
    const p = {
      instanceId,
      initialContactId: randomUUID(),
      contactId: 'c',
      participantId: randomUUID(),
    } as unknown as Participant;
    const s = await a.start(p, { ContentType: 'application/pdf', AttachmentSizeInBytes: 4, AttachmentName: 'a.pdf' });
    const row = (await store.attachments.get(instanceId, s.AttachmentId))!;
    // Instance ids that are not key-safe are hashed into the key.
    expect(row.storageKey).toMatch(new RegExp(`^[0-9a-f]{32}/${s.AttachmentId}$`));
    expect(s.UploadMetadata).toEqual({
      Url: `https://bucket.example/${row.storageKey}?put`,
      UrlExpiry: new Date(T0 + 300_000).toISOString(),
      HeadersToInclude: { 'Content-Type': 'application/pdf' },
    });
    await blobs.put(row.storageKey, Buffer.from('%PDF'), 4);
    await a.complete(p, { AttachmentIds: [s.AttachmentId] });
    const g = await a.get(p, { AttachmentId: s.AttachmentId, UrlExpiryInSeconds: 60 });
    expect(g).toEqual({
      Url: `https://bucket.example/${row.storageKey}?get`,
      UrlExpiry: new Date(T0 + 60_000).toISOString(),
      AttachmentSizeInBytes: 4,
    });
    expect(calls).toEqual([
      ['PUT', row.storageKey, { contentType: 'application/pdf', size: 4, expiresInSeconds: 300 }],
      ['GET', row.storageKey, { contentType: 'application/pdf', fileName: 'a.pdf', expiresInSeconds: 60 }],
    ]);
  });
});
