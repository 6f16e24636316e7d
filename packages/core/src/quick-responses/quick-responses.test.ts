import { describe, expect, it } from 'vitest';
import type { QuickResponse } from '../model/entities.js';
import { fillPlaceholders, findPlaceholders, placeholderProblems } from './placeholders.js';
import { decodePageToken, encodePageToken, pageOf, searchQuickResponses } from './search.js';
import { channelFromWire, markdownToPlainText, quickResponseWire } from './wire.js';

const qr = (name: string, content: string, extra: Partial<QuickResponse> = {}): QuickResponse => ({
  id: `id-${name}`,
  name,
  tags: {},
  lastModifiedTime: Date.UTC(2025, 0, 2, 3, 4, 5),
  channels: ['CHAT'],
  content,
  ...extra,
});

describe('placeholders', () => {
  it('finds $.Customer.name and $.Attributes.<key>; a key ends at the first other character', () => {
    expect(findPlaceholders('Hi $.Customer.name, order $.Attributes.order-id. ($.Attributes.x_1)')).toStrictEqual([
      { kind: 'customerName', text: '$.Customer.name', index: 3 },
      { kind: 'attribute', key: 'order-id', text: '$.Attributes.order-id', index: 26 },
      { kind: 'attribute', key: 'x_1', text: '$.Attributes.x_1', index: 50 },
    ]);
    expect(placeholderProblems('costs $.50, or $ .Customer')).toStrictEqual([]);
  });

  it('fills from the contact; a missing value stays as written unless told otherwise', () => {
    const text = 'Hi $.Customer.name, about $.Attributes.order ($.Attributes.none) $.Bad.thing';
    expect(fillPlaceholders(text, { customerName: 'Jane', attributes: { order: '42' } })).toBe(
      'Hi Jane, about 42 ($.Attributes.none) $.Bad.thing',
    );
    expect(fillPlaceholders(text, {}, () => '')).toBe('Hi , about  () $.Bad.thing');
    // Attribute values are data: their own "$." is not filled again; prototype keys are not attributes.
    expect(fillPlaceholders('$.Attributes.a $.Attributes.toString', { attributes: { a: '$.Customer.name' } })).toBe(
      '$.Customer.name $.Attributes.toString',
    );
  });
});

describe('searchQuickResponses', () => {
  const all = [
    qr('Greeting', 'Hi $.Customer.name', { shortcut: 'greet' }),
    qr('Closing', 'Goodbye and thanks', { shortcut: 'bye' }),
    qr('Greeting (formal)', 'Good day', { shortcut: 'greetformal' }),
    qr('Refund policy', 'Refunds within 30 days; we greet every request kindly'),
    qr('Call script', 'Hello caller', { channels: ['VOICE'], shortcut: 'call' }),
    qr('anything else', 'Anything else?'),
  ];
  const names = (query: string | undefined, channel: 'CHAT' | 'VOICE' = 'CHAT') =>
    searchQuickResponses(all, { query, channel }).map((r) => r.name);

  it('without a query: every response of the channel, by name (case-insensitive)', () => {
    expect(names(undefined)).toStrictEqual(['anything else', 'Closing', 'Greeting', 'Greeting (formal)', 'Refund policy']);
    expect(names('   ')).toStrictEqual(names(undefined));
    expect(names(undefined, 'VOICE')).toStrictEqual(['Call script']);
  });

  it('ranks the exact shortcut first, then name/shortcut prefixes, then substrings, then content', () => {
    expect(names('greet')).toStrictEqual(['Greeting', 'Greeting (formal)', 'Refund policy']);
    expect(names('GREETFORMAL')).toStrictEqual(['Greeting (formal)']);
    expect(names('/bye')).toStrictEqual(['Closing']);
    expect(names('formal')).toStrictEqual(['Greeting (formal)']);
    expect(names('thanks')).toStrictEqual(['Closing']);
  });

  it('every word must match somewhere; the channel filters', () => {
    expect(names('refund kindly')).toStrictEqual(['Refund policy']);
    expect(names('refund goodbye')).toStrictEqual([]);
    expect(names('call')).toStrictEqual([]);
    expect(names('call', 'VOICE')).toStrictEqual(['Call script']);
  });

  it('pages with opaque tokens; a foreign token is refused', () => {
    const items = [1, 2, 3, 4, 5];
    const first = pageOf(items, 0, 2);
    expect(first.items).toStrictEqual([1, 2]);
    const second = pageOf(items, decodePageToken(first.nextToken!)!, 2);
    expect(second.items).toStrictEqual([3, 4]);
    const last = pageOf(items, decodePageToken(second.nextToken!)!, 2);
    expect(last).toStrictEqual({ items: [5] });
    expect(decodePageToken(encodePageToken(7))).toBe(7);
    for (const bad of ['', 'x', '!!!', encodePageToken(-1), btoa('{"v":2,"o":1}'), 'a'.repeat(300)])
      expect(decodePageToken(bad), bad).toBeUndefined();
  });
});

describe('quickResponseWire', () => {
  const coords = { region: 'eu-west-1', accountId: '000000000042', instanceId: 'inst-1' };

  it("has the shape Streams' searchQuickResponses resolves with", () => {
    const w = quickResponseWire(
      qr('Greeting', '**Hi** $.Customer.name, see [our FAQ](https://x.test/faq)', {
        shortcut: 'greet',
        description: 'Say hi',
        tags: { team: 'a' },
      }),
      coords,
    );
    expect(w).toStrictEqual({
      quickResponseArn: 'arn:aws:wisdom:eu-west-1:000000000042:quick-response/inst-1/id-Greeting',
      quickResponseId: 'id-Greeting',
      knowledgeBaseArn: 'arn:aws:wisdom:eu-west-1:000000000042:knowledge-base/inst-1',
      knowledgeBaseId: 'inst-1',
      name: 'Greeting',
      version: 1,
      contentType: 'markdown',
      status: 'active',
      statusReason: null,
      createdTime: '2025-01-02T03:04:05.000Z',
      lastModifiedTime: '2025-01-02T03:04:05.000Z',
      title: 'Greeting',
      contents: {
        plainText: { content: 'Hi $.Customer.name, see our FAQ (https://x.test/faq)' },
        markdown: { content: '**Hi** $.Customer.name, see [our FAQ](https://x.test/faq)' },
      },
      description: 'Say hi',
      groupingConfiguration: { criteria: null, values: [] },
      shortcutKey: 'greet',
      lastModifiedBy: 'arn:aws:connect:eu-west-1:000000000042:instance/inst-1',
      isActive: true,
      channels: ['Chat'],
      language: 'en_US',
      tags: { team: 'a' },
    });
    const bare = quickResponseWire(qr('Plain', 'x', { channels: ['CHAT', 'VOICE', 'TASK'] }), coords);
    expect(bare.channels).toStrictEqual(['Chat', 'voice', 'tasks']);
    expect('shortcutKey' in bare || 'description' in bare).toBe(false);
  });

  it('markdown as plain text keeps words, placeholders and snake_case', () => {
    expect(
      markdownToPlainText(
        '# Title\n> quoted *it* and _em_ and __strong__ ~~old~~ `code`\n```\nfenced\n```\n![logo](l.png) [https://a.b](https://a.b) a_b_c \\*star\\* $.Attributes.order_id',
      ),
    ).toBe('Title\nquoted it and em and strong old code\nfenced\nlogo https://a.b a_b_c *star* $.Attributes.order_id');
  });

  it('reads channel names in our form or Streams’, any case', () => {
    expect(['CHAT', 'Chat', 'chat', 'VOICE', 'voice', 'TASK', 'tasks', 'email', ''].map(channelFromWire)).toStrictEqual([
      'CHAT',
      'CHAT',
      'CHAT',
      'VOICE',
      'VOICE',
      'TASK',
      'TASK',
      undefined,
      undefined,
    ]);
  });
});
