import { describe, expect, it } from 'vitest';
import {
  chatKey,
  type KeyValueStore,
  MAX_KEPT_TRANSCRIPT,
  parseStoredChat,
  safeStore,
  type StoredChat,
  VISITOR_KEY,
  WidgetStorage,
} from './storage.js';

const memory = (): KeyValueStore & { map: Map<string, string> } => {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => void map.set(k, v),
    removeItem: (k) => void map.delete(k),
  };
};

const chat: StoredChat = {
  contactId: 'c-1',
  participantId: 'p-1',
  participantToken: 'tok',
  participantEndpoint: 'https://sb.example',
  startedAt: '2025-05-01T14:00:00.000Z',
};

describe('WidgetStorage', () => {
  it('keeps the call under way in sessionStorage (a reload rejoins it), forgets it, and ignores what is not one', () => {
    const session = memory();
    const local = memory();
    const s = new WidgetStorage({ session, local }, 'w1');
    const call = { url: 'wss://sb.example/voice/v1/ws', token: 'tok', contactId: 'c-1', at: 1_000 };
    s.saveCall(call);
    expect(session.map.get(`${chatKey('w1')}:call`)).toBe(JSON.stringify(call));
    expect(local.map.size).toBe(0);
    expect(s.loadCall()).toEqual(call);
    s.saveCall(undefined);
    expect(s.loadCall()).toBeUndefined();
    for (const bad of [
      '{',
      'null',
      '"x"',
      JSON.stringify({ ...call, url: 'https://x' }),
      JSON.stringify({ ...call, token: 1 }),
    ]) {
      session.map.set(`${chatKey('w1')}:call`, bad);
      expect(s.loadCall()).toBeUndefined();
    }
  });

  it('keeps the chat where the persistence says, and reads it back', () => {
    const session = memory();
    const local = memory();
    const s = new WidgetStorage({ session, local }, 'w1');
    s.saveChat('session', chat);
    expect(session.map.has(chatKey('w1'))).toBe(true);
    expect(local.map.size).toBe(0);
    expect(s.loadChat('session')).toEqual(chat);
    expect(s.loadChat('local')).toBeUndefined();
    s.saveChat('local', chat);
    expect(new WidgetStorage({ session: memory(), local }, 'w1').loadChat('local')).toEqual(chat); // a second tab
    expect(new WidgetStorage({ session, local }, 'w2').loadChat('session')).toBeUndefined(); // another widget
  });

  it('updates only the chat it names, and clears', () => {
    const s = new WidgetStorage({ session: memory(), local: memory() }, 'w1');
    s.saveChat('local', chat);
    s.updateChat('local', 'other', { rated: true });
    expect(s.loadChat('local')?.rated).toBeUndefined();
    s.updateChat('local', 'c-1', {
      endedAt: '2025-05-01T15:00:00.000Z',
      transcript: 'x'.repeat(MAX_KEPT_TRANSCRIPT + 10),
      rated: true,
    });
    const ended = s.loadChat('local')!;
    expect(ended).toMatchObject({ endedAt: '2025-05-01T15:00:00.000Z', rated: true });
    expect(ended.transcript).toHaveLength(MAX_KEPT_TRANSCRIPT);
    s.clearChat('local');
    expect(s.loadChat('local')).toBeUndefined();
  });

  it('makes a visitor id once and keeps it', () => {
    const local = memory();
    let made = 0;
    const s = new WidgetStorage({ session: memory(), local }, 'w1', () => `visitor-${++made}-abcdef`);
    expect(s.visitorId()).toBe('visitor-1-abcdef');
    expect(s.visitorId()).toBe('visitor-1-abcdef');
    expect(local.map.get(VISITOR_KEY)).toBe('visitor-1-abcdef');
    local.map.set(VISITOR_KEY, '<bad id>');
    expect(s.visitorId()).toBe('visitor-2-abcdef');
  });

  it('keeps the open flag per tab', () => {
    const session = memory();
    const s = new WidgetStorage({ session, local: memory() }, 'w1');
    expect(s.loadOpen()).toBe(false);
    s.saveOpen(true);
    expect(s.loadOpen()).toBe(true);
    s.saveOpen(false);
    expect(session.map.size).toBe(0);
  });
});

describe('parseStoredChat', () => {
  it.each([
    ['nothing', null],
    ['not JSON', '{'],
    ['no token', JSON.stringify({ ...chat, participantToken: undefined })],
    ['an endpoint that is not http(s)', JSON.stringify({ ...chat, participantEndpoint: 'javascript:alert(1)' })],
    ['a number', '5'],
  ])('is undefined for %s', (_, v) => expect(parseStoredChat(v)).toBeUndefined());

  it('drops unknown and wrongly typed fields', () => {
    expect(parseStoredChat(JSON.stringify({ ...chat, evil: 1, rated: 'yes', endedAt: 5 }))).toEqual(chat);
  });
});

describe('safeStore', () => {
  it('falls back to memory when the storage throws', () => {
    const throwing: KeyValueStore = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
      removeItem: () => {
        throw new Error('SecurityError');
      },
    };
    for (const get of [
      () => throwing,
      () => {
        throw new Error('no localStorage in a sandboxed frame');
      },
    ]) {
      const s = safeStore(get);
      s.setItem('k', 'v');
      expect(s.getItem('k')).toBe('v');
      s.removeItem('k');
      expect(s.getItem('k')).toBeNull();
    }
  });
});
