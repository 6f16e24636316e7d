/**
 * Chat attachments end to end with the unmodified @aws-sdk/client-connectparticipant and
 * plain fetch for the upload and download, exactly as chatjs's sendAttachment and
 * downloadAttachment do: StartAttachmentUpload → PUT UploadMetadata.Url with
 * HeadersToInclude → CompleteAttachmentUpload; GetAttachment → GET Url.
 */
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import {
  CompleteAttachmentUploadCommand,
  CreateParticipantConnectionCommand,
  DisconnectParticipantCommand,
  GetAttachmentCommand,
  GetTranscriptCommand,
  StartAttachmentUploadCommand,
  type ConnectParticipantClient,
} from '@aws-sdk/client-connectparticipant';
import { StopContactCommand } from '@aws-sdk/client-connect';
import { demoConfig, type InstanceConfig } from '@switchboard/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { participantAttachmentOperations } from '../src/api/participant/attachments.js';
import type { AgentSocket } from './agent-client.js';
import { backends } from './backends.js';
import { agentChatTokens, type ChatWorld, chatWorld } from './chat-support.js';
import { expectError } from './sdk-errors.js';

const PNG = 'image/png';

const roomyConfig: InstanceConfig = {
  ...demoConfig,
  routingProfiles: demoConfig.routingProfiles.map((rp) => ({ ...rp, concurrency: { ...rp.concurrency, CHAT: 10 } })),
};

/** What fetch takes as a body (a copy: Node's Buffer type is not a BodyInit). */
const bytes = (b: Buffer): Uint8Array<ArrayBuffer> => new Uint8Array(b);

/** A PNG-looking body of `size` bytes (signature, then noise). */
const png = (size: number): Buffer => {
  const b = randomBytes(size);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(b);
  return b;
};

describe('attachment operations match the SDK model', () => {
  const sdk = createRequire(import.meta.url)('@aws-sdk/client-connectparticipant') as Record<string, unknown>;
  for (const op of participantAttachmentOperations) {
    it(`${op.name}: ${op.method} ${op.path}`, () => {
      const schema = sdk[`${op.name}$`] as [number, string, string, { http?: [string, string, number] }] | undefined;
      expect(schema, `${op.name} is not an operation of @aws-sdk/client-connectparticipant`).toBeDefined();
      const [method, path] = schema![3].http!;
      expect(`${op.method} ${op.path}`).toBe(`${method} ${path}`);
    });
  }
});

describe.each(backends)('chat attachments on $name', (backend) => {
  let world: ChatWorld;
  let bob: AgentSocket;
  let p: ConnectParticipantClient;

  beforeAll(async () => {
    // Room for every chat of this file at once (Bob's demo profile takes 2).
    world = await chatWorld(backend, { config: roomyConfig });
    bob = await world.agent('bob');
    p = world.participantClient();
  });
  afterAll(async () => world.close());

  /** A chat with its customer connected; with `accept`, Bob accepted it and has his tokens. */
  async function chat(accept: boolean) {
    const c = await world.startChat();
    const conn = await p.send(
      new CreateParticipantConnectionCommand({ ParticipantToken: c.ParticipantToken, Type: ['CONNECTION_CREDENTIALS'] }),
    );
    const customer = conn.ConnectionCredentials!.ConnectionToken!;
    if (!accept) return { contactId: c.ContactId, customer, agent: undefined };
    const agent = await agentChatTokens(bob, c.ContactId);
    await bob.command('acceptContact', { contactId: c.ContactId });
    return { contactId: c.ContactId, customer, agent: agent.connectionToken };
  }

  /** chatjs sendAttachment: start, PUT (status unchecked by chatjs; checked here), complete. */
  async function send(token: string, body: Buffer, name: string, type = PNG) {
    const started = await p.send(
      new StartAttachmentUploadCommand({
        ConnectionToken: token,
        ContentType: type,
        AttachmentSizeInBytes: body.length,
        AttachmentName: name,
      }),
    );
    const meta = started.UploadMetadata!;
    const put = await fetch(meta.Url!, { method: 'PUT', headers: meta.HeadersToInclude, body: bytes(body) });
    expect(put.status).toBe(200);
    const done = await p.send(
      new CompleteAttachmentUploadCommand({ ConnectionToken: token, AttachmentIds: [started.AttachmentId!] }),
    );
    return { id: started.AttachmentId!, done };
  }

  it('customer uploads a 300 KB PNG; the agent sees the ATTACHMENT item and downloads the same bytes', async () => {
    const c = await chat(true);
    const body = png(300 * 1024);
    const started = await p.send(
      new StartAttachmentUploadCommand({
        ConnectionToken: c.customer,
        ContentType: PNG,
        AttachmentSizeInBytes: body.length,
        AttachmentName: 'screenshot.png',
      }),
    );
    expect(started.AttachmentId).toBeTruthy();
    const meta = started.UploadMetadata!;
    expect(meta.HeadersToInclude).toEqual({ 'Content-Type': PNG });
    const expiry = Date.parse(meta.UrlExpiry!);
    expect(expiry - Date.now()).toBeGreaterThan(200_000);
    expect(expiry - Date.now()).toBeLessThanOrEqual(300_000);
    expect(new URL(meta.Url!).origin).toBe(world.server.url);

    const put = await fetch(meta.Url!, { method: 'PUT', headers: meta.HeadersToInclude, body: bytes(body) });
    expect(put.status).toBe(200);
    expect(await put.text()).toBe('{}');
    const done = await p.send(
      new CompleteAttachmentUploadCommand({ ConnectionToken: c.customer, AttachmentIds: [started.AttachmentId!] }),
    );
    expect(done.$metadata.httpStatusCode).toBe(200);

    const t = await p.send(
      new GetTranscriptCommand({ ConnectionToken: c.agent!, MaxResults: 100, ScanDirection: 'FORWARD', SortOrder: 'ASCENDING' }),
    );
    const items = (t.Transcript ?? []).filter((i) => i.Type === 'ATTACHMENT');
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      Type: 'ATTACHMENT',
      ContentType: PNG,
      ParticipantRole: 'CUSTOMER',
      Attachments: [
        { AttachmentId: started.AttachmentId, AttachmentName: 'screenshot.png', ContentType: PNG, Status: 'APPROVED' },
      ],
    });

    const got = await p.send(new GetAttachmentCommand({ ConnectionToken: c.agent!, AttachmentId: started.AttachmentId! }));
    expect(got.AttachmentSizeInBytes).toBe(body.length);
    expect(Date.parse(got.UrlExpiry!)).toBeGreaterThan(Date.now());
    // chatjs downloadAttachment: fetch(Url).blob().
    const res = await fetch(got.Url!, { headers: { origin: 'http://other.example' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(PNG);
    expect(res.headers.get('content-length')).toBe(String(body.length));
    expect(res.headers.get('content-disposition')).toContain("filename*=UTF-8''screenshot.png");
    expect(res.headers.get('access-control-allow-origin')).toBe('http://other.example');
    const blob = await res.blob();
    expect(Buffer.from(await blob.arrayBuffer()).equals(body)).toBe(true);

    // The customer can download their own, with a shorter URL lifetime.
    const mine = await p.send(
      new GetAttachmentCommand({ ConnectionToken: c.customer, AttachmentId: started.AttachmentId!, UrlExpiryInSeconds: 5 }),
    );
    expect(Date.parse(mine.UrlExpiry!) - Date.now()).toBeLessThanOrEqual(5_000);
    expect(Buffer.from(await (await fetch(mine.Url!)).arrayBuffer()).equals(body)).toBe(true);

    // A retried Complete (the SDK keeps its ClientToken) answers {} without a second item.
    const token = 'retry-token-1';
    await send(c.agent!, png(1000), 'agent.png');
    const s2 = await p.send(
      new StartAttachmentUploadCommand({
        ConnectionToken: c.customer,
        ContentType: PNG,
        AttachmentSizeInBytes: 10,
        AttachmentName: 'x.png',
      }),
    );
    await fetch(s2.UploadMetadata!.Url!, { method: 'PUT', headers: s2.UploadMetadata!.HeadersToInclude, body: bytes(png(10)) });
    await p.send(
      new CompleteAttachmentUploadCommand({ ConnectionToken: c.customer, AttachmentIds: [s2.AttachmentId!], ClientToken: token }),
    );
    await p.send(
      new CompleteAttachmentUploadCommand({ ConnectionToken: c.customer, AttachmentIds: [s2.AttachmentId!], ClientToken: token }),
    );
    await expectError(
      p.send(
        new CompleteAttachmentUploadCommand({
          ConnectionToken: c.customer,
          AttachmentIds: [s2.AttachmentId!],
          ClientToken: 'other',
        }),
      ),
      'ConflictException',
      409,
    );
    const t2 = await p.send(
      new GetTranscriptCommand({
        ConnectionToken: c.customer,
        MaxResults: 100,
        ScanDirection: 'FORWARD',
        SortOrder: 'ASCENDING',
      }),
    );
    expect((t2.Transcript ?? []).filter((i) => i.Type === 'ATTACHMENT').map((i) => i.Attachments?.[0]?.AttachmentName)).toEqual([
      'screenshot.png',
      'agent.png',
      'x.png',
    ]);
  });

  it('too big or an unsupported type: ValidationException', async () => {
    const c = await chat(false);
    const start = (over: { ContentType?: string; AttachmentSizeInBytes?: number }) =>
      p.send(
        new StartAttachmentUploadCommand({
          ConnectionToken: c.customer,
          ContentType: PNG,
          AttachmentSizeInBytes: 100,
          AttachmentName: 'a.png',
          ...over,
        }),
      );
    const big = await expectError(start({ AttachmentSizeInBytes: 20 * 1024 * 1024 + 1 }), 'ValidationException', 400);
    expect(big.message).toContain(String(20 * 1024 * 1024));
    const type = await expectError(start({ ContentType: 'text/html' }), 'ValidationException', 400);
    expect(type.message).toContain('image/png');
    await expectError(start({ AttachmentSizeInBytes: 0 }), 'ValidationException', 400);
    // Exactly 20 MiB is fine.
    expect((await start({ AttachmentSizeInBytes: 20 * 1024 * 1024 })).AttachmentId).toBeTruthy();
  });

  it('completing before the upload arrived: ValidationException; after the PUT it completes', async () => {
    const c = await chat(false);
    const body = png(2048);
    const s = await p.send(
      new StartAttachmentUploadCommand({
        ConnectionToken: c.customer,
        ContentType: PNG,
        AttachmentSizeInBytes: body.length,
        AttachmentName: 'late.png',
      }),
    );
    const complete = () =>
      p.send(new CompleteAttachmentUploadCommand({ ConnectionToken: c.customer, AttachmentIds: [s.AttachmentId!] }));
    const early = await expectError(complete(), 'ValidationException', 400);
    expect(early.message).toContain('not arrived');
    // A short body is refused at the PUT (chatjs would not notice) and the Complete still fails.
    const short = await fetch(s.UploadMetadata!.Url!, {
      method: 'PUT',
      headers: s.UploadMetadata!.HeadersToInclude,
      body: bytes(body.subarray(1)),
    });
    expect(short.status).toBe(400);
    await expectError(complete(), 'ValidationException', 400);
    const put = await fetch(s.UploadMetadata!.Url!, {
      method: 'PUT',
      headers: s.UploadMetadata!.HeadersToInclude,
      body: bytes(body),
    });
    expect(put.status).toBe(200);
    await complete();
  });

  it('the 21st attachment of a chat: ServiceQuotaExceededException (402)', async () => {
    const c = await chat(false);
    await send(c.customer, png(100), 'first.png');
    for (let i = 2; i <= 20; i++) {
      await p.send(
        new StartAttachmentUploadCommand({
          ConnectionToken: c.customer,
          ContentType: 'text/plain',
          AttachmentSizeInBytes: 5,
          AttachmentName: `n${i}.txt`,
        }),
      );
    }
    await expectError(
      p.send(
        new StartAttachmentUploadCommand({
          ConnectionToken: c.customer,
          ContentType: 'text/plain',
          AttachmentSizeInBytes: 5,
          AttachmentName: 'n21.txt',
        }),
      ),
      'ServiceQuotaExceededException',
      402,
    );
  });

  it('the agent of another chat: AccessDeniedException for GetAttachment', async () => {
    const a = await chat(true);
    const { id } = await send(a.customer, png(500), 'private.png');
    const b = await chat(true);
    await expectError(
      p.send(new GetAttachmentCommand({ ConnectionToken: b.agent!, AttachmentId: id })),
      'AccessDeniedException',
      403,
    );
    await expectError(
      p.send(new GetAttachmentCommand({ ConnectionToken: b.customer, AttachmentId: id })),
      'AccessDeniedException',
      403,
    );
    // Nor may they complete it.
    await expectError(
      p.send(new CompleteAttachmentUploadCommand({ ConnectionToken: b.customer, AttachmentIds: [id] })),
      'AccessDeniedException',
      403,
    );
    // Unknown ids and bad tokens.
    await expectError(
      p.send(new GetAttachmentCommand({ ConnectionToken: a.agent!, AttachmentId: 'no-such-attachment' })),
      'ValidationException',
      400,
    );
    await expectError(
      p.send(new GetAttachmentCommand({ ConnectionToken: 'sb1.bogus.token', AttachmentId: id })),
      'AccessDeniedException',
      403,
    );
  });

  it('persistent chat: the customer of a chat that continues an ended one downloads its attachments', async () => {
    const first = await chat(false);
    const body = png(4096);
    const { id } = await send(first.customer, body, 'earlier.png');
    await p.send(new DisconnectParticipantCommand({ ConnectionToken: first.customer }));
    const second = await world.startChat({
      PersistentChat: { RehydrationType: 'ENTIRE_PAST_SESSION', SourceContactId: first.contactId },
    });
    const conn = await p.send(
      new CreateParticipantConnectionCommand({ ParticipantToken: second.ParticipantToken, Type: ['CONNECTION_CREDENTIALS'] }),
    );
    const token = conn.ConnectionCredentials!.ConnectionToken!;
    const t = await p.send(
      new GetTranscriptCommand({ ConnectionToken: token, MaxResults: 100, ScanDirection: 'FORWARD', SortOrder: 'ASCENDING' }),
    );
    expect(t.Transcript?.find((i) => i.Type === 'ATTACHMENT')?.Attachments?.[0]?.AttachmentId).toBe(id);
    const got = await p.send(new GetAttachmentCommand({ ConnectionToken: token, AttachmentId: id }));
    expect(Buffer.from(await (await fetch(got.Url!)).arrayBuffer()).equals(body)).toBe(true);
    await world.connect.send(new StopContactCommand({ InstanceId: world.server.instance.id, ContactId: second.ContactId }));
  });

  it('a browser preflight for the upload (cross-origin, Content-Type) is allowed', async () => {
    const c = await chat(false);
    const s = await p.send(
      new StartAttachmentUploadCommand({
        ConnectionToken: c.customer,
        ContentType: PNG,
        AttachmentSizeInBytes: 10,
        AttachmentName: 'cors.png',
      }),
    );
    const pre = await fetch(s.UploadMetadata!.Url!, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://other.example',
        'access-control-request-method': 'PUT',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('http://other.example');
    expect(pre.headers.get('access-control-allow-methods')).toContain('PUT');
    expect(pre.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('content-type');
    const put = await fetch(s.UploadMetadata!.Url!, {
      method: 'PUT',
      headers: { ...s.UploadMetadata!.HeadersToInclude, origin: 'http://other.example' },
      body: bytes(png(10)),
    });
    expect(put.status).toBe(200);
    expect(put.headers.get('access-control-allow-origin')).toBe('http://other.example');
  });
});
