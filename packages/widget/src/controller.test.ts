import type { Item } from '@switchboard/chat';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { type LeaveMessageInput, type StartChatInput, type StartedChat, type WidgetApi, WidgetError } from './api.js';
import { readConfiguration, type WidgetConfiguration } from './configuration.js';
import { type ChatSessionLike, RATING_WINDOW_MS, WidgetController, type WidgetEvents } from './controller.js';
import { chatKey, type KeyValueStore, type StoredChat, WidgetStorage } from './storage.js';
import { en } from './strings/en.js';

const EVENT = 'application/vnd.amazonaws.connect.event.';
const TYPING = `${EVENT}typing`;
const READ = `${EVENT}message.read`;
const DELIVERED = `${EVENT}message.delivered`;

// ---------------------------------------------------------------------------------------
// Fakes

const memory = (): KeyValueStore & { map: Map<string, string> } => {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => void map.set(k, v),
    removeItem: (k) => void map.delete(k),
  };
};

type Handler = (e: { data: unknown }) => void;

/** The part of a ChatSession the controller uses, driven by the test. */
class FakeSession {
  readonly handlers = new Map<string, Set<Handler>>();
  readonly messages: { contentType: string; message: string }[] = [];
  readonly events: { contentType: string; content?: string }[] = [];
  readonly uploads: Blob[] = [];
  history: Item[] = [];
  connectError: unknown;
  sendError: unknown;
  closed = false;
  disconnected = false;
  private n = 0;

  constructor(readonly chat: StoredChat) {}

  private on(name: string, cb: Handler) {
    const set = this.handlers.get(name) ?? new Set<Handler>();
    this.handlers.set(name, set);
    set.add(cb);
    return () => void set.delete(cb);
  }
  fire(name: string, data: unknown) {
    for (const cb of this.handlers.get(name) ?? []) cb({ data });
  }
  onMessage = (cb: Handler) => this.on('message', cb);
  onTyping = (cb: Handler) => this.on('typing', cb);
  onReadReceipt = (cb: Handler) => this.on('read', cb);
  onDeliveredReceipt = (cb: Handler) => this.on('delivered', cb);
  onEnded = (cb: Handler) => this.on('ended', cb);
  onConnectionLost = (cb: Handler) => this.on('lost', cb);
  onConnectionEstablished = (cb: Handler) => this.on('established', cb);
  onConnectionBroken = (cb: Handler) => this.on('broken', cb);
  connect = async () => {
    if (this.connectError) throw this.connectError;
    return { connectCalled: true, connectSuccess: true, metadata: null };
  };
  loadTranscript = async () => this.history;
  sendMessage = async (a: { contentType: string; message: string }) => {
    if (this.sendError) throw this.sendError;
    this.messages.push(a);
    return { data: { Id: `sent-${++this.n}`, AbsoluteTime: new Date().toISOString() }, metadata: null };
  };
  sendEvent = async (a: { contentType: string; content?: string }) => {
    this.events.push(a);
    return { data: null, metadata: null };
  };
  sendAttachment = async (a: { attachment: Blob; onUploadProgress?: (p: { loaded: number; total: number }) => void }) => {
    a.onUploadProgress?.({ loaded: a.attachment.size / 2, total: a.attachment.size });
    this.uploads.push(a.attachment);
    return { data: { AttachmentId: 'att-1' }, metadata: null };
  };
  downloadAttachment = async () => new Blob(['bytes']);
  disconnectParticipant = async () => {
    this.disconnected = true;
    return { data: {}, metadata: null };
  };
  close = () => {
    this.closed = true;
  };
  readsOf = (type: string) => this.events.filter((e) => e.contentType === type).map((e) => JSON.parse(e.content!).messageId);
}

const chatError = (type: string) => Object.assign(new Error(type), { error: { type, message: type } });

const FORM_CONFIG = {
  id: 'w1',
  name: 'Support chat',
  greeting: 'Hi! How can we help?',
  offlineMessage: 'We are closed.',
  preChatForm: {
    enabled: true,
    fields: [
      { name: 'name', label: 'Your name', type: 'name', required: true, maxLength: 100 },
      { name: 'email', label: 'Email', type: 'email', required: false, maxLength: 254 },
    ],
  },
  theme: { primaryColor: '#0b63c9', position: 'right' },
  attachments: { enabled: true, maxSizeBytes: 1000, contentTypes: ['image/png', 'text/plain'] },
  persistence: 'local',
  status: { open: true, staffed: true, available: true },
};

class FakeApi implements WidgetApi {
  config: WidgetConfiguration = readConfiguration(FORM_CONFIG, 'w1');
  configError: unknown;
  startError: unknown;
  rateError: unknown;
  starts: StartChatInput[] = [];
  ratings: { token: string; rating: number; comment?: string }[] = [];
  private n = 0;
  async getConfiguration() {
    if (this.configError) throw this.configError;
    return this.config;
  }
  async startChat(_id: string, input: StartChatInput): Promise<StartedChat> {
    this.starts.push(input);
    if (this.startError) throw this.startError;
    const k = ++this.n;
    return {
      chat: { ContactId: `contact-${k}`, ParticipantId: `cust-${k}`, ParticipantToken: `token-${k}` },
      participantEndpoint: 'https://sb.example',
    };
  }
  async rate(_id: string, token: string, input: { rating: number; comment?: string }) {
    if (this.rateError) throw this.rateError;
    this.ratings.push({ token, ...input });
  }
  messages: LeaveMessageInput[] = [];
  messageError: unknown;
  async leaveMessage(_id: string, input: LeaveMessageInput) {
    if (this.messageError) throw this.messageError;
    this.messages.push(input);
    return `task-${this.messages.length}`;
  }
  async startCall(): Promise<never> {
    throw new Error('no calls in these tests');
  }
}

let t = Date.parse('2025-05-01T14:00:00.000Z');
let seq = 0;
const tick = (): string => {
  t += 1000;
  return new Date(t).toISOString();
};
const agentMsg = (text: string, p: Partial<Item> = {}): Item => ({
  Id: `agent-msg-${++seq}`,
  AbsoluteTime: tick(),
  Type: 'MESSAGE',
  ContentType: 'text/plain',
  Content: text,
  ParticipantId: 'agent-1',
  ParticipantRole: 'AGENT',
  DisplayName: 'Bob',
  ...p,
});

interface World {
  api: FakeApi;
  session: { local: ReturnType<typeof memory>; session: ReturnType<typeof memory> };
  sessions: FakeSession[];
  events: { name: keyof WidgetEvents; detail: unknown }[];
  visible: boolean;
  controller: WidgetController;
  last(): FakeSession;
}

function world(opts: { api?: FakeApi; stores?: World['session']; prepare?: (s: FakeSession) => void } = {}): World {
  const w = {
    api: opts.api ?? new FakeApi(),
    session: opts.stores ?? { local: memory(), session: memory() },
    sessions: [] as FakeSession[],
    events: [] as World['events'],
    visible: true,
  } as World;
  w.controller = new WidgetController({
    configId: 'w1',
    api: w.api,
    storage: new WidgetStorage({ local: w.session.local, session: w.session.session }, 'w1', () => 'visitor-0001'),
    createSession: (chat) => {
      const s = new FakeSession(chat);
      opts.prepare?.(s);
      w.sessions.push(s);
      return s as unknown as ChatSessionLike;
    },
    strings: () => en,
    locale: () => 'en-GB',
    attributes: () => ({ page: '/pricing' }),
    emit: (name, detail) => w.events.push({ name, detail }),
    visible: () => w.visible,
    now: () => t,
  });
  w.last = () => w.sessions[w.sessions.length - 1]!;
  return w;
}

const flush = () => new Promise((r) => setTimeout(r, 0));

/** A world with a chat on: the form filled in and sent. */
async function chatting(opts: Parameters<typeof world>[0] = {}): Promise<World> {
  const w = world(opts);
  await w.controller.start();
  w.controller.setField('name', 'Jane');
  expect(await w.controller.submitPrechat()).toBe(true);
  return w;
}

beforeEach(() => {
  vi.restoreAllMocks();
});

// ---------------------------------------------------------------------------------------

describe('WidgetController: start-up', () => {
  it('shows the form when the configuration has one', async () => {
    const w = world();
    expect(w.controller.state.phase).toBe('loading');
    await w.controller.start();
    expect(w.controller.state).toMatchObject({ phase: 'prechat', config: { name: 'Support chat' } });
  });

  it('waits for the first message when there is no form', async () => {
    const api = new FakeApi();
    api.config = readConfiguration({ ...FORM_CONFIG, preChatForm: { enabled: false, fields: [] } }, 'w1');
    const w = world({ api });
    await w.controller.start();
    expect(w.controller.state.phase).toBe('ready');
  });

  it('is offline when the contact center is not available, and checks again when opened', async () => {
    const api = new FakeApi();
    api.config = readConfiguration({ ...FORM_CONFIG, status: { open: false, staffed: true, available: false } }, 'w1');
    const w = world({ api });
    await w.controller.start();
    expect(w.controller.state.phase).toBe('offline');
    expect(w.controller.state.config?.offlineMessage).toBe('We are closed.');
    api.config = readConfiguration(FORM_CONFIG, 'w1');
    w.controller.open();
    await flush();
    expect(w.controller.state.phase).toBe('prechat');
  });

  it('renders nothing for a configuration this site may not use, and says so in the console', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const api = new FakeApi();
    api.configError = new WidgetError('forbidden', 'This site may not start chats here', 403);
    const w = world({ api });
    await w.controller.start();
    expect(w.controller.state.phase).toBe('unavailable');
    expect(warn).toHaveBeenCalled();
  });

  it('says the service cannot be reached, and tries again', async () => {
    const api = new FakeApi();
    api.configError = new WidgetError('network', 'Failed to fetch');
    const w = world({ api });
    await w.controller.start();
    expect(w.controller.state).toMatchObject({ phase: 'error', error: en.errorNetwork });
    api.configError = undefined;
    await w.controller.retry();
    expect(w.controller.state).toMatchObject({ phase: 'prechat', error: undefined });
  });
});

describe('WidgetController: starting a chat', () => {
  it('checks the form first, in words beside the fields', async () => {
    const w = world();
    await w.controller.start();
    w.controller.setField('email', 'not-an-email');
    expect(await w.controller.submitPrechat()).toBe(false);
    expect(w.controller.state.formErrors).toEqual({
      name: 'Your name is required.',
      email: 'Enter an email address like name@example.com.',
    });
    expect(w.controller.state.error).toBe(en.formHasErrors);
    expect(w.api.starts).toHaveLength(0);
    w.controller.setField('name', 'Jane');
    expect(w.controller.state.formErrors.name).toBeUndefined();
  });

  it('starts the chat, keeps its details, connects, loads the history and tells the page', async () => {
    const w = await chatting();
    expect(w.api.starts).toEqual([{ fields: { name: 'Jane' }, attributes: { page: '/pricing' }, visitorId: 'visitor-0001' }]);
    expect(w.controller.state).toMatchObject({ phase: 'chat', connection: 'connected', contactId: 'contact-1', me: 'cust-1' });
    const stored = JSON.parse(w.session.local.map.get(chatKey('w1'))!);
    expect(stored).toMatchObject({
      contactId: 'contact-1',
      participantId: 'cust-1',
      participantToken: 'token-1',
      participantEndpoint: 'https://sb.example',
    });
    expect(w.events).toEqual([{ name: 'chat-started', detail: { contactId: 'contact-1' } }]);
  });

  it.each([
    [new WidgetError('throttled', 'x', 429, 12), 'prechat', 'Too many attempts, try again in 12 s.'],
    [new WidgetError('alreadyOpen', 'You already have an open chat', 409), 'prechat', en.errorAlreadyOpen],
    [new WidgetError('network', 'Failed to fetch'), 'prechat', en.errorNetwork],
    [new WidgetError('closed', 'The contact center is closed', 409), 'offline', undefined],
  ])('a refusal (%s) leaves the customer where they were, with words', async (err, phase, words) => {
    const api = new FakeApi();
    api.startError = err;
    const w = world({ api });
    await w.controller.start();
    w.controller.setField('name', 'Jane');
    expect(await w.controller.submitPrechat()).toBe(false);
    expect(w.controller.state).toMatchObject({ phase, error: words });
    expect(w.sessions).toHaveLength(0);
    expect(w.session.local.map.has(chatKey('w1'))).toBe(false);
  });

  it('with no form, the first message starts the chat and then goes out', async () => {
    const api = new FakeApi();
    api.config = readConfiguration({ ...FORM_CONFIG, preChatForm: { enabled: false } }, 'w1');
    const w = world({ api });
    await w.controller.start();
    const sending = w.controller.send('  Where is my order?  ');
    expect(w.controller.state.pending).toMatchObject([{ text: 'Where is my order?', status: 'sending' }]);
    expect(await sending).toBe(true);
    expect(api.starts[0]!.fields).toEqual({});
    expect(w.last().messages).toEqual([{ contentType: 'text/plain', message: 'Where is my order?' }]);
  });
});

describe('WidgetController: the conversation', () => {
  it('shows live items, sends delivered receipts, counts unread while closed, reads when opened', async () => {
    const w = await chatting();
    const s = w.last();
    const m1 = agentMsg('Hello Jane');
    s.fire('message', m1);
    expect(w.controller.state.items).toEqual([m1]);
    expect(w.controller.state.unread).toBe(1);
    expect(s.readsOf(DELIVERED)).toEqual([m1.Id]);
    expect(s.readsOf(READ)).toEqual([]);
    expect(w.controller.state.announcement.text).toBe('New message from Bob: Hello Jane');
    expect(w.events.at(-1)).toEqual({ name: 'message', detail: m1 });
    w.controller.open();
    expect(w.controller.state.unread).toBe(0);
    expect(s.readsOf(READ)).toEqual([m1.Id]);
    // Open and visible: the next one is read at once; none is read twice.
    const m2 = agentMsg('How can I help?');
    s.fire('message', m2);
    expect(s.readsOf(READ)).toEqual([m1.Id, m2.Id]);
    expect(w.controller.state.unread).toBe(0);
    s.fire('message', m2); // the same item again
    expect(w.controller.state.items).toHaveLength(2);
  });

  it('waits with read receipts while the page is hidden', async () => {
    const w = await chatting();
    w.controller.open();
    w.visible = false;
    const m = agentMsg('Are you there?');
    w.last().fire('message', m);
    expect(w.last().readsOf(READ)).toEqual([]);
    expect(w.controller.state.unread).toBe(1);
    w.visible = true;
    w.controller.visibilityChanged();
    expect(w.last().readsOf(READ)).toEqual([m.Id]);
    expect(w.controller.state.unread).toBe(0);
  });

  it('shows the customer’s message at once and replaces it with the chat’s copy', async () => {
    const w = await chatting();
    const sent = w.controller.send('My order is late');
    expect(w.controller.state.pending).toHaveLength(1);
    await sent;
    expect(w.controller.state.pending[0]).toMatchObject({ id: 'sent-1', status: 'sending' });
    const echo: Item = {
      ...agentMsg('My order is late'),
      Id: 'sent-1',
      ParticipantId: 'cust-1',
      ParticipantRole: 'CUSTOMER',
      DisplayName: 'Jane',
    };
    w.last().fire('message', echo);
    expect(w.controller.state.pending).toEqual([]);
    // Receipts from the agent mark it.
    w.last().fire('delivered', { MessageMetadata: { MessageId: 'sent-1' } });
    expect(w.controller.state.receipts['sent-1']).toBe('delivered');
    w.last().fire('read', { MessageMetadata: { MessageId: 'sent-1' } });
    w.last().fire('delivered', { MessageMetadata: { MessageId: 'sent-1' } });
    expect(w.controller.state.receipts['sent-1']).toBe('read');
    // The customer's own messages are not announced or counted.
    expect(w.controller.state.unread).toBe(0);
  });

  it('a message that could not go is marked, with words, and can be sent again', async () => {
    const w = await chatting();
    w.last().sendError = chatError('NetworkingError');
    expect(await w.controller.send('hello?')).toBe(false);
    const p = w.controller.state.pending[0]!;
    expect(p.status).toBe('failed');
    expect(w.controller.state.error).toBe(`${en.errorSendFailed} ${en.errorNetwork}`);
    w.last().sendError = undefined;
    expect(await w.controller.resend(p.clientId)).toBe(true);
    expect(w.last().messages.map((m) => m.message)).toEqual(['hello?']);
  });

  it('shows the agent typing for a while, and not the customer typing in another tab', async () => {
    vi.useFakeTimers();
    try {
      const w = world();
      await w.controller.start();
      w.controller.setField('name', 'Jane');
      await w.controller.submitPrechat();
      const s = w.last();
      s.fire('typing', { ParticipantId: 'cust-1', DisplayName: 'Jane', ContentType: TYPING });
      expect(w.controller.state.typing).toBeUndefined();
      s.fire('typing', { ParticipantId: 'agent-1', DisplayName: 'Bob', ContentType: TYPING });
      expect(w.controller.state.typing).toBe('Bob');
      vi.advanceTimersByTime(6_001);
      expect(w.controller.state.typing).toBeUndefined();
      s.fire('typing', { ParticipantId: 'agent-1', DisplayName: 'Bob', ContentType: TYPING });
      s.fire('message', agentMsg('Here it is'));
      expect(w.controller.state.typing).toBeUndefined();
      w.controller.typing();
      expect(s.events.filter((e) => e.contentType === TYPING)).toHaveLength(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('a choice in an interactive message goes back as plain text with its title', async () => {
    const w = await chatting();
    const picker = agentMsg(
      JSON.stringify({
        templateType: 'QuickReply',
        data: { content: { title: 'Helpful?', elements: [{ title: 'Yes' }, { title: 'No' }] } },
      }),
      { ContentType: 'application/vnd.amazonaws.connect.message.interactive' },
    );
    w.last().fire('message', picker);
    expect(await w.controller.choose(picker.Id, 'Yes')).toBe(true);
    expect(await w.controller.choose(picker.Id, 'No')).toBe(false); // once
    expect(w.last().messages).toEqual([{ contentType: 'text/plain', message: 'Yes' }]);
    expect(w.controller.state.chosen[picker.Id]).toBe('Yes');
  });

  it('checks a file before uploading it, then uploads with progress', async () => {
    const w = await chatting();
    const big = Object.assign(new Blob(['x'.repeat(2000)], { type: 'image/png' }), { name: 'big.png' });
    expect(await w.controller.attach(big)).toBe(false);
    expect(w.last().uploads).toHaveLength(0);
    expect(w.controller.state.uploads[0]!.error).toBe('big.png cannot be sent: it is 2 kB, and files can be at most 1,000 byte.');
    w.controller.dismissUpload(w.controller.state.uploads[0]!.id);
    const progress: number[] = [];
    const unsub = w.controller.subscribe((st) => st.uploads[0] && progress.push(st.uploads[0].loaded));
    // Untyped by the browser: typed by its name for the upload.
    const note = Object.assign(new Blob(['hello']), { name: 'note.txt' });
    expect(await w.controller.attach(note)).toBe(true);
    unsub();
    expect(progress).toContain(2.5);
    expect(w.last().uploads[0]!.type).toBe('text/plain');
    expect(w.controller.state.uploads).toEqual([]);
  });

  it('shows "reconnecting" while the connection is down', async () => {
    const w = await chatting();
    w.last().fire('lost', { reason: 'closed' });
    expect(w.controller.state.connection).toBe('reconnecting');
    w.last().fire('established', { reconnect: true });
    expect(w.controller.state.connection).toBe('connected');
  });
});

describe('WidgetController: a reload, another tab', () => {
  it('carries on the stored chat instead of starting a new one, with its history and marks', async () => {
    const first = await chatting();
    first.controller.dispose();
    expect(first.last().closed).toBe(true); // stops listening, does not leave
    expect(first.last().disconnected).toBe(false);
    const history: Item[] = [
      agentMsg('Hi Jane'),
      { ...agentMsg('thanks'), Id: 'mine-1', ParticipantId: 'cust-1', ParticipantRole: 'CUSTOMER' },
      {
        ...agentMsg(''),
        Type: 'MESSAGEMETADATA',
        ContentType: READ,
        MessageMetadata: { MessageId: 'mine-1', Receipts: [{ RecipientParticipantId: 'agent-1', ReadTimestamp: 'x' }] },
      },
    ];
    const w = world({ stores: first.session, prepare: (s) => (s.history = history) });
    await w.controller.start();
    expect(w.api.starts).toHaveLength(0);
    expect(w.last().chat.contactId).toBe('contact-1');
    expect(w.controller.state).toMatchObject({ phase: 'chat', contactId: 'contact-1' });
    expect(w.controller.state.items.map((i) => i.Id)).toEqual([history[0]!.Id, 'mine-1']);
    expect(w.controller.state.receipts).toEqual({ 'mine-1': 'read' });
    expect(w.events).toEqual([]); // no chat-started for a chat carried on
  });

  it('a stored chat that ended meanwhile shows the ended state', async () => {
    const first = await chatting();
    first.controller.dispose();
    const w = world({ stores: first.session, prepare: (s) => (s.connectError = chatError('AccessDeniedException')) });
    await w.controller.start();
    expect(w.controller.state.phase).toBe('ended');
    expect(w.events).toEqual([{ name: 'chat-ended', detail: { contactId: 'contact-1' } }]);
    expect(JSON.parse(first.session.local.map.get(chatKey('w1'))!).endedAt).toBeDefined();
  });

  it('a stored ended chat comes back ended, with its transcript and rating; after a day it is forgotten', async () => {
    const first = await chatting();
    first.last().fire('message', agentMsg('Bye now'));
    first.last().fire('ended', null);
    first.controller.dispose();
    const w = world({ stores: first.session });
    await w.controller.start();
    expect(w.controller.state.phase).toBe('ended');
    expect(w.controller.hasTranscript).toBe(true);
    expect(w.controller.transcript()).toMatch(/Bob: Bye now/);
    expect(w.sessions).toHaveLength(0);
    t += RATING_WINDOW_MS + 1;
    const later = world({ stores: first.session });
    await later.controller.start();
    expect(later.controller.state.phase).toBe('prechat');
    expect(first.session.local.map.has(chatKey('w1'))).toBe(false);
  });

  it('a chat started in another tab is carried on here', async () => {
    const a = world();
    const b = world({ stores: a.session });
    await a.controller.start();
    await b.controller.start();
    a.controller.setField('name', 'Jane');
    await a.controller.submitPrechat();
    b.controller.storageChanged(a.session.local.map.get(chatKey('w1'))!);
    await flush();
    expect(b.controller.state).toMatchObject({ phase: 'chat', contactId: 'contact-1' });
    expect(b.api.starts).toHaveLength(0);
  });
});

describe('WidgetController: ending and rating', () => {
  it('asks first, ends, keeps the transcript, tells the page once', async () => {
    const w = await chatting();
    w.last().fire('message', agentMsg('Anything else?'));
    w.controller.requestEnd();
    expect(w.controller.state.confirmingEnd).toBe(true);
    w.controller.cancelEnd();
    expect(w.controller.state.confirmingEnd).toBe(false);
    w.controller.requestEnd();
    await w.controller.endChat();
    expect(w.last().disconnected).toBe(true);
    w.last().fire('ended', null); // the server's chat.ended follows
    expect(w.controller.state).toMatchObject({ phase: 'ended', confirmingEnd: false });
    expect(w.events.filter((e) => e.name === 'chat-ended')).toEqual([{ name: 'chat-ended', detail: { contactId: 'contact-1' } }]);
    const stored = JSON.parse(w.session.local.map.get(chatKey('w1'))!);
    expect(stored.transcript).toMatch(/Chat transcript: Support chat/);
    expect(stored.transcript).toMatch(/Bob: Anything else\?/);
  });

  it('rates 1–5 with an optional comment, with the chat’s token; thanks after', async () => {
    const w = await chatting();
    w.last().fire('ended', null);
    expect(await w.controller.submitRating()).toBe(false);
    expect(w.controller.state.rating.error).toBe(en.ratingChoose);
    w.controller.setRating(9);
    expect(w.controller.state.rating.value).toBeUndefined();
    w.controller.setRating(4);
    w.controller.setComment('  Quick, thanks  ');
    w.api.rateError = new WidgetError('network', 'x');
    expect(await w.controller.submitRating()).toBe(false);
    expect(w.controller.state.rating).toMatchObject({ status: 'idle', error: en.errorNetwork });
    w.api.rateError = undefined;
    expect(await w.controller.submitRating()).toBe(true);
    expect(w.api.ratings).toEqual([{ token: 'token-1', rating: 4, comment: 'Quick, thanks' }]);
    expect(w.controller.state.rating.status).toBe('sent');
    expect(w.controller.state.announcement.text).toBe(en.ratingThanks);
    expect(JSON.parse(w.session.local.map.get(chatKey('w1'))!).rated).toBe(true);
  });

  it('"Start a new chat" forgets the ended one', async () => {
    const w = await chatting();
    w.last().fire('ended', null);
    await w.controller.newChat();
    expect(w.controller.state).toMatchObject({ phase: 'prechat', items: [], contactId: undefined });
    expect(w.session.local.map.has(chatKey('w1'))).toBe(false);
    expect(w.controller.state.formValues).toEqual({ name: 'Jane' }); // no need to type it again
  });
});

describe('WidgetController: leaving a message while offline', () => {
  const offlineWorld = async (leaveMessage = true) => {
    const api = new FakeApi();
    api.config = readConfiguration(
      { ...FORM_CONFIG, status: { open: true, staffed: false, available: false }, leaveMessage: { enabled: leaveMessage } },
      'w1',
    );
    const w = world({ api });
    await w.controller.start();
    expect(w.controller.state.phase).toBe('offline');
    return w;
  };
  const fill = (w: World, values: { name?: string; email?: string; message?: string }) => {
    for (const [k, v] of Object.entries(values)) w.controller.setMessageField(k as 'name' | 'email' | 'message', v);
  };

  it('checks the form first, in words beside the fields, and sends nothing', async () => {
    const w = await offlineWorld();
    expect(w.controller.state.config?.leaveMessage.enabled).toBe(true);
    fill(w, { email: 'jane@example', message: '   ' });
    expect(await w.controller.submitMessage()).toBe(false);
    expect(w.controller.state.message.errors).toEqual({
      name: en.leaveNameRequired,
      email: en.fieldEmail,
      message: en.leaveMessageRequired,
    });
    expect(w.api.messages).toHaveLength(0);
    fill(w, { email: 'jane@example.com' });
    expect(w.controller.state.message.errors.email).toBeUndefined();
    fill(w, { name: '<b>', message: 'x'.repeat(4097) });
    await w.controller.submitMessage();
    expect(w.controller.state.message.errors).toEqual({ name: en.fieldNoTags, message: 'Use at most 4096 characters.' });
  });

  it('sends it trimmed with the page attributes, thanks, tells the page; closing offers a fresh form', async () => {
    const w = await offlineWorld();
    w.controller.open();
    fill(w, { name: ' Jane ', email: 'jane@example.com ', message: ' Call me.\nThanks ' });
    const sending = w.controller.submitMessage();
    expect(w.controller.state.message.status).toBe('sending');
    expect(await sending).toBe(true);
    expect(w.api.messages).toEqual([
      { name: 'Jane', email: 'jane@example.com', message: 'Call me.\nThanks', attributes: { page: '/pricing' } },
    ]);
    expect(w.controller.state.message.status).toBe('sent');
    expect(w.controller.state.announcement.text).toBe(en.leaveSentTitle);
    expect(w.events).toContainEqual({ name: 'message-left', detail: { contactId: 'task-1' } });
    // Sent: the fields do not change any more, and a second submit sends nothing.
    fill(w, { message: 'again' });
    expect(await w.controller.submitMessage()).toBe(false);
    w.controller.close();
    expect(w.controller.state.message).toEqual({
      values: { name: ' Jane ', email: 'jane@example.com ', message: '' },
      errors: {},
      status: 'idle',
      error: undefined,
    });
  });

  it('says why it did not go, in words, and keeps what was typed', async () => {
    const w = await offlineWorld();
    fill(w, { name: 'Jane', email: 'jane@example.com', message: 'Hello' });
    const cases: [unknown, string][] = [
      [new WidgetError('network', 'Failed to fetch'), en.errorNetwork],
      [new WidgetError('throttled', 'slow down', 429, 12), 'Too many attempts, try again in 12 s.'],
      [new WidgetError('closed', 'Messages cannot be left here now', 409), en.leaveUnavailable],
      [new WidgetError('forbidden', 'This widget does not take messages', 403), en.leaveUnavailable],
      [new WidgetError('full', 'Too many contacts are waiting', 409), en.leaveBusy],
    ];
    for (const [error, words] of cases) {
      w.api.messageError = error;
      expect(await w.controller.submitMessage()).toBe(false);
      expect(w.controller.state.message).toMatchObject({ status: 'idle', error: words });
      expect(w.controller.state.message.values.message).toBe('Hello');
    }
    w.api.messageError = undefined;
    expect(await w.controller.submitMessage()).toBe(true);
    expect(w.controller.state.message.error).toBeUndefined();
  });

  it('is not offered when the configuration turns it off (or the server has none)', async () => {
    const w = await offlineWorld(false);
    fill(w, { name: 'Jane', email: 'jane@example.com', message: 'Hello' });
    expect(await w.controller.submitMessage()).toBe(false);
    expect(w.api.messages).toHaveLength(0);
    expect(readConfiguration(FORM_CONFIG, 'w1').leaveMessage.enabled).toBe(false);
  });
});
