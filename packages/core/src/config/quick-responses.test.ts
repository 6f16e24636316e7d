/** The `quickResponses` section: shapes, defaults, placeholders and unique names and shortcuts. */
import { describe, expect, it } from 'vitest';
import { demoConfig } from './demo.js';
import type { ConfigIssue } from './issues.js';
import { validateConfig } from './validate.js';

const withResponses = (quickResponses: unknown) => ({ instance: { alias: 'qr' }, quickResponses });

const issuesOf = (data: unknown): ConfigIssue[] => {
  const r = validateConfig(data);
  if (r.ok) throw new Error('expected validation to fail');
  return r.issues;
};

describe('quickResponses', () => {
  it('fills the defaults: channels CHAT; the section itself defaults to []', () => {
    const r = validateConfig(withResponses([{ name: 'Hello', content: 'Hi $.Customer.name' }]));
    expect(r.ok && r.config.quickResponses).toStrictEqual([{ name: 'Hello', channels: ['CHAT'], content: 'Hi $.Customer.name' }]);
    const none = validateConfig({ instance: { alias: 'qr' } });
    expect(none.ok && none.config.quickResponses).toStrictEqual([]);
  });

  it('the demo has a handful, each with a shortcut, and greets the customer by name', () => {
    expect(demoConfig.quickResponses.length).toBeGreaterThanOrEqual(4);
    expect(demoConfig.quickResponses.length).toBeLessThanOrEqual(6);
    expect(demoConfig.quickResponses.every((r) => r.shortcut)).toBe(true);
    expect(demoConfig.quickResponses.find((r) => r.shortcut === 'greet')?.content).toContain('$.Customer.name');
  });

  it('accepts well-formed placeholders, "$." before a non-letter, and every channel', () => {
    const r = validateConfig(
      withResponses([
        {
          name: 'Order',
          shortcut: 'order_status-2',
          channels: ['CHAT', 'TASK', 'VOICE'],
          content: 'Hi $.Customer.name: order $.Attributes.orderId. ships $.Attributes.ship-date; it costs $.50 less.',
        },
      ]),
    );
    expect(r.ok).toBe(true);
  });

  it('reports malformed placeholders, each once, on the content', () => {
    expect(
      issuesOf(withResponses([{ name: 'Bad', content: 'Hi $.Customer.Name and $.customer.name, $.Attributes. $.Agent.name' }])),
    ).toStrictEqual([
      {
        path: 'quickResponses[0].content',
        message: `unknown placeholder "$.Customer.Name": the customer's name is $.Customer.name`,
      },
      {
        path: 'quickResponses[0].content',
        message:
          'unknown placeholder "$.customer.name" (use $.Customer.name or $.Attributes.<key>) — did you mean $.Customer.name?',
      },
      {
        path: 'quickResponses[0].content',
        message: 'placeholder "$.Attributes." needs an attribute key, e.g. $.Attributes.orderId',
      },
      {
        path: 'quickResponses[0].content',
        message: 'unknown placeholder "$.Agent.name" (use $.Customer.name or $.Attributes.<key>)',
      },
    ]);
  });

  it('limits: content 1..4096 characters, shortcut letters/digits/-/_ (1..32), at least one channel, none twice', () => {
    const issues = issuesOf(
      withResponses([
        { name: 'Empty', content: '' },
        { name: 'Long', content: 'x'.repeat(4097) },
        { name: 'Shortcut', shortcut: 'no spaces', content: 'x' },
        { name: 'Channels', channels: [], content: 'x' },
        { name: 'Twice', channels: ['CHAT', 'CHAT'], content: 'x' },
        { name: 'Email', channels: ['EMAIL'], content: 'x' },
      ]),
    );
    expect(issues.map((i) => i.path)).toStrictEqual([
      'quickResponses[0].content',
      'quickResponses[1].content',
      'quickResponses[2].shortcut',
      'quickResponses[3].channels',
      'quickResponses[4].channels',
      'quickResponses[5].channels[0]',
    ]);
    expect(issues[0]?.message).toBe('must not be empty');
    expect(issues[2]?.message).toBe('must be 1 to 32 letters, digits, - or _, e.g. "greet" (got "no spaces")');
    expect(issues[4]?.message).toBe('lists a channel twice');
    expect(validateConfig(withResponses([{ name: 'Max', content: 'x'.repeat(4096) }])).ok).toBe(true);
  });

  it('names are unique; shortcuts are unique ignoring case; unknown keys get a hint', () => {
    expect(
      issuesOf(
        withResponses([
          { name: 'Hello', shortcut: 'hi', content: 'a' },
          { name: 'Hello', content: 'b' },
          { name: 'Hey', shortcut: 'HI', content: 'c' },
          { name: 'Yo', shortcuts: 'yo', content: 'd' },
        ]),
      ),
    ).toStrictEqual([
      { path: 'quickResponses[1].name', message: 'duplicate quick response "Hello" (quickResponses[0] has the same name)' },
      {
        path: 'quickResponses[2].shortcut',
        message: 'duplicate shortcut "HI" (quickResponses[0] has the same one; case does not count)',
      },
      { path: 'quickResponses[3].shortcuts', message: 'unknown key "shortcuts" — did you mean "shortcut"?' },
    ]);
  });
});
