import type { QuickConnectEndpoint } from '@switchboard/agent-client';
import { describe, expect, it } from 'vitest';
import { checkWrapup, defaultWrapUpCode, resolveDestination } from './targets.js';

const ARN = 'arn:aws:connect:us-east-1:123456789012:instance/i1';
const endpoints: QuickConnectEndpoint[] = [
  {
    endpointARN: `${ARN}/transfer-destination/qc-sales`,
    endpointId: `${ARN}/transfer-destination/qc-sales`,
    type: 'queue',
    name: 'Sales queue',
    queue: `${ARN}/queue/q-sales`,
  },
  {
    endpointARN: `${ARN}/transfer-destination/qc-bob`,
    endpointId: `${ARN}/transfer-destination/qc-bob`,
    type: 'agent',
    name: 'Bob Brown',
    agentLogin: 'bob',
  },
];
const queues = [{ queueARN: `${ARN}/queue/q-sales`, queueId: `${ARN}/queue/q-sales`, name: 'Sales' }];
const to = (t: unknown, type: unknown) => {
  const r = resolveDestination(endpoints, queues, t, type);
  return r.ok ? r.value.name : r.error;
};

describe('where a transfer goes', () => {
  it('a queue by its name, ARN or id, or by its quick connect', () => {
    for (const t of [
      'Sales',
      `${ARN}/queue/q-sales`,
      'q-sales',
      'Sales queue',
      'qc-sales',
      `${ARN}/transfer-destination/qc-sales`,
    ])
      expect(to(t, 'queue')).toBe('Sales queue');
  });

  it('an agent by username or quick connect name (any case)', () => {
    for (const t of ['bob', 'Bob Brown', 'BOB', 'qc-bob']) expect(to(t, 'agent')).toBe('Bob Brown');
  });

  it('says in words what is wrong', () => {
    expect(to('carol', 'agent')).toBe(
      "no agent quick connect for carol among the agent's transfer destinations (Bob Brown (bob))",
    );
    expect(to('bob', 'queue')).toMatch(/^no queue quick connect for bob/);
    expect(to('bob', 'dialNumber')).toBe(`destinationType must be 'queue' or 'agent' (got "dialNumber")`);
    expect(to('', 'agent')).toBe('to must name the agent (got "")');
    expect(to(undefined, 'agent')).toBe('to must name the agent (got nothing)');
  });
});

describe('a wrap-up', () => {
  const codes = [
    { id: 'w1', name: 'Resolved' },
    { id: 'w2', name: 'Escalated' },
  ];
  it('takes a code by id, ARN or name; the reason is the notes unless it is the code name', () => {
    expect(checkWrapup(codes, { auxCodeId: 'w1', wrapUpReason: 'Resolved' })).toEqual({
      ok: true,
      value: { code: codes[0], notes: undefined },
    });
    expect(checkWrapup(codes, { auxCodeId: `${ARN}/wrap-up-code/w2`, wrapUpReason: 'Refund sent' })).toEqual({
      ok: true,
      value: { code: codes[1], notes: 'Refund sent' },
    });
    expect(checkWrapup(codes, { auxCodeId: 'Escalated', wrapUpReason: 'x' })).toMatchObject({ ok: true });
  });

  it('refuses in words what is missing or unknown', () => {
    expect(checkWrapup(codes, { auxCodeId: 'w1', wrapUpReason: '' })).toEqual({ ok: false, error: 'WrapUpReason is required' });
    expect(checkWrapup(codes, { auxCodeId: '', wrapUpReason: 'x' })).toEqual({ ok: false, error: 'AuxCodeId is required' });
    expect(checkWrapup(codes, { auxCodeId: 'nope', wrapUpReason: 'x' })).toEqual({
      ok: false,
      error: 'AuxCodeId nope is not a wrap-up code of the instance (known: Resolved (w1), Escalated (w2))',
    });
    expect(checkWrapup(codes, undefined)).toEqual({ ok: false, error: 'wrapup needs {wrapUpReason, auxCodeId}' });
  });

  it('the auto wrap-up code: the one named, else the first', () => {
    expect(defaultWrapUpCode(codes, undefined)).toBe(codes[0]);
    expect(defaultWrapUpCode(codes, 'Escalated')).toBe(codes[1]);
    expect(defaultWrapUpCode([], undefined)).toBeUndefined();
  });
});
