/**
 * The unmodified @aws-sdk/client-connectparticipant against Switchboard: every chat
 * operation, each modelled error it can meet, and the SDK parsing every answer.
 */
import {
  AccessDeniedException,
  CancelParticipantAuthenticationCommand,
  CreateParticipantConnectionCommand,
  DescribeViewCommand,
  DisconnectParticipantCommand,
  GetAuthenticationUrlCommand,
  GetTranscriptCommand,
  ResourceNotFoundException,
  SendEventCommand,
  SendMessageCommand,
  StartAttachmentUploadCommand,
  ThrottlingException,
  ValidationException,
} from '@aws-sdk/client-connectparticipant';
import { StopContactCommand } from '@aws-sdk/client-connect';
import { demoConfig, validateConfig } from '@switchboard/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentSocket } from './agent-client.js';
import { backends } from './backends.js';
import { agentChatTokens, type ChatWorld, chatWorld } from './chat-support.js';

const READ = 'application/vnd.amazonaws.connect.event.message.read';
const TYPING = 'application/vnd.amazonaws.connect.event.typing';

describe.each(backends)('participant service with the AWS SDK on $name', (backend) => {
  let world: ChatWorld;
  let bob: AgentSocket;

  beforeAll(async () => {
    world = await chatWorld(backend);
    bob = await world.agent('bob');
  });
  afterAll(async () => world.close());

  /** A new chat and its customer's connection token (CONNECTION_CREDENTIALS), with the client used. */
  const customerConnection = async () => {
    const p = world.participantClient();
    const chat = await world.startChat();
    const conn = await p.send(
      new CreateParticipantConnectionCommand({ ParticipantToken: chat.ParticipantToken, Type: ['CONNECTION_CREDENTIALS'] }),
    );
    return { p, chat, token: conn.ConnectionCredentials!.ConnectionToken! };
  };

  const bearer = (token: string) => ({ ConnectionToken: token });

  it('a whole chat: connect, messages both ways, receipts, typing, transcript, disconnect', async () => {
    const p = world.participantClient();
    const chat = await world.startChat({ InitialMessage: { ContentType: 'text/plain', Content: 'Hello, I need help' } });
    const conn = await p.send(
      new CreateParticipantConnectionCommand({
        ParticipantToken: chat.ParticipantToken,
        Type: ['WEBSOCKET', 'CONNECTION_CREDENTIALS'],
      }),
    );
    expect(conn.Websocket?.Url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/participant\/ws\?token=/);
    const wsExpiry = Date.parse(conn.Websocket?.ConnectionExpiry ?? '');
    expect(wsExpiry - Date.now()).toBeGreaterThan(85_000);
    const expiry = Date.parse(conn.ConnectionCredentials?.Expiry ?? '');
    expect(expiry - Date.now()).toBeGreaterThan(60_000);
    expect(expiry - Date.now()).toBeLessThan(2 ** 31 - 1);
    const customer = conn.ConnectionCredentials!.ConnectionToken!;

    const agent = await agentChatTokens(bob, chat.ContactId);
    // The agent's chat token works before accept; the ack ({ConnectParticipant:true}, no Type) answers {}.
    const ack = await p.send(
      new CreateParticipantConnectionCommand({ ParticipantToken: agent.participantToken, ConnectParticipant: true }),
    );
    expect(ack.Websocket).toBeUndefined();
    await bob.command('acceptContact', { contactId: chat.ContactId });

    const sent = await p.send(
      new SendMessageCommand({ ...bearer(customer), ContentType: 'text/plain', Content: 'Are you there?' }),
    );
    expect(sent.Id).toBeTruthy();
    expect(Date.parse(sent.AbsoluteTime!)).toBeGreaterThan(0);
    const reply = await p.send(
      new SendMessageCommand({ ...bearer(agent.connectionToken), ContentType: 'text/markdown', Content: '**Yes!**' }),
    );
    const typing = await p.send(new SendEventCommand({ ...bearer(customer), ContentType: TYPING }));
    expect(typing.Id).toBeTruthy();
    // Receipts carry a constant ClientToken (chatjs): each must still count.
    for (const id of [sent.Id!, reply.Id!]) {
      await p.send(
        new SendEventCommand({
          ...bearer(customer),
          ContentType: READ,
          Content: JSON.stringify({ messageId: id }),
          ClientToken: 'INCOMING_READ_RECEIPT',
        }),
      );
    }

    const t = await p.send(
      new GetTranscriptCommand({
        ...bearer(agent.connectionToken),
        MaxResults: 100,
        SortOrder: 'ASCENDING',
        ScanDirection: 'FORWARD',
      }),
    );
    expect(t.InitialContactId).toBe(chat.ContactId);
    const items = t.Transcript ?? [];
    const kinds = items.map((i) => `${i.Type}:${i.ContentType}${i.Content ? `:${i.Content}` : ''}`);
    expect(kinds).toEqual(
      expect.arrayContaining([
        'EVENT:application/vnd.amazonaws.connect.event.participant.joined',
        'MESSAGE:text/plain:Hello, I need help',
        'MESSAGE:text/plain:Are you there?',
        'MESSAGE:text/markdown:**Yes!**',
      ]),
    );
    expect(kinds.some((k) => k.includes('typing'))).toBe(false); // typing is never stored
    const receipts = items.filter((i) => (i.Type as string) === 'MESSAGEMETADATA');
    expect(receipts.map((r) => r.MessageMetadata?.MessageId).sort()).toEqual([sent.Id, reply.Id].sort());
    expect(receipts[0]?.MessageMetadata?.Receipts?.[0]?.ReadTimestamp).toBeTruthy();
    for (const i of items) expect(i.ContactId ?? i.Id).toBeTruthy();
    // chatjs's default request: BACKWARD, ASCENDING, StartPosition {} (= absent), MaxResults 15.
    const page = await p.send(
      new GetTranscriptCommand({
        ...bearer(customer),
        MaxResults: 2,
        ScanDirection: 'BACKWARD',
        SortOrder: 'ASCENDING',
        StartPosition: {},
      }),
    );
    expect(page.Transcript?.map((i) => i.Id)).toEqual(items.slice(-2).map((i) => i.Id));
    expect(page.NextToken).toBeTruthy();
    const before = await p.send(
      new GetTranscriptCommand({
        ...bearer(customer),
        MaxResults: 2,
        ScanDirection: 'BACKWARD',
        SortOrder: 'ASCENDING',
        NextToken: page.NextToken,
      }),
    );
    expect(before.Transcript?.map((i) => i.Id)).toEqual(items.slice(-4, -2).map((i) => i.Id));

    await p.send(new DisconnectParticipantCommand({ ...bearer(customer) }));
    const after = await p.send(new GetTranscriptCommand({ ...bearer(agent.connectionToken), MaxResults: 3 }));
    expect(after.Transcript?.[0]?.ContentType).toBe('application/vnd.amazonaws.connect.event.chat.ended');
    // After the end: no new connection (chatjs turns this 403 into onEnded), no new messages.
    await expect(
      p.send(new CreateParticipantConnectionCommand({ ParticipantToken: chat.ParticipantToken, Type: ['WEBSOCKET'] })),
    ).rejects.toBeInstanceOf(AccessDeniedException);
    await expect(
      p.send(new SendMessageCommand({ ...bearer(customer), ContentType: 'text/plain', Content: 'late' })),
    ).rejects.toMatchObject({
      name: 'AccessDeniedException',
      $metadata: { httpStatusCode: 403 },
    });
    await bob.command('clearContact', { contactId: chat.ContactId });
  });

  it('answers the modelled errors: Validation, AccessDenied, ResourceNotFound, Throttling', async () => {
    const { p, chat, token } = await customerConnection();

    // Validation
    for (const cmd of [
      new SendMessageCommand({ ...bearer(token), ContentType: 'image/gif', Content: 'x' }),
      new SendMessageCommand({ ...bearer(token), ContentType: 'text/plain', Content: 'x'.repeat(1025) }),
      new SendEventCommand({ ...bearer(token), ContentType: READ, Content: 'not json' }),
      new SendEventCommand({ ...bearer(token), ContentType: 'application/vnd.amazonaws.connect.event.chat.ended' }),
      new GetTranscriptCommand({ ...bearer(token), MaxResults: 101 }),
      new GetTranscriptCommand({ ...bearer(token), NextToken: 'garbage' }),
      new GetAuthenticationUrlCommand({ ...bearer(token), SessionId: 'short', RedirectUri: 'https://x' }),
    ]) {
      // biome-ignore lint/suspicious/noExplicitAny: a list of different commands
      await expect(p.send(cmd as any)).rejects.toBeInstanceOf(ValidationException);
    }
    // Wrong or missing tokens: a participant token is not a connection token, and vice versa.
    await expect(
      p.send(new SendMessageCommand({ ...bearer(chat.ParticipantToken), ContentType: 'text/plain', Content: 'x' })),
    ).rejects.toBeInstanceOf(AccessDeniedException);
    await expect(
      p.send(new CreateParticipantConnectionCommand({ ParticipantToken: token, Type: ['WEBSOCKET'] })),
    ).rejects.toBeInstanceOf(AccessDeniedException);
    await expect(
      p.send(new SendMessageCommand({ ...bearer(`${token}x`), ContentType: 'text/plain', Content: 'x' })),
    ).rejects.toBeInstanceOf(AccessDeniedException);
    // Customer authentication is not configured.
    await expect(
      p.send(
        new GetAuthenticationUrlCommand({ ...bearer(token), SessionId: '0'.repeat(36), RedirectUri: 'https://example.com/back' }),
      ),
    ).rejects.toBeInstanceOf(AccessDeniedException);
    await expect(
      p.send(new CancelParticipantAuthenticationCommand({ ...bearer(token), SessionId: '0'.repeat(36) })),
    ).rejects.toBeInstanceOf(AccessDeniedException);
    await expect(
      p.send(
        new DescribeViewCommand({
          ...bearer(token),
          ViewToken: 'arn:aws:connect:us-east-1:123456789012:instance/x/view/y:$LATEST',
        }),
      ),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
    // The demo instance's view, by name and by ARN.
    const byName = await p.send(new DescribeViewCommand({ ...bearer(token), ViewToken: 'Contact details' }));
    expect(byName.View?.Name).toBe('Contact details');
    expect(byName.View?.Content?.Actions).toEqual(['Submit', 'Cancel']);
    expect(JSON.parse(byName.View?.Content?.Template ?? '{}')).toMatchObject({ Head: { Title: 'Your contact details' } });
    const byArn = await p.send(new DescribeViewCommand({ ...bearer(token), ViewToken: `${byName.View?.Arn}:$LATEST` }));
    expect(byArn.View?.Id).toBe(byName.View?.Id);
    // Throttling: a burst beyond the per-participant rate.
    const burst = await Promise.allSettled(
      Array.from({ length: 40 }, (_, i) =>
        p.send(new SendMessageCommand({ ...bearer(token), ContentType: 'text/plain', Content: `m${i}` })),
      ),
    );
    const throttled = burst.filter((r) => r.status === 'rejected');
    expect(throttled.length).toBeGreaterThan(0);
    for (const r of throttled) expect((r as PromiseRejectedResult).reason).toBeInstanceOf(ThrottlingException);
    // Nothing acknowledged was lost: every accepted message is in the transcript.
    const ok = burst.filter((r) => r.status === 'fulfilled').map((r) => (r as PromiseFulfilledResult<{ Id?: string }>).value.Id);
    const t = await p.send(
      new GetTranscriptCommand({ ...bearer(token), MaxResults: 100, ScanDirection: 'FORWARD', SortOrder: 'ASCENDING' }),
    );
    const ids = new Set(t.Transcript?.map((i) => i.Id));
    for (const id of ok) expect(ids.has(id)).toBe(true);

    // StopContact ends the chat for everyone.
    await world.connect.send(new StopContactCommand({ InstanceId: world.server.instance.id, ContactId: chat.ContactId }));
    await expect(p.send(new SendEventCommand({ ...bearer(token), ContentType: TYPING }))).rejects.toBeInstanceOf(
      AccessDeniedException,
    );
  });

  it('persistent chat: a new chat continues an ended one; past items carry RelatedContactId', async () => {
    const p = world.participantClient();
    const first = await world.startChat();
    const c1 = await p.send(
      new CreateParticipantConnectionCommand({ ParticipantToken: first.ParticipantToken, Type: ['CONNECTION_CREDENTIALS'] }),
    );
    const t1 = c1.ConnectionCredentials!.ConnectionToken!;
    const old = await p.send(
      new SendMessageCommand({ ...bearer(t1), ContentType: 'text/plain', Content: 'from the first chat' }),
    );
    // The source must have ended.
    await expect(
      world.startChat({ PersistentChat: { RehydrationType: 'ENTIRE_PAST_SESSION', SourceContactId: first.ContactId } }),
    ).rejects.toMatchObject({ name: 'InvalidRequestException' });
    await p.send(new DisconnectParticipantCommand({ ...bearer(t1) }));

    const second = await world.startChat({
      PersistentChat: { RehydrationType: 'ENTIRE_PAST_SESSION', SourceContactId: first.ContactId },
    });
    expect((second as { ContinuedFromContactId?: string }).ContinuedFromContactId).toBe(first.ContactId);
    const c2 = await p.send(
      new CreateParticipantConnectionCommand({ ParticipantToken: second.ParticipantToken, Type: ['CONNECTION_CREDENTIALS'] }),
    );
    const t2 = c2.ConnectionCredentials!.ConnectionToken!;
    const now = await p.send(
      new SendMessageCommand({ ...bearer(t2), ContentType: 'text/plain', Content: 'from the second chat' }),
    );

    const all = await p.send(
      new GetTranscriptCommand({ ...bearer(t2), MaxResults: 100, ScanDirection: 'FORWARD', SortOrder: 'ASCENDING' }),
    );
    const pastItem = all.Transcript?.find((i) => i.Id === old.Id);
    expect(pastItem?.RelatedContactId).toBe(first.ContactId);
    expect(pastItem?.ContactId).toBeUndefined();
    expect(all.Transcript?.find((i) => i.Id === now.Id)?.ContactId).toBe(second.ContactId);
    const ids = all.Transcript?.map((i) => i.Id) ?? [];
    expect(ids.indexOf(old.Id!)).toBeLessThan(ids.indexOf(now.Id!));

    const onlyPast = await p.send(new GetTranscriptCommand({ ...bearer(t2), ContactId: first.ContactId, MaxResults: 100 }));
    expect(onlyPast.Transcript?.some((i) => i.Id === old.Id)).toBe(true);
    expect(onlyPast.Transcript?.some((i) => i.Id === now.Id)).toBe(false);
    expect(onlyPast.Transcript?.every((i) => i.RelatedContactId === first.ContactId)).toBe(true);
    await world.connect.send(new StopContactCommand({ InstanceId: world.server.instance.id, ContactId: second.ContactId }));
  });

  it('ClientToken makes SendMessage idempotent without swallowing different messages', async () => {
    const { p, chat, token } = await customerConnection();
    const a = await p.send(
      new SendMessageCommand({ ...bearer(token), ContentType: 'text/plain', Content: 'one', ClientToken: 'same' }),
    );
    const b = await p.send(
      new SendMessageCommand({ ...bearer(token), ContentType: 'text/plain', Content: 'one', ClientToken: 'same' }),
    );
    const c = await p.send(
      new SendMessageCommand({ ...bearer(token), ContentType: 'text/plain', Content: 'two', ClientToken: 'same' }),
    );
    expect(b.Id).toBe(a.Id);
    expect(c.Id).not.toBe(a.Id);
    await world.connect.send(new StopContactCommand({ InstanceId: world.server.instance.id, ContactId: chat.ContactId }));
  });

  it('ClientToken idempotency: long messages too, and no ClientToken/body pair passes for another', async () => {
    const { p, chat, token } = await customerConnection();
    const send = (ClientToken: string, Content: string) =>
      p.send(new SendMessageCommand({ ...bearer(token), ContentType: 'text/plain', Content, ClientToken }));
    const long = 'x'.repeat(500);
    const a = await send('long', long);
    expect((await send('long', long)).Id).toBe(a.Id);
    expect((await send('long', `${long.slice(1)}y`)).Id).not.toBe(a.Id);
    // Concatenated naively, token + body would be the same text for both.
    const b = await send('k', 'A=text/plain\nB');
    const c = await send('k=text/plain\nA', 'B');
    expect(c.Id).not.toBe(b.Id);
    expect((await send('k', 'A=text/plain\nB')).Id).toBe(b.Id);
    await world.connect.send(new StopContactCommand({ InstanceId: world.server.instance.id, ContactId: chat.ContactId }));
  });
});

describe('chat limits from the instance file', () => {
  it('messageMaxLength, messagesPerSecond and attachment limits in `chat` take effect', async () => {
    const checked = validateConfig({
      ...structuredClone(demoConfig),
      chat: { messageMaxLength: 10, burst: 2, messagesPerSecond: 0.5, attachments: { maxSizeMb: 0.001, perChat: 1 } },
    });
    if (!checked.ok) throw new Error(JSON.stringify(checked.issues));
    const world = await chatWorld(backends[0]!, { config: checked.config });
    try {
      const p = world.participantClient();
      const chat = await world.startChat();
      const conn = await p.send(
        new CreateParticipantConnectionCommand({ ParticipantToken: chat.ParticipantToken, Type: ['CONNECTION_CREDENTIALS'] }),
      );
      const ConnectionToken = conn.ConnectionCredentials!.ConnectionToken!;
      await expect(
        p.send(new SendMessageCommand({ ConnectionToken, ContentType: 'text/plain', Content: '12345678901' })),
      ).rejects.toBeInstanceOf(ValidationException);
      await p.send(new SendMessageCommand({ ConnectionToken, ContentType: 'text/plain', Content: '1234567890' }));
      await p.send(new SendMessageCommand({ ConnectionToken, ContentType: 'text/plain', Content: 'two' }));
      await expect(
        p.send(new SendMessageCommand({ ConnectionToken, ContentType: 'text/plain', Content: 'three' })),
      ).rejects.toBeInstanceOf(ThrottlingException);
      await expect(
        p.send(
          new StartAttachmentUploadCommand({
            ConnectionToken,
            ContentType: 'image/png',
            AttachmentName: 'a.png',
            AttachmentSizeInBytes: 2000,
            ClientToken: 'x',
          }),
        ),
      ).rejects.toBeInstanceOf(ValidationException);
    } finally {
      await world.close();
    }
  });
});

describe('attachments in an S3 bucket', () => {
  it('with attachmentBucket set, upload URLs are pre-signed S3 PUTs to that bucket (no network needed to sign)', async () => {
    const world = await chatWorld(backends[0]!, {
      attachmentBucket: {
        bucket: 'sb-attachments',
        region: 'us-east-1',
        endpoint: 'http://127.0.0.1:9',
        forcePathStyle: true,
        credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret-example-key' },
      },
    });
    try {
      const p = world.participantClient();
      const chat = await world.startChat();
      const conn = await p.send(
        new CreateParticipantConnectionCommand({ ParticipantToken: chat.ParticipantToken, Type: ['CONNECTION_CREDENTIALS'] }),
      );
      const out = await p.send(
        new StartAttachmentUploadCommand({
          ConnectionToken: conn.ConnectionCredentials!.ConnectionToken!,
          ContentType: 'image/png',
          AttachmentName: 'a.png',
          AttachmentSizeInBytes: 100,
          ClientToken: 's3',
        }),
      );
      const url = new URL(out.UploadMetadata!.Url!);
      expect(url.origin).toBe('http://127.0.0.1:9');
      expect(url.pathname.startsWith('/sb-attachments/')).toBe(true);
      expect(url.searchParams.get('X-Amz-Algorithm')).toBe('AWS4-HMAC-SHA256');
      expect(url.searchParams.get('X-Amz-Credential')).toMatch(/^AKIDEXAMPLE\//);
    } finally {
      await world.close();
    }
  });
});
