import type { Item } from '@switchboard/chat';
import { describe, expect, it } from 'vitest';
import { answeredAfter, currentAgent, groupRows, isShown, senderOf } from './entries.js';
import { en } from './strings/en.js';

const EVENT = 'application/vnd.amazonaws.connect.event.';
let n = 0;
const at = (min: number) => new Date(Date.UTC(2025, 4, 1, 14, min)).toISOString();
const item = (p: Partial<Item>, min = 0): Item => ({
  Id: `i${++n}`,
  AbsoluteTime: at(min),
  Type: 'MESSAGE',
  ContentType: 'text/plain',
  ...p,
});
const me = { ParticipantId: 'cust', ParticipantRole: 'CUSTOMER', DisplayName: 'Jane' } as const;
const bob = { ParticipantId: 'a1', ParticipantRole: 'AGENT', DisplayName: 'Bob' } as const;
const alice = { ParticipantId: 'a2', ParticipantRole: 'AGENT', DisplayName: 'Alice' } as const;
const system = { ParticipantId: 'SYSTEM', ParticipantRole: 'SYSTEM', DisplayName: 'SYSTEM_MESSAGE' } as const;

describe('entries', () => {
  it('tells who said what', () => {
    expect(senderOf(item(me), 'cust')).toBe('me');
    expect(senderOf(item(bob), 'cust')).toBe('agent');
    expect(senderOf(item(system), 'cust')).toBe('system');
  });

  it('shows messages and a few events, not receipts, typing or the customer joining', () => {
    expect(isShown(item({ ...me, Type: 'EVENT', ContentType: `${EVENT}participant.joined` }), 'cust')).toBe(false);
    expect(isShown(item({ ...bob, Type: 'EVENT', ContentType: `${EVENT}participant.joined` }), 'cust')).toBe(true);
    expect(isShown(item({ ...bob, Type: 'EVENT', ContentType: `${EVENT}typing` }), 'cust')).toBe(false);
    expect(isShown(item({ ...bob, Type: 'MESSAGEMETADATA', ContentType: `${EVENT}message.read` }), 'cust')).toBe(false);
  });

  it('groups runs by one sender, splits on another sender, an event or five quiet minutes', () => {
    const items = [
      item({ ...system }, 0),
      item({ ...bob, Type: 'EVENT', ContentType: `${EVENT}participant.joined` }, 1),
      item({ ...bob }, 1),
      item({ ...bob }, 2),
      item({ ...me }, 2),
      item({ ...me }, 3),
      item({ ...bob }, 10),
      item({ ...alice }, 10),
    ];
    const rows = groupRows(items, 'cust', en, 'Support');
    expect(rows.map((r) => (r.kind === 'event' ? 'event' : `${r.name}×${r.items.length}`))).toEqual([
      'Support×1',
      'event',
      'Bob×2',
      'You×2',
      'Bob×1',
      'Alice×1',
    ]);
  });

  it('knows the agent in the chat and whether a picker was answered', () => {
    const joined = item({ ...bob, Type: 'EVENT', ContentType: `${EVENT}participant.joined` });
    const picker = item({ ...system, ContentType: 'application/vnd.amazonaws.connect.message.interactive' });
    expect(currentAgent([joined], 'cust')).toBe('Bob');
    expect(
      currentAgent([joined, item({ ...bob, Type: 'EVENT', ContentType: `${EVENT}participant.left` })], 'cust'),
    ).toBeUndefined();
    expect(answeredAfter([picker, item(bob)], 0, 'cust')).toBe(false);
    expect(answeredAfter([picker, item(bob), item(me)], 0, 'cust')).toBe(true);
  });
});
