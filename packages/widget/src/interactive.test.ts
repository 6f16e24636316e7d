import { describe, expect, it } from 'vitest';
import { interactiveText, MAX_CHOICES, parseInteractive } from './interactive.js';

const listPicker = JSON.stringify({
  templateType: 'ListPicker',
  version: '1.0',
  data: {
    content: {
      title: 'What can we help with?',
      subtitle: 'Pick one',
      elements: [{ title: 'Billing', subtitle: 'Invoices and payments' }, { title: 'Delivery' }],
    },
  },
});

describe('parseInteractive', () => {
  it('reads a ListPicker', () => {
    expect(parseInteractive(listPicker)).toEqual({
      kind: 'list',
      title: 'What can we help with?',
      subtitle: 'Pick one',
      choices: [
        { title: 'Billing', subtitle: 'Invoices and payments' },
        { title: 'Delivery', subtitle: undefined },
      ],
    });
  });

  it('reads a QuickReply', () => {
    const qr = JSON.stringify({
      templateType: 'QuickReply',
      version: '1.0',
      data: { content: { title: 'Was this helpful?', elements: [{ title: 'Yes' }, { title: 'No' }] } },
    });
    expect(parseInteractive(qr)).toMatchObject({
      kind: 'quickReply',
      title: 'Was this helpful?',
      choices: [{ title: 'Yes' }, { title: 'No' }],
    });
  });

  it.each([
    ['not JSON', '{nope'],
    ['no content', undefined],
    ['an unknown template', JSON.stringify({ templateType: 'TimePicker', data: { content: { title: 'x' } } })],
    ['no title and no elements', JSON.stringify({ templateType: 'ListPicker', data: { content: { elements: [] } } })],
    ['null', 'null'],
    ['an array', '[]'],
  ])('is undefined for %s', (_, content) => expect(parseInteractive(content)).toBeUndefined());

  it('drops elements without a title, repeats, and more than it shows', () => {
    const elements = [
      { title: '' },
      { title: 5 },
      null,
      { title: 'A' },
      { title: 'A' },
      ...Array.from({ length: 50 }, (_, i) => ({ title: `c${i}` })),
    ];
    const m = parseInteractive(JSON.stringify({ templateType: 'QuickReply', data: { content: { title: 't', elements } } }))!;
    expect(m.choices[0]!.title).toBe('A');
    expect(m.choices).toHaveLength(MAX_CHOICES);
  });

  it('keeps hostile titles as text (the view binds them as text)', () => {
    const m = parseInteractive(
      JSON.stringify({
        templateType: 'QuickReply',
        data: { content: { title: '<img src=x onerror=alert(1)>', elements: [{ title: '<b>x</b>' }] } },
      }),
    )!;
    expect(m.title).toBe('<img src=x onerror=alert(1)>');
    expect(interactiveText(m)).toBe('<img src=x onerror=alert(1)>\n- <b>x</b>');
  });
});
