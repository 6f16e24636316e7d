import { describe, expect, it } from 'vitest';
import type { WidgetConfiguration } from '../model/entities.js';
import { RATING_WINDOW_MS, ratingAllowed, readRating, withRating } from './rating.js';
import { widgetRuleIssues } from './rules.js';
import { isVisitorId, readStartChat } from './start.js';
import { hasControlCharacters } from './text.js';

const config: Pick<WidgetConfiguration, 'preChatForm' | 'attributes'> = {
  preChatForm: {
    enabled: true,
    fields: [
      { name: 'name', label: 'Your name', type: 'name', required: true, maxLength: 20 },
      { name: 'email', label: 'Email', type: 'email', required: false, maxLength: 254 },
      { name: 'orderId', label: 'Order', type: 'text', required: false, maxLength: 8 },
    ],
  },
  attributes: [{ name: 'page', maxLength: 10 }],
};

const problem = (body: unknown, c = config): string => {
  const r = readStartChat(body, c);
  if (r.ok) throw new Error(`expected a problem, got ${JSON.stringify(r)}`);
  return r.message;
};

describe('readStartChat', () => {
  it('takes the name as the display name, other fields as customer_ attributes, page attributes as they are', () => {
    expect(
      readStartChat(
        { fields: { name: '  Jane Doe ', email: 'jane@example.com', orderId: 'A-1\n2' }, attributes: { page: '/pricing' } },
        config,
      ),
    ).toStrictEqual({
      ok: true,
      displayName: 'Jane Doe',
      attributes: { customer_email: 'jane@example.com', customer_orderId: 'A-1\n2', page: '/pricing' },
    });
  });

  it('leaves out empty optional fields; without a form or a name field the display name is "Customer"', () => {
    expect(readStartChat({ fields: { name: 'J', email: ' ' } }, config)).toStrictEqual({
      ok: true,
      displayName: 'J',
      attributes: {},
    });
    const noForm = { ...config, preChatForm: { enabled: false, fields: config.preChatForm.fields } };
    expect(readStartChat({}, noForm)).toStrictEqual({ ok: true, displayName: 'Customer', attributes: {} });
    expect(problem({ fields: { name: 'Jane' } }, noForm)).toBe('Unknown field "name" (this widget has no pre-chat form)');
  });

  it('refuses every kind of bad input with a message that says what', () => {
    expect(problem(null)).toBe('The request body must be a JSON object');
    expect(problem([])).toBe('The request body must be a JSON object');
    expect(problem({ fields: {}, extra: 1 })).toBe('Unknown member "extra" (allowed: fields, attributes)');
    expect(problem({ fields: [] })).toBe('fields must be an object of strings');
    expect(problem({ fields: { name: 'J' }, attributes: 'x' })).toBe('attributes must be an object of strings');
    expect(problem({ fields: {} })).toBe('fields.name (Your name) is required');
    expect(problem({ fields: { name: '   ' } })).toBe('fields.name (Your name) is required');
    expect(problem({ fields: { name: 'J', phone: '1' } })).toBe('Unknown field "phone" (the form has: name, email, orderId)');
    expect(problem({ fields: { name: 42 } })).toBe('fields.name must be a string');
    expect(problem({ fields: { name: 'x'.repeat(21) } })).toBe('fields.name must be at most 20 characters');
    expect(problem({ fields: { name: '<b>Jane</b>' } })).toBe('fields.name must not contain HTML (< or >)');
    expect(problem({ fields: { name: 'Ja\u0000ne' } })).toBe('fields.name must not contain control characters');
    expect(problem({ fields: { name: 'Ja\nne' } })).toBe('fields.name must not contain control characters');
    for (const email of ['jane', 'jane@', '@example.com', 'jane@example', 'ja ne@example.com', 'jane@exa<mple.com'])
      expect(problem({ fields: { name: 'J', email } })).toBe('fields.email must be an email address such as jane@example.com');
    expect(problem({ fields: { name: 'J', orderId: '123456789' } })).toBe('fields.orderId must be at most 8 characters');
    expect(problem({ fields: { name: 'J' }, attributes: { cart: '1' } })).toBe('Attribute "cart" is not allowed by this widget');
    expect(problem({ fields: { name: 'J' }, attributes: { page: 1 } })).toBe('attributes.page must be a string');
    expect(problem({ fields: { name: 'J' }, attributes: { page: '/'.repeat(11) } })).toBe(
      'attributes.page must be at most 10 characters',
    );
    expect(problem({ fields: { name: 'J' }, attributes: { page: '\ud800' } })).toBe(
      'attributes.page must not contain control characters',
    );
    expect(problem(JSON.parse('{"fields":{"__proto__":"x","name":"J"}}'))).toBe(
      'Unknown field "__proto__" (the form has: name, email, orderId)',
    );
  });

  it('knows a visitor id', () => {
    expect(isVisitorId('v-0123456789abcdef')).toBe(true);
    for (const bad of [undefined, '', 'short', 'has space here', 'x'.repeat(129), 42]) expect(isVisitorId(bad)).toBe(false);
  });
});

describe('widgetRuleIssues', () => {
  it('refuses repeated and reserved names, a name field that is not the display name, and lengths past the type', () => {
    expect(
      widgetRuleIssues({
        attributes: [{ name: 'page' }, { name: 'page' }, { name: 'customer_email' }, { name: 'customerRating' }],
        preChatForm: {
          fields: [
            { name: 'name', type: 'text' },
            { name: 'fullName', type: 'name' },
            { name: 'email', type: 'email', maxLength: 300 },
            { name: 'email', type: 'email' },
          ],
        },
      }).map((i) => `${i.path.join('.')}: ${i.message}`),
    ).toStrictEqual([
      'attributes.1.name: "page" is listed twice (also at attributes[0])',
      'attributes.2.name: "customer_email" is reserved (names starting with "customer_" hold the pre-chat form; customerRating, customerComment, wrapUpCode, wrapUpCodeId, agentNotes are written by Switchboard)',
      'attributes.3.name: "customerRating" is reserved (names starting with "customer_" hold the pre-chat form; customerRating, customerComment, wrapUpCode, wrapUpCodeId, agentNotes are written by Switchboard)',
      'preChatForm.fields.0.type: the field called "name" is the display name: its type must be name',
      'preChatForm.fields.1.name: a field of type name is the display name: it must be called "name"',
      'preChatForm.fields.2.maxLength: must be at most 254 for a field of type email (got 300)',
      'preChatForm.fields.3.name: "email" is listed twice (also at preChatForm.fields[2])',
    ]);
    expect(widgetRuleIssues(config)).toStrictEqual([]);
  });
});

describe('readRating', () => {
  it('takes 1..5 and an optional comment (trimmed; empty is none)', () => {
    expect(readRating({ rating: 5 })).toStrictEqual({ ok: true, rating: 5 });
    expect(readRating({ rating: 1, comment: ' Slow.\nBut fine. ' })).toStrictEqual({
      ok: true,
      rating: 1,
      comment: 'Slow.\nBut fine.',
    });
    expect(readRating({ rating: 3, comment: '  ' })).toStrictEqual({ ok: true, rating: 3 });
    expect(readRating({ rating: 3, comment: null })).toStrictEqual({ ok: true, rating: 3 });
  });

  it('refuses anything else', () => {
    for (const body of [null, [], 'x', {}, { rating: 0 }, { rating: 6 }, { rating: 2.5 }, { rating: '5' }, { rating: 5, x: 1 }])
      expect(readRating(body).ok).toBe(false);
    expect(readRating({ rating: 5, comment: 'x'.repeat(1001) })).toStrictEqual({
      ok: false,
      message: 'comment must be at most 1000 characters',
    });
    expect(readRating({ rating: 5, comment: 7 }).ok).toBe(false);
    expect(readRating({ rating: 5, comment: 'a\u0000' }).ok).toBe(false);
  });

  it('is allowed while the chat is open and for 24 hours after it ended; a new rating replaces the old', () => {
    expect(ratingAllowed(undefined, 1e12)).toBe(true);
    expect(ratingAllowed(0, RATING_WINDOW_MS)).toBe(true);
    expect(ratingAllowed(0, RATING_WINDOW_MS + 1)).toBe(false);
    const first = withRating({ page: '/' }, { rating: 2, comment: 'meh' });
    expect(first).toStrictEqual({ page: '/', customerRating: '2', customerComment: 'meh' });
    expect(withRating(first, { rating: 5 })).toStrictEqual({ page: '/', customerRating: '5' });
  });
});

describe('hasControlCharacters', () => {
  it('finds C0, DEL, C1 and lone surrogates; keeps tabs and line breaks when multiline', () => {
    for (const s of ['a\u0000', '\u001b[1m', '\u007f', '\u0085', '\ud800', 'x\udc00', '\ud83d'])
      expect(hasControlCharacters(s, true)).toBe(true);
    expect(hasControlCharacters('line\r\nbreak\ttab', true)).toBe(false);
    expect(hasControlCharacters('line\nbreak')).toBe(true);
    expect(hasControlCharacters('Zoë 💥 日本')).toBe(false);
  });
});
