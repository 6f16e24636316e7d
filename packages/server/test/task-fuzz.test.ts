/**
 * Property test: StartTaskContact under hostile bodies, through a SigV4-signed request to
 * the real server with the demo instance, on every storage backend. Whatever the body:
 * never a 5xx or a stack trace, always an AWS-style answer; and a contact is created
 * exactly when the answer is 200 — never from invalid input.
 */
import { randomUUID } from 'node:crypto';
import { demoConfig } from '@switchboard/core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { backends } from './backends.js';
import { type ChatWorld, chatWorld } from './chat-support.js';
import { expectAwsAnswer } from './fuzz-support.js';
import { signedFetch } from './sign.js';
import { contactsCreated } from './widget-support.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 80);
vi.setConfig({ testTimeout: Math.max(60_000, RUNS * 500) });
const key = demoConfig.accessKeys[0]!;

const nasty = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom('', ' ', '\u0000', '\ud800', '<b>x</b>', '__proto__', 'x'.repeat(600), 'https://x.example.com', '12', 'a@b.co'),
);
const anyValue = fc.oneof(nasty, fc.jsonValue({ maxDepth: 2 }));

describe.each(backends)('StartTaskContact under random input on $name', (backend) => {
  let w: ChatWorld;
  let ids: { flow: string; template: string; qc: string };

  beforeAll(async () => {
    w = await chatWorld(backend);
    const store = w.server.store;
    const id = w.server.instance.id;
    const template = (await store.resources.getByName(id, 'taskTemplate', 'Customer callback'))!.id;
    const qc = (await store.resources.getByName(id, 'quickConnect', 'Support queue'))!.id;
    ids = { flow: w.flows['Support inbound']!, template, qc };
  });
  afterAll(async () => w?.close());

  it('never answers 5xx, and creates a task only when it answers 200', async () => {
    const reference = fc.oneof(
      fc.record(
        {
          Type: fc.oneof(fc.constantFrom('URL', 'STRING', 'NUMBER', 'DATE', 'EMAIL', 'ATTACHMENT', 'url'), anyValue),
          Value: fc.oneof(fc.constantFrom('https://a.example.com/1', '42', '2026-12-31', 'jane@example.com'), anyValue),
        },
        { requiredKeys: [] },
      ),
      anyValue,
    );
    const body = fc.record(
      {
        InstanceId: fc.oneof({ weight: 5, arbitrary: fc.constant('__INSTANCE__') }, nasty),
        Name: fc.oneof({ weight: 3, arbitrary: fc.constant('Follow up') }, anyValue),
        Description: anyValue,
        ContactFlowId: fc.oneof({ weight: 3, arbitrary: fc.constant('__FLOW__') }, nasty, fc.uuid()),
        TaskTemplateId: fc.oneof(fc.constant('__TEMPLATE__'), nasty, fc.uuid()),
        QuickConnectId: fc.oneof(fc.constant('__QC__'), nasty),
        References: fc.oneof(
          fc.dictionary(fc.oneof(fc.constantFrom('Customer email', 'Priority', 'Team', 'Case'), nasty), reference, {
            maxKeys: 4,
          }),
          anyValue,
        ),
        Attributes: fc.oneof(fc.dictionary(nasty, anyValue, { maxKeys: 3 }), anyValue),
        ScheduledTime: fc.oneof(fc.integer(), fc.double(), anyValue),
        RelatedContactId: fc.oneof(nasty, fc.uuid()),
        SegmentAttributes: anyValue,
        Attachments: anyValue,
        ClientToken: fc.oneof(fc.constant('__FRESH__'), nasty),
      },
      { requiredKeys: [] },
    );
    const raw = fc.oneof(
      { weight: 6, arbitrary: body.map((b) => ({ json: b })) },
      // A valid core with one random member: some of these start tasks.
      {
        weight: 4,
        arbitrary: body.map((b) => {
          const [k, v] = Object.entries(b)[0] ?? ['Description', 'x'];
          return { json: { InstanceId: '__INSTANCE__', Name: 'Follow up', ContactFlowId: '__FLOW__', [k]: v } };
        }),
      },
      fc.jsonValue({ maxDepth: 3 }).map((v) => ({ json: v })),
      fc.string({ maxLength: 60 }).map((s) => ({ text: s })),
    );
    const substitute = (v: unknown): unknown => {
      if (v === '__INSTANCE__') return w.server.instance.id;
      if (v === '__FLOW__') return ids.flow;
      if (v === '__TEMPLATE__') return ids.template;
      if (v === '__QC__') return ids.qc;
      if (v === '__FRESH__') return randomUUID();
      return v;
    };
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(raw, async (r) => {
        const text =
          'text' in r
            ? r.text
            : JSON.stringify(
                r.json && typeof r.json === 'object' && !Array.isArray(r.json)
                  ? Object.fromEntries(Object.entries(r.json).map(([k, v]) => [k, substitute(v)]))
                  : r.json,
              );
        const before = await contactsCreated(w.server.store, w.server.instance.id);
        const res = await signedFetch(w.server.url, { method: 'PUT', path: '/contact/task', body: text }, key);
        const answer = { status: res.status, headers: res.headers, text: await res.text() };
        expectAwsAnswer(answer, `StartTaskContact ${text.slice(0, 300)}`);
        await w.server.routing.persister.flush();
        const after = await contactsCreated(w.server.store, w.server.instance.id);
        const fresh = answer.status === 200 && !(JSON.parse(text) as { ClientToken?: unknown }).ClientToken;
        if (answer.status === 200) accepted++;
        if (answer.status !== 200) expect(after, `created from ${answer.status}: ${text.slice(0, 200)}`).toBe(before);
        else if (fresh) expect(after).toBe(before + 1);
        else expect(after - before).toBeLessThanOrEqual(1);
      }),
      { numRuns: RUNS },
    );
    expect(accepted).toBeGreaterThan(0);
  });
});
