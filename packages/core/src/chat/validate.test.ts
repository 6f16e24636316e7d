import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ContentTypes } from './items.js';
import {
  type ChatLimits,
  DEFAULT_CHAT_LIMITS,
  SEND_EVENT_CONTENT_TYPES,
  SEND_MESSAGE_CONTENT_TYPES,
  isReceiptContentType,
  receiptMessageId,
  validateEvent,
  validateMessage,
} from './validate.js';

const INTERACTIVE_RESPONSE = ContentTypes.interactiveMessageResponse;

describe('validateMessage', () => {
  it('accepts each allowed content type', () => {
    expect(SEND_MESSAGE_CONTENT_TYPES).toEqual(['text/plain', 'text/markdown', 'application/json', INTERACTIVE_RESPONSE]);
    for (const t of SEND_MESSAGE_CONTENT_TYPES) expect(validateMessage(t, 'hi')).toBeUndefined();
    expect(validateMessage('application/json', '{"a":1}')).toBeUndefined();
  });

  it('rejects content types SendMessage does not take (events, attachments, interactive, case variants)', () => {
    for (const t of [
      ContentTypes.typing,
      ContentTypes.readReceipt,
      ContentTypes.interactiveMessage,
      ContentTypes.chatEnded,
      'image/png',
      'application/pdf',
      'text/html',
      'TEXT/PLAIN',
      'text/plain; charset=utf-8',
    ]) {
      expect(validateMessage(t, 'hi')).toMatch(/not supported/);
    }
  });

  it('requires ContentType and Content as non-empty strings', () => {
    expect(validateMessage(undefined, 'hi')).toMatch(/ContentType is required/);
    expect(validateMessage(null, 'hi')).toMatch(/ContentType is required/);
    expect(validateMessage('', 'hi')).toMatch(/ContentType must not be empty/);
    expect(validateMessage(42, 'hi')).toMatch(/ContentType must be a string/);
    expect(validateMessage('x'.repeat(101), 'hi')).toMatch(/at most 100/);
    expect(validateMessage('text/plain', undefined)).toMatch(/Content is required/);
    expect(validateMessage('text/plain', null)).toMatch(/Content is required/);
    expect(validateMessage('text/plain', '')).toMatch(/must not be empty/);
    expect(validateMessage('text/plain', { text: 'hi' })).toMatch(/Content must be a string/);
  });

  it.each([
    ['text/plain', 1024],
    ['text/markdown', 1024],
    ['application/json', 12_000],
    [INTERACTIVE_RESPONSE, 12_288],
  ] as const)('limits %s to %i characters', (type, max) => {
    expect(DEFAULT_CHAT_LIMITS.messageMaxLength[type]).toBe(max);
    expect(validateMessage(type, 'a'.repeat(max))).toBeUndefined();
    expect(validateMessage(type, 'a'.repeat(max + 1))).toBe(`Content of type ${type} must be at most ${max} characters`);
  });

  it('counts characters as code points (an emoji is one character, not two UTF-16 units)', () => {
    const emoji = '😀'; // 2 UTF-16 units
    expect(validateMessage('text/plain', emoji.repeat(1024))).toBeUndefined();
    expect(validateMessage('text/plain', emoji.repeat(1025))).toMatch(/at most 1024/);
    expect(validateMessage('text/plain', 'é'.repeat(1024))).toBeUndefined();
  });

  it('honours custom limits, with the overall cap winning over a larger per-type limit', () => {
    const limits: ChatLimits = {
      ...DEFAULT_CHAT_LIMITS,
      messageMaxLength: { ...DEFAULT_CHAT_LIMITS.messageMaxLength, 'text/plain': 5, 'application/json': 50 },
      contentMaxLength: 20,
    };
    expect(validateMessage('text/plain', '12345', limits)).toBeUndefined();
    expect(validateMessage('text/plain', '123456', limits)).toMatch(/at most 5/);
    expect(validateMessage('application/json', 'x'.repeat(20), limits)).toBeUndefined();
    expect(validateMessage('application/json', 'x'.repeat(21), limits)).toMatch(/at most 20/);
  });

  it('property: any non-empty text within the limit passes; the verdict depends only on the code-point length', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', 'é', '😀', '𝄞', '中', ' '), { minLength: 1000, maxLength: 1050 }), (chars) => {
        const problem = validateMessage('text/plain', chars.join(''));
        expect(problem === undefined).toBe(chars.length <= 1024);
      }),
    );
  });
});

describe('validateEvent', () => {
  const receipt = (messageId: unknown) => JSON.stringify({ messageId });

  it('accepts exactly typing, connection.acknowledged and the two receipts', () => {
    expect(SEND_EVENT_CONTENT_TYPES).toEqual([
      'application/vnd.amazonaws.connect.event.typing',
      'application/vnd.amazonaws.connect.event.connection.acknowledged',
      'application/vnd.amazonaws.connect.event.message.delivered',
      'application/vnd.amazonaws.connect.event.message.read',
    ]);
    expect(validateEvent(ContentTypes.typing, undefined)).toBeUndefined();
    expect(validateEvent(ContentTypes.connectionAcknowledged, undefined)).toBeUndefined();
    expect(validateEvent(ContentTypes.readReceipt, receipt('m-1'))).toBeUndefined();
    expect(validateEvent(ContentTypes.deliveredReceipt, receipt('m-1'))).toBeUndefined();
  });

  it('rejects other event and message types', () => {
    for (const t of [
      ContentTypes.participantJoined,
      ContentTypes.participantLeft,
      ContentTypes.chatEnded,
      ContentTypes.messageMetadata,
      ContentTypes.transferSucceeded,
      'text/plain',
      'application/json',
    ]) {
      expect(validateEvent(t, undefined)).toMatch(/not supported/);
    }
    expect(validateEvent(undefined, undefined)).toMatch(/ContentType is required/);
    expect(validateEvent('', undefined)).toMatch(/must not be empty/);
  });

  it('typing needs no Content (chatjs omits it); one sent anyway must still be a sane string', () => {
    expect(validateEvent(ContentTypes.typing, null)).toBeUndefined();
    expect(validateEvent(ContentTypes.typing, 'x')).toBeUndefined();
    expect(validateEvent(ContentTypes.typing, '')).toMatch(/must not be empty/);
    expect(validateEvent(ContentTypes.typing, 7)).toMatch(/must be a string/);
    expect(validateEvent(ContentTypes.typing, 'x'.repeat(16_385))).toMatch(/at most 16384/);
  });

  it('receipts need {"messageId": "<non-empty string>"}', () => {
    for (const t of [ContentTypes.readReceipt, ContentTypes.deliveredReceipt]) {
      expect(validateEvent(t, undefined)).toMatch(/Content is required/);
      expect(validateEvent(t, null)).toMatch(/Content is required/);
      expect(validateEvent(t, '')).toMatch(/must not be empty/);
      for (const bad of [
        'm-1',
        '{"messageId":',
        '[]',
        'null',
        '"m-1"',
        '{}',
        '{"MessageId":"m-1"}',
        receipt(''),
        receipt(42),
        receipt(null),
        receipt({ id: 'x' }),
      ]) {
        expect(validateEvent(t, bad)).toMatch(/messageId/);
      }
      // Extra members are fine.
      expect(validateEvent(t, JSON.stringify({ messageId: 'm-2', extra: true }))).toBeUndefined();
      expect(validateEvent(t, `{"messageId":"${'m'.repeat(16_400)}"}`)).toMatch(/at most 16384/);
    }
  });

  it('receiptMessageId extracts the id or says undefined', () => {
    expect(receiptMessageId(receipt('abc'))).toBe('abc');
    expect(receiptMessageId('{"messageId":"abc","x":1}')).toBe('abc');
    expect(receiptMessageId(undefined)).toBeUndefined();
    expect(receiptMessageId('nope')).toBeUndefined();
    expect(receiptMessageId('["abc"]')).toBeUndefined();
    expect(receiptMessageId(receipt(''))).toBeUndefined();
  });

  it('isReceiptContentType', () => {
    expect(isReceiptContentType(ContentTypes.readReceipt)).toBe(true);
    expect(isReceiptContentType(ContentTypes.deliveredReceipt)).toBe(true);
    expect(isReceiptContentType(ContentTypes.messageMetadata)).toBe(false);
    expect(isReceiptContentType(ContentTypes.typing)).toBe(false);
  });
});

describe('ContentTypes', () => {
  it('has the vnd types chatjs routes on, each unique', () => {
    const values = Object.values(ContentTypes);
    expect(new Set(values).size).toBe(values.length);
    for (const v of values) {
      if (!['text/plain', 'text/markdown', 'application/json'].includes(v)) {
        expect(v).toMatch(/^application\/vnd\.amazonaws\.connect\.(event|message)\.[a-z.]+$/);
      }
    }
    expect(ContentTypes.chatEnded).toBe('application/vnd.amazonaws.connect.event.chat.ended');
    expect(ContentTypes.messageMetadata).toBe('application/vnd.amazonaws.connect.event.message.metadata');
    expect(ContentTypes.participantDisplayNameUpdated).toBe(
      'application/vnd.amazonaws.connect.event.participant.displayname.updated',
    );
  });
});
