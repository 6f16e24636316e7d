/**
 * `@switchboard/tasks` against the real server (SQLite, port 0, an injected clock): an
 * agent signed in with AgentClient accepts a task started with the unmodified
 * @aws-sdk/client-connect; a TaskSession over websocketManagerFor(client) sees the
 * transfer's initiated then succeeded items, and the expiry's warning 2 h before the
 * default 7 days and its completion at 7 days, each once (also as the server sent them).
 */
import { DescribeContactCommand, StopContactCommand } from '@aws-sdk/client-connect';
import { AgentClient } from '@switchboard/agent-client';
import { ContentTypes, type TaskItem, TaskSession, websocketManagerFor } from '@switchboard/tasks';
import { DEMO_PASSWORD } from '@switchboard/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contactState, DAY, dataWhere, HOUR, T0, type TaskWorld, taskWorld, waitFor } from './support.js';

/** What a session's callbacks received, in order. */
class Seen {
  readonly events: { readonly kind: string; readonly item?: TaskItem }[] = [];
  private readonly listeners = new Set<(e: Seen['events'][number]) => void>();

  constructor(session: TaskSession) {
    const record = (kind: string) => (data: unknown) => {
      const e = { kind, ...(kind === 'established' || kind === 'broken' ? {} : { item: data as TaskItem }) };
      this.events.push(e);
      for (const l of [...this.listeners]) l(e);
    };
    session.onMessage(record('message'));
    session.onTransferInitiated(record('transferInitiated'));
    session.onTransferSucceeded(record('transferSucceeded'));
    session.onTransferFailed(record('transferFailed'));
    session.onTaskExpiring(record('taskExpiring'));
    session.onTaskExpired(record('taskExpired'));
    session.onConnectionEstablished(record('established'));
    session.onConnectionBroken(record('broken'));
  }

  /** The first event of `kind` (already seen, or the next). */
  event(kind: string): Promise<Seen['events'][number]> {
    const hit = this.events.find((e) => e.kind === kind);
    if (hit) return Promise.resolve(hit);
    return waitFor(
      (cb) => {
        this.listeners.add(cb);
        return () => this.listeners.delete(cb);
      },
      (e) => e.kind === kind,
      kind,
    );
  }

  kinds(): string[] {
    return this.events.map((e) => e.kind);
  }
}

describe('@switchboard/tasks over the agent client, against the real server', () => {
  let t: TaskWorld;
  let alice: AgentClient;
  /** Every aws/task item the server pushed to alice's client. */
  const pushed: TaskItem[] = [];

  beforeAll(async () => {
    t = await taskWorld();
    alice = await AgentClient.signIn({ endpoint: t.w.server.url, username: 'alice', password: DEMO_PASSWORD });
    alice.on('topicMessage', (topic, data) => {
      if (topic === 'aws/task') pushed.push(data as TaskItem);
    });
    await alice.ready();
    await alice.setState('Available');
  });

  afterAll(async () => {
    alice?.close();
    await t?.close();
  });

  /** Starts a task to the Sales queue; alice (the one agent on it) accepts the offer. */
  async function acceptedTask(): Promise<string> {
    const contactId = await t.startTask();
    await dataWhere(alice, (d) => contactState(d, contactId) === 'connecting', `the offer of ${contactId}`);
    await alice.accept(contactId);
    await dataWhere(alice, (d) => contactState(d, contactId) === 'connected', `${contactId} connected`);
    return contactId;
  }

  async function sessionFor(contactId: string): Promise<{ session: TaskSession; seen: Seen }> {
    const initial = alice.data?.snapshot.contacts.find((c) => c.contactId === contactId)?.initialContactId ?? contactId;
    const session = TaskSession.create({
      contactId,
      initialContactId: initial,
      websocketManager: websocketManagerFor(alice),
    });
    const seen = new Seen(session);
    expect(await session.connect()).toEqual({ _debug: undefined, connectSuccess: true, connectCalled: true });
    return { session, seen };
  }

  it('a transfer to a queue quick connect: onTransferInitiated, then onTransferSucceeded, each with onMessage', async () => {
    const contactId = await acceptedTask();
    const { session, seen } = await sessionFor(contactId);
    const endpoints = await alice.getEndpoints();
    const support = endpoints.find((e) => e.name === 'Support queue');
    expect(support, 'the Support queue quick connect').toBeDefined();
    const newContactId = await alice.transfer(contactId, support!.endpointARN);

    const succeeded = await seen.event('transferSucceeded');
    const initiated = await seen.event('transferInitiated');
    expect(initiated.item).toMatchObject({ ContentType: ContentTypes.transferInitiated, Type: 'EVENT' });
    expect(succeeded.item).toMatchObject({ ContentType: ContentTypes.transferSucceeded, Type: 'EVENT' });
    for (const e of [initiated, succeeded]) {
      expect(e.item?.InitialContactId === contactId || e.item?.ContactId === contactId, 'an item of this task').toBe(true);
      expect(Number.isNaN(Date.parse(e.item?.AbsoluteTime ?? ''))).toBe(false);
    }
    expect(seen.kinds()).toEqual(['established', 'transferInitiated', 'message', 'transferSucceeded', 'message']);
    expect(seen.kinds()).not.toContain('transferFailed');
    const ours = pushed.filter((i) => i.InitialContactId === contactId || i.ContactId === contactId);
    expect(ours.map((i) => i.ContentType)).toEqual([ContentTypes.transferInitiated, ContentTypes.transferSucceeded]);
    expect(new Set(ours.map((i) => i.Id)).size).toBe(2);

    session.cleanUp();
    await t.send(new StopContactCommand({ InstanceId: t.instanceId, ContactId: newContactId }));
    await alice.clear(contactId).catch(() => undefined);
  });

  it('expiry: onTaskExpiring 2 h before the 7 days are up, onTaskExpired at 7 days, each once', async () => {
    const contactId = await acceptedTask();
    const { session, seen } = await sessionFor(contactId);
    const expiresAt = T0 + 7 * DAY;

    // A second before the warning is due, then when it is: the item says when it was made
    // (the server's clock), so one made a second early would show.
    await t.advanceTo(expiresAt - 2 * HOUR - 1000);
    await t.advanceTo(expiresAt - 2 * HOUR);
    const warning = await seen.event('taskExpiring');
    expect(warning.item).toMatchObject({
      ContentType: ContentTypes.taskExpiring,
      Type: 'EVENT',
      ContactId: contactId,
      AbsoluteTime: new Date(expiresAt - 2 * HOUR).toISOString(),
    });
    // Later ticks before the expiry do not warn again.
    await t.advanceTo(expiresAt - HOUR);
    await t.advanceTo(expiresAt - 1000);

    await t.advanceTo(expiresAt);
    const expired = await seen.event('taskExpired');
    expect(expired.item).toMatchObject({
      ContentType: ContentTypes.taskExpired,
      Type: 'EVENT',
      ContactId: contactId,
      AbsoluteTime: new Date(expiresAt).toISOString(),
    });
    expect(seen.kinds()).toEqual(['established', 'taskExpiring', 'message', 'taskExpired', 'message']);

    const ours = pushed.filter((i) => i.InitialContactId === contactId || i.ContactId === contactId);
    expect(ours.map((i) => i.ContentType)).toEqual([ContentTypes.taskExpiring, ContentTypes.taskExpired]);
    const described = await t.send(new DescribeContactCommand({ InstanceId: t.instanceId, ContactId: contactId }));
    expect(described.Contact?.DisconnectTimestamp?.getTime()).toBe(expiresAt);
    session.cleanUp();
  });
});
