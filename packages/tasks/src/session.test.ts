/**
 * TaskSession over a fake websocket manager of Streams' runtime shape, driven by the test:
 * which items reach which callbacks, connect's result, the connection events, duplicates,
 * frames that cannot be read, and cleanUp.
 */
import { describe, expect, it } from 'vitest';
import { ContentTypes } from './constants.js';
import { type TaskEventName, TaskEvents, type TaskItem } from './events.js';
import type { TopicFrame } from './provider.js';
import { TaskSession, type TaskSessionArgs } from './session.js';

type Style = 'function' | 'object' | 'nothing';

/** Streams' websocket manager as the test drives it; each `on…` returns what `style` says. */
class FakeManager {
  readonly topicsAsked: string[][] = [];
  readonly listeners = {
    message: new Map<string, Set<(f: TopicFrame) => void>>(),
    gain: new Set<() => void>(),
    lost: new Set<() => void>(),
    initFailure: new Set<() => void>(),
  };
  failed = false;

  constructor(private readonly style: Style = 'function') {}

  private add<T>(set: Set<T>, cb: T): unknown {
    set.add(cb);
    const off = () => set.delete(cb);
    if (this.style === 'function') return off;
    if (this.style === 'object') return { unsubscribe: off };
    return undefined;
  }

  subscribeTopics(topics: string[]): void {
    this.topicsAsked.push(topics);
  }
  onMessage(topic: string, cb: (f: TopicFrame) => void): unknown {
    let set = this.listeners.message.get(topic);
    if (!set) {
      set = new Set();
      this.listeners.message.set(topic, set);
    }
    return this.add(set, cb);
  }
  onConnectionGain(cb: () => void): unknown {
    return this.add(this.listeners.gain, cb);
  }
  onConnectionLost(cb: () => void): unknown {
    return this.add(this.listeners.lost, cb);
  }
  onInitFailure(cb: () => void): unknown {
    const sub = this.add(this.listeners.initFailure, cb);
    if (this.failed) cb();
    return sub;
  }

  /** How many callbacks are subscribed, all kinds together. */
  get subscribed(): number {
    const l = this.listeners;
    let n = l.gain.size + l.lost.size + l.initFailure.size;
    for (const set of l.message.values()) n += set.size;
    return n;
  }

  /** A frame as Streams hands it: the item as a JSON string in `content`. */
  frame(content: unknown, topic = 'aws/task'): void {
    for (const cb of [...(this.listeners.message.get(topic) ?? [])]) cb({ topic, contentType: 'application/json', content });
  }
  item(item: unknown, topic = 'aws/task'): void {
    this.frame(JSON.stringify(item), topic);
  }
  gain(): void {
    for (const cb of [...this.listeners.gain]) cb();
  }
  lose(): void {
    for (const cb of [...this.listeners.lost]) cb();
  }
  fail(): void {
    this.failed = true;
    for (const cb of [...this.listeners.initFailure]) cb();
  }
}

const TASK = { contactId: 'c-2', initialContactId: 'c-1' };

let nextId = 0;
const item = (contentType: string, over: Partial<TaskItem> = {}): TaskItem => ({
  AbsoluteTime: '2026-12-07T10:00:00.000Z',
  ContentType: contentType,
  Id: `item-${++nextId}`,
  Type: 'EVENT',
  InitialContactId: TASK.initialContactId,
  ContactId: TASK.contactId,
  ...over,
});

const ALL: TaskEventName[] = Object.values(TaskEvents);

/** A session over a fake manager, and every event its callbacks got, in order. */
function session(style: Style = 'function', ids: Partial<TaskSessionArgs> = {}) {
  const wsm = new FakeManager(style);
  const logged: { level: 'warn' | 'error'; message: string }[] = [];
  const s = TaskSession.create({
    ...TASK,
    ...ids,
    websocketManager: wsm,
    logger: {
      warn: (message) => logged.push({ level: 'warn', message }),
      error: (message) => logged.push({ level: 'error', message }),
    },
  } as TaskSessionArgs);
  const seen: { event: string; data: unknown; name: unknown }[] = [];
  const record = (event: string) => (data: unknown, name: unknown) => seen.push({ event, data, name });
  s.onMessage(record('onMessage'));
  s.onTransferInitiated(record('onTransferInitiated'));
  s.onTransferSucceeded(record('onTransferSucceeded'));
  s.onTransferFailed(record('onTransferFailed'));
  s.onTaskExpiring(record('onTaskExpiring'));
  s.onTaskExpired(record('onTaskExpired'));
  s.onConnectionEstablished(record('onConnectionEstablished'));
  s.onConnectionBroken(record('onConnectionBroken'));
  s.onConnectionLost(record('onConnectionLost'));
  const events = () => seen.map((e) => e.event);
  const ids_ = (event = 'onMessage') => seen.filter((e) => e.event === event).map((e) => (e.data as TaskItem).Id);
  return { s, wsm, seen, events, ids: ids_, logged };
}

describe('connect', () => {
  it('resolves {_debug, connectSuccess, connectCalled} after firing onConnectionEstablished with it; subscribes to aws/task', async () => {
    const { s, wsm, seen } = session();
    const promise = s.connect({ anything: 'ignored' });
    // A callback added right after connect() still gets the event (TaskJS fires it after a tick).
    const late: unknown[] = [];
    s.onConnectionEstablished((d) => late.push(d));
    const result = await promise;
    expect(result).toEqual({ _debug: undefined, connectSuccess: true, connectCalled: true });
    expect(Object.keys(result).sort()).toEqual(['_debug', 'connectCalled', 'connectSuccess']);
    expect(seen).toEqual([{ event: 'onConnectionEstablished', data: result, name: 'CONNECTION_ESTABLISHED' }]);
    expect(late).toEqual([result]);
    expect(wsm.topicsAsked).toEqual([['aws/task']]);
    expect([...wsm.listeners.message.keys()]).toEqual(['aws/task']);
    expect(wsm.subscribed).toBe(4);
  });

  it('listens only from connect() on, and subscribes once however often it is called', async () => {
    const { s, wsm, ids } = session();
    expect(wsm.subscribed).toBe(0);
    await s.connect();
    await s.connect();
    expect(wsm.topicsAsked).toHaveLength(1);
    expect(wsm.subscribed).toBe(4);
    wsm.item(item(ContentTypes.taskExpiring, { Id: 'once' }));
    expect(ids()).toEqual(['once']);
  });

  it('rejects {connectSuccess: false} without a usable websocket manager', async () => {
    for (const websocketManager of [undefined, {}, { subscribeTopics: () => undefined }]) {
      const s = TaskSession.create({ ...TASK, websocketManager } as unknown as TaskSessionArgs);
      await expect(s.connect()).rejects.toMatchObject({
        connectSuccess: false,
        connectCalled: true,
        _debug: expect.any(TypeError),
      });
    }
    expect(() => TaskSession.create(undefined as unknown as TaskSessionArgs)).toThrow(TypeError);
  });

  it('rejects when the manager says at once that the socket cannot start (onConnectionBroken, no established)', async () => {
    const { s, wsm, events } = session();
    wsm.failed = true;
    await expect(s.connect()).rejects.toMatchObject({ connectSuccess: false, connectCalled: true });
    expect(events()).toEqual(['onConnectionBroken']);
  });
});

describe('items', () => {
  it('fires each ContentType’s own callback, then onMessage, with the parsed item and TaskJS’s event name', async () => {
    const { s, wsm, seen } = session();
    await s.connect();
    seen.length = 0;
    const cases: [string, string, string][] = [
      [ContentTypes.transferInitiated, 'onTransferInitiated', 'TRANSFER_INITIATED'],
      [ContentTypes.transferSucceeded, 'onTransferSucceeded', 'TRANSFER_SUCCEEDED'],
      [ContentTypes.transferFailed, 'onTransferFailed', 'TRANSFER_FAILED'],
      [ContentTypes.taskExpiring, 'onTaskExpiring', 'TASK_EXPIRING'],
      [ContentTypes.taskExpired, 'onTaskExpired', 'TASK_EXPIRED'],
    ];
    const sent = cases.map(([contentType]) => item(contentType));
    for (const i of sent) wsm.item(i);
    expect(seen).toEqual(
      cases.flatMap(([, callback, name], n) => [
        { event: callback, data: sent[n], name },
        { event: 'onMessage', data: sent[n], name: 'INCOMING_MESSAGE' },
      ]),
    );
    // The item itself, not a wrapper: what pages written for TaskJS read.
    expect((seen[0]!.data as TaskItem).ContentType).toBe(ContentTypes.transferInitiated);
  });

  it('an unknown ContentType (or none) reaches only onMessage', async () => {
    const { s, wsm, events, ids } = session();
    await s.connect();
    const odd = item('application/vnd.amazonaws.connect.event.something.new');
    const bare = { Id: 'no-type', ContactId: TASK.contactId };
    const proto = item('toString');
    wsm.item(odd);
    wsm.item(bare);
    wsm.item(proto);
    expect(events()).toEqual(['onConnectionEstablished', 'onMessage', 'onMessage', 'onMessage']);
    expect(ids()).toEqual([odd.Id, 'no-type', proto.Id]);
  });

  it('keeps only its task’s items: the same initial contact, or the same contact', async () => {
    const { s, wsm, ids } = session();
    await s.connect();
    const byInitial = item(ContentTypes.transferInitiated, { ContactId: 'c-3' });
    const byContact = item(ContentTypes.transferSucceeded, { InitialContactId: 'other' });
    const neither = item(ContentTypes.taskExpired, { InitialContactId: 'x-1', ContactId: 'x-2' });
    const noIds = item(ContentTypes.taskExpired, { InitialContactId: undefined, ContactId: undefined });
    for (const i of [byInitial, byContact, neither, noIds]) wsm.item(i);
    expect(ids()).toEqual([byInitial.Id, byContact.Id]);
    expect(ids('onTaskExpired')).toEqual([]);
  });

  it('a session without initialContactId matches on the contact id only (an item without one is not taken for its)', async () => {
    const { s, wsm, ids } = session('function', { initialContactId: undefined });
    await s.connect();
    const noInitial = item(ContentTypes.taskExpiring, { InitialContactId: undefined, ContactId: 'elsewhere' });
    const ours = item(ContentTypes.taskExpiring, { InitialContactId: undefined });
    wsm.item(noInitial);
    wsm.item(ours);
    expect(ids()).toEqual([ours.Id]);
  });

  it('ignores frames whose content is not a JSON object, says so, and goes on', async () => {
    const { s, wsm, events, ids, logged } = session();
    await s.connect();
    wsm.frame('{not json');
    wsm.frame('[1,2]');
    wsm.frame('null');
    wsm.frame('42');
    wsm.frame(undefined);
    wsm.frame(7);
    for (const cb of wsm.listeners.message.get('aws/task') ?? []) cb(null as unknown as TopicFrame);
    expect(events()).toEqual(['onConnectionEstablished']);
    expect(logged.filter((l) => l.level === 'warn')).toHaveLength(7);
    const good = item(ContentTypes.transferFailed);
    wsm.item(good);
    expect(ids('onTransferFailed')).toEqual([good.Id]);
  });

  it('takes content that is already an object', async () => {
    const { s, wsm, ids } = session();
    await s.connect();
    const i = item(ContentTypes.taskExpired);
    wsm.frame(i);
    expect(ids('onTaskExpired')).toEqual([i.Id]);
    expect(ids()).toEqual([i.Id]);
  });

  it('ignores other topics', async () => {
    const { s, wsm, ids } = session();
    await s.connect();
    wsm.item(item(ContentTypes.taskExpired), 'aws/chat');
    expect(ids()).toEqual([]);
  });

  it('hands an item on once, also when the socket brings it again after a reconnect', async () => {
    const { s, wsm, events, ids } = session();
    await s.connect();
    const warning = item(ContentTypes.taskExpiring);
    wsm.item(warning);
    wsm.item(warning);
    wsm.lose();
    wsm.gain();
    wsm.item({ ...warning });
    const next = item(ContentTypes.taskExpired);
    wsm.item(next);
    expect(ids('onTaskExpiring')).toEqual([warning.Id]);
    expect(ids()).toEqual([warning.Id, next.Id]);
    expect(events()).toEqual([
      'onConnectionEstablished',
      'onTaskExpiring',
      'onMessage',
      'onConnectionLost',
      'onConnectionEstablished',
      'onTaskExpired',
      'onMessage',
    ]);
  });

  it('items without an Id cannot be recognised: each is handed on', async () => {
    const { s, wsm, ids } = session();
    await s.connect();
    const anonymous = { ContentType: ContentTypes.taskExpiring, ContactId: TASK.contactId };
    wsm.item(anonymous);
    wsm.item(anonymous);
    expect(ids('onTaskExpiring')).toEqual([undefined, undefined]);
  });

  it('a callback that throws is reported; the other callbacks and later items still run', async () => {
    const { s, wsm, ids, logged } = session();
    s.onTaskExpiring(() => {
      throw new Error('page bug');
    });
    await s.connect();
    const a = item(ContentTypes.taskExpiring);
    const b = item(ContentTypes.taskExpired);
    wsm.item(a);
    wsm.item(b);
    expect(ids()).toEqual([a.Id, b.Id]);
    expect(logged).toEqual([{ level: 'error', message: 'A TASK_EXPIRING callback threw' }]);
  });

  it('every on… returns the function that unsubscribes that callback only', async () => {
    const { s, wsm, ids } = session();
    const extra: string[] = [];
    const off = s.onMessage((i) => extra.push(i.Id));
    await s.connect();
    const a = item(ContentTypes.taskExpiring);
    wsm.item(a);
    off();
    const b = item(ContentTypes.taskExpired);
    wsm.item(b);
    expect(extra).toEqual([a.Id]);
    expect(ids()).toEqual([a.Id, b.Id]);
  });
});

describe('the connection', () => {
  it('gain fires onConnectionEstablished({}), loss onConnectionLost({}), init failure onConnectionBroken({})', async () => {
    const { s, wsm, seen } = session();
    await s.connect();
    seen.length = 0;
    wsm.lose();
    wsm.gain();
    wsm.fail();
    expect(seen).toEqual([
      { event: 'onConnectionLost', data: {}, name: 'CONNECTION_LOST' },
      { event: 'onConnectionEstablished', data: {}, name: 'CONNECTION_ESTABLISHED' },
      { event: 'onConnectionBroken', data: {}, name: 'CONNECTION_BROKEN' },
    ]);
  });

  it('a manager with only subscribeTopics and onMessage (as the chat SDK takes) is enough', async () => {
    const frames = new Set<(f: TopicFrame) => void>();
    const s = TaskSession.create({
      ...TASK,
      websocketManager: {
        subscribeTopics: () => undefined,
        onMessage: (_t, cb) => {
          frames.add(cb);
          return () => frames.delete(cb);
        },
      },
    });
    const got: string[] = [];
    s.onTaskExpired((i) => got.push(i.Id));
    await s.connect();
    const i = item(ContentTypes.taskExpired);
    for (const cb of frames) cb({ content: JSON.stringify(i) });
    expect(got).toEqual([i.Id]);
    s.cleanUp();
    expect(frames.size).toBe(0);
  });
});

describe('cleanUp', () => {
  it.each<Style>(['function', 'object'])('unsubscribes everything from the manager (its on… returning a %s)', async (style) => {
    const { s, wsm, seen } = session(style);
    await s.connect();
    expect(wsm.subscribed).toBe(4);
    s.cleanUp();
    expect(wsm.subscribed).toBe(0);
    seen.length = 0;
    wsm.item(item(ContentTypes.taskExpired));
    expect(seen).toEqual([]);
  });

  it('drops every callback even when the manager cannot unsubscribe; connect() is then refused', async () => {
    const { s, wsm, seen } = session('nothing');
    await s.connect();
    s.cleanUp();
    s.cleanUp();
    seen.length = 0;
    wsm.item(item(ContentTypes.taskExpired));
    wsm.gain();
    wsm.lose();
    wsm.fail();
    expect(seen).toEqual([]);
    await expect(s.connect()).rejects.toMatchObject({ connectSuccess: false, connectCalled: true });
    expect(seen).toEqual([]);
  });

  it('from inside a callback: the item’s onMessage is not fired', async () => {
    const { s, wsm, events } = session();
    s.onTaskExpiring(() => s.cleanUp());
    await s.connect();
    wsm.item(item(ContentTypes.taskExpiring));
    expect(events()).toEqual(['onConnectionEstablished', 'onTaskExpiring']);
    expect(wsm.subscribed).toBe(0);
  });
});

describe('types', () => {
  it('take a websocket manager or a client, callbacks typed from the event map', () => {
    const wsm = new FakeManager();
    const s = TaskSession.create({ contactId: 'c', initialContactId: 'c', websocketManager: wsm });
    s.onTaskExpiring((i, name) => {
      const id: string = i.Id;
      const n: 'TASK_EXPIRING' = name;
      return [id, n];
    });
    s.on(TaskEvents.connectionEstablished, (d) => d);
    // @ts-expect-error: an item callback's data is a TaskItem
    s.onMessage((i: number) => i);
    // @ts-expect-error: not an event
    s.on('NOPE', () => undefined);
    // @ts-expect-error: contactId is required
    TaskSession.create({ websocketManager: wsm });
    // @ts-expect-error: one source, not both
    TaskSession.create({ contactId: 'c', websocketManager: wsm, client: { on: () => () => undefined, connectionState: 'open' } });
    expect(ALL).toContain('INCOMING_MESSAGE');
  });
});
