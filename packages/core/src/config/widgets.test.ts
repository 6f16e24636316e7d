/** The instance file's `widgets` section and the flows' interactive messages. */
import { describe, expect, it } from 'vitest';
import { DEMO_WIDGET_ID, demoConfig } from './demo.js';
import type { ConfigIssue } from './issues.js';
import type { InstanceConfig } from './schema.js';
import { validateConfig } from './validate.js';

// biome-ignore lint/suspicious/noExplicitAny: tests break the config in ways its type forbids
const demo = (): any => structuredClone(demoConfig) as InstanceConfig;

const issuesOf = (data: unknown): ConfigIssue[] => {
  const r = validateConfig(data);
  if (r.ok) throw new Error('expected validation to fail');
  return r.issues;
};

describe('widgets in the instance file', () => {
  it('the demo has one widget with a fixed id, on a flow that sends a list picker', () => {
    expect(demoConfig.widgets.map((w) => [w.name, w.id, w.flow])).toStrictEqual([
      ['Demo store chat', DEMO_WIDGET_ID, 'Web chat'],
    ]);
    expect(demoConfig.contactFlows.find((f) => f.name === 'Web chat')?.listPicker?.elements.map((e) => e.title)).toStrictEqual([
      'Orders',
      'Billing',
      'Something else',
    ]);
  });

  it('fills the defaults of a minimal widget', () => {
    const r = validateConfig({
      instance: { alias: 'shop' },
      contactFlows: [{ name: 'F' }],
      widgets: [{ name: 'W', flow: 'F', allowedOrigins: ['https://shop.example.com'] }],
    });
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.config.widgets).toStrictEqual([
      {
        name: 'W',
        flow: 'F',
        allowedOrigins: ['https://shop.example.com'],
        attributes: [],
        preChatForm: { enabled: false, fields: [] },
        greeting: 'Hi! How can we help?',
        offlineMessage: "We're away right now. Please try again later.",
        theme: { primaryColor: '#0b63c9', position: 'right' },
        persistence: 'session',
        maxOpenChatsPerVisitor: 1,
        rateLimit: { perIpPerMinute: 10, perConfigurationPerMinute: 300 },
      },
    ]);
  });

  it('reports each broken field with its path', () => {
    const c = demo();
    const w = c.widgets[0];
    w.flow = 'Nope';
    w.allowedOrigins = ['*', 'https://shop.example.com/'];
    w.theme.primaryColor = 'blue';
    w.attributes.push({ name: 'customer_x', maxLength: 2000 });
    w.preChatForm.fields[1].type = 'phone';
    w.preChatForm.fields.push({ name: 'email', label: 'Again', type: 'email' });
    w.rateLimit.perIpPerMinute = 0;
    expect(issuesOf(c).map((i) => `${i.path}: ${i.message}`)).toStrictEqual([
      'widgets[0].allowedOrigins[0]: must be a URL origin such as "https://agents.example.com" or "http://localhost:3000" (scheme, host and optional port; no path or trailing slash) (got "*")',
      'widgets[0].allowedOrigins[1]: must be a URL origin such as "https://agents.example.com" or "http://localhost:3000" (scheme, host and optional port; no path or trailing slash) (got "https://shop.example.com/") — did you mean "https://shop.example.com"?',
      'widgets[0].attributes[2].maxLength: must be from 1 to 1024 (got 2000)',
      'widgets[0].preChatForm.fields[1].type: must be one of name, email, text (got the string "phone")',
      'widgets[0].theme.primaryColor: must be a colour "#rrggbb" such as "#0b63c9" (got "blue")',
      'widgets[0].rateLimit.perIpPerMinute: must be from 1 to 10000 (got 0)',
      'widgets[0].attributes[2].name: "customer_x" is reserved (names starting with "customer_" hold the pre-chat form; customerRating, customerComment, wrapUpCode, wrapUpCodeId, agentNotes are written by Switchboard)',
      'widgets[0].preChatForm.fields[3].name: "email" is listed twice (also at preChatForm.fields[1])',
      'widgets[0].flow: unknown contact flow "Nope" (known: Sales inbound, Support inbound, Web chat)',
    ]);
  });

  it('checks the rules across fields, the flow type and unique names and ids', () => {
    const c = demo();
    c.widgets.push({ ...structuredClone(c.widgets[0]), attributes: [{ name: 'page' }, { name: 'page' }] });
    c.contactFlows.push({ name: 'Transfer', type: 'QUEUE_TRANSFER' });
    c.widgets.push({ name: 'Other', id: DEMO_WIDGET_ID.toUpperCase(), flow: 'Transfer', allowedOrigins: ['http://localhost:1'] });
    expect(issuesOf(c).map((i) => `${i.path}: ${i.message}`)).toStrictEqual([
      'widgets[1].name: duplicate widget "Demo store chat" (widgets[0] has the same name)',
      'widgets[1].attributes[1].name: "page" is listed twice (also at attributes[0])',
      'widgets[1].id: duplicate widget id "5b6c1d2e-0000-4000-8000-000000000101" (widgets[0] has the same id)',
      'widgets[2].flow: contact flow "Transfer" has type QUEUE_TRANSFER; a widget\'s chats start in a CONTACT_FLOW flow',
      'widgets[2].id: duplicate widget id "5b6c1d2e-0000-4000-8000-000000000101" (widgets[0] has the same id)',
    ]);
  });

  it('checks a flow list picker and quick replies', () => {
    const c = demo();
    const f = c.contactFlows[2];
    f.listPicker.elements = [];
    f.quickReplies = { title: 'Solved?', elements: [{ title: 'Yes' }, { title: 'Yes' }] };
    expect(issuesOf(c).map((i) => `${i.path}: ${i.message}`)).toStrictEqual([
      'contactFlows[2].listPicker.elements: must not be empty (list at least one)',
      'contactFlows[2].quickReplies.elements: lists a title twice (the choice is sent back as its title)',
    ]);
  });
});
