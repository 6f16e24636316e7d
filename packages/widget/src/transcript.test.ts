import type { Item } from '@switchboard/chat';
import { describe, expect, it } from 'vitest';
import { en } from './strings/en.js';
import { transcriptText } from './transcript.js';

const EVENT = 'application/vnd.amazonaws.connect.event.';
let n = 0;
const item = (p: Partial<Item>): Item => ({
  Id: `i${++n}`,
  AbsoluteTime: '2025-05-01T14:05:00.000Z',
  Type: 'MESSAGE',
  ContentType: 'text/plain',
  ...p,
});
const me = { ParticipantId: 'cust', ParticipantRole: 'CUSTOMER', DisplayName: 'Jane Doe' } as const;
const bob = { ParticipantId: 'agent-1', ParticipantRole: 'AGENT', DisplayName: 'Bob' } as const;

describe('transcriptText', () => {
  it('has the title, then time, name and text of each message and event, in order', () => {
    const items: Item[] = [
      item({ Type: 'EVENT', ContentType: `${EVENT}participant.joined`, ...me }),
      item({ Content: 'Hello,\nmy order is late', ...me }),
      item({ Type: 'EVENT', ContentType: `${EVENT}participant.joined`, ...bob, AbsoluteTime: '2025-05-01T14:06:00.000Z' }),
      item({ Content: 'Hi **Jane**', ContentType: 'text/markdown', ...bob, AbsoluteTime: '2025-05-01T14:06:30.000Z' }),
      item({ Type: 'MESSAGEMETADATA', ContentType: `${EVENT}message.read`, ...bob }),
      item({ Type: 'EVENT', ContentType: `${EVENT}typing`, ...bob }),
      item({
        Type: 'ATTACHMENT',
        ContentType: 'image/png',
        Attachments: [{ AttachmentId: 'a', AttachmentName: 'photo.png', ContentType: 'image/png', Status: 'APPROVED' }],
        ...me,
        AbsoluteTime: '2025-05-01T14:07:00.000Z',
      }),
      item({
        ContentType: 'application/vnd.amazonaws.connect.message.interactive',
        Content: JSON.stringify({
          templateType: 'QuickReply',
          data: { content: { title: 'Helpful?', elements: [{ title: 'Yes' }] } },
        }),
        ParticipantRole: 'SYSTEM',
        ParticipantId: 'SYSTEM',
        DisplayName: 'SYSTEM_MESSAGE',
        AbsoluteTime: '2025-05-01T14:08:00.000Z',
      }),
      item({
        Type: 'EVENT',
        ContentType: `${EVENT}chat.ended`,
        ParticipantRole: 'SYSTEM',
        AbsoluteTime: '2025-05-01T14:09:00.000Z',
      }),
    ];
    const text = transcriptText({ items, me: 'cust', title: 'Support chat', strings: en, locale: 'en-GB', timeZone: 'UTC' });
    expect(text).toBe(
      [
        'Chat transcript: Support chat',
        '',
        '[1 May 2025, 14:05] You (Jane Doe): Hello,',
        '    my order is late',
        '[1 May 2025, 14:06] Bob joined the chat',
        '[1 May 2025, 14:06] Bob: Hi **Jane**',
        '[1 May 2025, 14:07] You (Jane Doe): [file: photo.png]',
        '[1 May 2025, 14:08] Support chat: Helpful?',
        '    - Yes',
        '[1 May 2025, 14:09] The chat has ended',
        '',
      ].join('\n'),
    );
  });

  it('is just the title for an empty chat', () => {
    expect(transcriptText({ items: [], me: 'x', title: 'Chat', strings: en })).toBe('Chat transcript: Chat\n\n');
  });
});
