import { describe, expect, it } from 'vitest';
import { buildSimpleFlow, FLOW_LANGUAGE_VERSION, interpretFlow } from './interpret.js';

const QUEUE = '6f1e3a7c-2b8d-4c55-9a0e-1f2d3c4b5a69';
const QUEUE_ARN = `arn:aws:connect:us-east-1:123456789012:instance/0d2c8a4e-aaaa-bbbb-cccc-1234567890ab/queue/${QUEUE}`;

const flow = (actions: unknown[], start = 'a', extra: Record<string, unknown> = {}) =>
  JSON.stringify({ Version: FLOW_LANGUAGE_VERSION, StartAction: start, Actions: actions, ...extra });
const act = (Identifier: string, Type: string, Parameters: unknown = {}, Transitions: unknown = {}) => ({
  Identifier,
  Type,
  Parameters,
  Transitions,
});

const problemsOf = (content: string): string[] => {
  const r = interpretFlow(content);
  if (r.ok) throw new Error(`expected problems, got ${JSON.stringify(r.flow)}`);
  expect(r.problems.length).toBeGreaterThan(0);
  return r.problems;
};

describe('interpretFlow', () => {
  it('greets, targets a queue and transfers', () => {
    const content = flow([
      act(
        'a',
        'MessageParticipant',
        { Text: 'Welcome to Acme.' },
        { NextAction: 'b', Errors: [{ NextAction: 'd', ErrorType: 'NoMatchingError' }] },
      ),
      act('b', 'UpdateContactTargetQueue', { QueueId: QUEUE }, { NextAction: 'c' }),
      act('c', 'TransferContactToQueue', {}, { Errors: [{ NextAction: 'd', ErrorType: 'QueueAtCapacity' }] }),
      act('d', 'DisconnectParticipant'),
    ]);
    expect(interpretFlow(content)).toEqual({
      ok: true,
      flow: { greeting: 'Welcome to Acme.', targetQueueId: QUEUE, transfer: true },
    });
  });

  it('accepts a queue ARN and returns the bare id', () => {
    const content = flow([
      act('a', 'UpdateContactTargetQueue', { QueueId: QUEUE_ARN }, { NextAction: 'b' }),
      act('b', 'TransferContactToQueue'),
    ]);
    expect(interpretFlow(content)).toEqual({ ok: true, flow: { targetQueueId: QUEUE, transfer: true } });
  });

  it('joins several greetings and allows a flow that only disconnects', () => {
    const content = flow([
      act('a', 'MessageParticipant', { Text: 'Hello.' }, { NextAction: 'b' }),
      act('b', 'MessageParticipant', { Text: 'We are closed.' }, { NextAction: 'c' }),
      act('c', 'DisconnectParticipant'),
    ]);
    expect(interpretFlow(content)).toEqual({ ok: true, flow: { greeting: 'Hello. We are closed.', transfer: false } });
    expect(interpretFlow(flow([act('a', 'DisconnectParticipant')]))).toEqual({ ok: true, flow: { transfer: false } });
  });

  it('reports no target queue when the flow sets one but disconnects', () => {
    const content = flow([
      act('a', 'UpdateContactTargetQueue', { QueueId: QUEUE }, { NextAction: 'b' }),
      act('b', 'DisconnectParticipant'),
    ]);
    expect(interpretFlow(content)).toEqual({ ok: true, flow: { transfer: false } });
  });

  it('a transfer without a target queue of its own uses the queue the contact has', () => {
    expect(interpretFlow(flow([act('a', 'TransferContactToQueue')]))).toEqual({ ok: true, flow: { transfer: true } });
  });

  it('only walks from StartAction (unreachable unsupported actions are fine)', () => {
    const content = flow([act('x', 'InvokeLambdaFunction', {}, { NextAction: 'a' }), act('a', 'DisconnectParticipant')]);
    expect(interpretFlow(content).ok).toBe(true);
  });

  it.each([
    ['not JSON', '{nope', /not valid JSON/],
    ['an array', '[]', /JSON object/],
    ['null', 'null', /JSON object/],
    [
      'a wrong version',
      JSON.stringify({ Version: '2020-01-01', StartAction: 'a', Actions: [act('a', 'DisconnectParticipant')] }),
      /Version/,
    ],
    ['no actions', flow([]), /Actions must be a non-empty array/],
    [
      'a missing StartAction',
      JSON.stringify({ Version: FLOW_LANGUAGE_VERSION, Actions: [act('a', 'DisconnectParticipant')] }),
      /StartAction must be/,
    ],
    ['an unknown StartAction', flow([act('a', 'DisconnectParticipant')], 'zzz'), /StartAction "zzz" does not exist/],
    ['duplicate identifiers', flow([act('a', 'DisconnectParticipant'), act('a', 'DisconnectParticipant')]), /more than once/],
    ['an action without Identifier', flow([{ Type: 'DisconnectParticipant' }]), /Identifier must be/],
    [
      'a dangling NextAction',
      flow([act('a', 'MessageParticipant', { Text: 'hi' }, { NextAction: 'nowhere' })]),
      /"nowhere", which does not exist/,
    ],
    [
      'a dangling error branch',
      flow([act('a', 'TransferContactToQueue', {}, { Errors: [{ NextAction: 'gone' }] })]),
      /"gone", which does not exist/,
    ],
    ['an unsupported action', flow([act('a', 'CheckHoursOfOperation', {}, { NextAction: 'a' })]), /unsupported action type/],
    [
      'a message without text',
      flow([act('a', 'MessageParticipant', { PromptId: 'p' }, { NextAction: 'b' }), act('b', 'DisconnectParticipant')]),
      /Parameters.Text/,
    ],
    ['a missing NextAction', flow([act('a', 'MessageParticipant', { Text: 'hi' })]), /no Transitions.NextAction/],
    [
      'a dynamic queue',
      flow([
        act('a', 'UpdateContactTargetQueue', { QueueId: '$.Attributes.q' }, { NextAction: 'b' }),
        act('b', 'TransferContactToQueue'),
      ]),
      /QueueId must be/,
    ],
    [
      'an agent queue ARN',
      flow([
        act(
          'a',
          'UpdateContactTargetQueue',
          { QueueId: `${QUEUE_ARN.replace(/queue\/.*/, 'queue/agent/')}${QUEUE}` },
          { NextAction: 'b' },
        ),
        act('b', 'TransferContactToQueue'),
      ]),
      /QueueId must be/,
    ],
    [
      'a non-queue ARN',
      flow([
        act('a', 'UpdateContactTargetQueue', { QueueId: QUEUE_ARN.replace('/queue/', '/agent/') }, { NextAction: 'b' }),
        act('b', 'TransferContactToQueue'),
      ]),
      /QueueId must be/,
    ],
    [
      'a loop',
      flow([
        act('a', 'MessageParticipant', { Text: 'hi' }, { NextAction: 'b' }),
        act('b', 'MessageParticipant', { Text: 'again' }, { NextAction: 'a' }),
      ]),
      /loops are not supported/,
    ],
    ['Parameters that are not an object', flow([act('a', 'DisconnectParticipant', 'x')]), /Parameters must be an object/],
    ['Transitions that are not an object', flow([act('a', 'DisconnectParticipant', {}, [])]), /Transitions must be an object/],
  ])('reports %s', (_what, content, expected) => {
    const problems = problemsOf(content);
    expect(problems.join('\n')).toMatch(expected);
  });

  it('never throws, whatever the input', () => {
    const weird = [
      '',
      ' ',
      '0',
      '"x"',
      'true',
      '{"Actions":{}}',
      '{"Version":"2019-10-30","StartAction":"a","Actions":[null,1,"a",{}]}',
      JSON.stringify({
        Version: FLOW_LANGUAGE_VERSION,
        StartAction: 'a',
        Actions: [
          { Identifier: 'a', Type: 'MessageParticipant', Parameters: { Text: 5 }, Transitions: { NextAction: 7, Errors: 'x' } },
        ],
      }),
      '{"__proto__":{"ok":true},"Version":"2019-10-30"}',
    ];
    for (const w of weird) {
      const r = interpretFlow(w);
      expect(r.ok, w).toBe(false);
    }
  });
});

describe('buildSimpleFlow', () => {
  it('builds content that interprets back to the same queue and greeting', () => {
    const content = buildSimpleFlow({ queueId: QUEUE, greeting: 'Thanks for calling.' });
    expect(JSON.parse(content).Version).toBe(FLOW_LANGUAGE_VERSION);
    expect(interpretFlow(content)).toEqual({
      ok: true,
      flow: { greeting: 'Thanks for calling.', targetQueueId: QUEUE, transfer: true },
    });
  });

  it('works without a greeting and is deterministic', () => {
    const content = buildSimpleFlow({ queueId: QUEUE });
    expect(interpretFlow(content)).toEqual({ ok: true, flow: { targetQueueId: QUEUE, transfer: true } });
    expect(buildSimpleFlow({ queueId: QUEUE })).toBe(content);
    expect(JSON.parse(content).Actions.map((a: { Type: string }) => a.Type)).toEqual([
      'UpdateContactTargetQueue',
      'TransferContactToQueue',
      'DisconnectParticipant',
    ]);
  });

  it('without a queue, transfers to the queue the contact already has (transfer flows)', () => {
    expect(interpretFlow(buildSimpleFlow({}))).toEqual({ ok: true, flow: { transfer: true } });
    const greeted = buildSimpleFlow({ greeting: 'Connecting you now.' });
    expect(interpretFlow(greeted)).toEqual({ ok: true, flow: { greeting: 'Connecting you now.', transfer: true } });
    expect(JSON.parse(greeted).Actions.map((a: { Type: string }) => a.Type)).toEqual([
      'MessageParticipant',
      'TransferContactToQueue',
      'DisconnectParticipant',
    ]);
  });
});
