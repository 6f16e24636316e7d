import { describe, expect, it } from 'vitest';
import { listPickerContent, quickRepliesContent, readInteractiveMessage } from './interactive.js';
import { buildSimpleFlow, FLOW_LANGUAGE_VERSION, interpretFlow } from './interpret.js';

const LIST = {
  title: 'What can we help with?',
  subtitle: 'Pick one',
  elements: [{ title: 'Orders', subtitle: 'Returns' }, { title: 'Billing' }],
};

describe('interactive message templates', () => {
  it("builds Connect's ListPicker and QuickReply JSON", () => {
    expect(JSON.parse(listPickerContent(LIST))).toStrictEqual({
      templateType: 'ListPicker',
      version: '1.0',
      data: {
        content: {
          title: 'What can we help with?',
          subtitle: 'Pick one',
          elements: [{ title: 'Orders', subtitle: 'Returns' }, { title: 'Billing' }],
        },
      },
    });
    expect(JSON.parse(quickRepliesContent({ title: 'Solved?', elements: [{ title: 'Yes' }, { title: 'No' }] }))).toStrictEqual({
      templateType: 'QuickReply',
      version: '1.0',
      data: { content: { title: 'Solved?', elements: [{ title: 'Yes' }, { title: 'No' }] } },
    });
  });

  it('reads a template given as an object or as JSON text, and says what is wrong with a bad one', () => {
    const content = listPickerContent(LIST);
    expect(readInteractiveMessage(content)).toStrictEqual({ ok: true, content });
    expect(readInteractiveMessage(JSON.parse(content))).toStrictEqual({ ok: true, content });
    expect(readInteractiveMessage('{')).toStrictEqual({ ok: false, problems: ['must be JSON'] });
    expect(
      readInteractiveMessage({ templateType: 'Panel', version: '2', data: { content: { title: '', elements: [] } } }),
    ).toStrictEqual({
      ok: false,
      problems: [
        'templateType must be "ListPicker" or "QuickReply"',
        'version must be "1.0"',
        'data.content.title must be a non-empty string',
        'data.content.elements must be a list of 1 to 10 elements',
      ],
    });
    const twice = {
      templateType: 'QuickReply',
      version: '1.0',
      data: { content: { title: 'T', elements: [{ title: 'A' }, { title: 'A' }, 3] } },
    };
    expect(readInteractiveMessage(twice)).toStrictEqual({
      ok: false,
      problems: [
        'data.content.elements[1].title "A" is used twice (the choice is sent back as its title)',
        'data.content.elements[2] must be an object',
      ],
    });
  });
});

describe('flows that send interactive messages', () => {
  it('buildSimpleFlow sends the greeting, then each interactive message, then transfers; interpretFlow reads them back', () => {
    const list = listPickerContent(LIST);
    const replies = quickRepliesContent({ title: 'Or', elements: [{ title: 'Call me' }] });
    const content = buildSimpleFlow({ queueId: 'q-1', greeting: 'Hello!', interactive: [list, replies] });
    const actions = (JSON.parse(content) as { Actions: { Identifier: string }[] }).Actions.map((a) => a.Identifier);
    expect(actions).toStrictEqual(['greeting', 'interactive-1', 'interactive-2', 'set-queue', 'transfer', 'disconnect']);
    expect(interpretFlow(content)).toStrictEqual({
      ok: true,
      flow: { transfer: true, greeting: 'Hello!', interactive: [list, replies], targetQueueId: 'q-1' },
    });
    // Without interactive messages the content is what it always was.
    expect(buildSimpleFlow({ queueId: 'q-1', greeting: 'Hello!', interactive: [] })).toBe(
      buildSimpleFlow({ queueId: 'q-1', greeting: 'Hello!' }),
    );
  });

  it('a MessageParticipant may carry only an InteractiveMessage; a bad one is a problem', () => {
    const flow = (parameters: unknown) =>
      JSON.stringify({
        Version: FLOW_LANGUAGE_VERSION,
        StartAction: 'a',
        Actions: [
          { Identifier: 'a', Type: 'MessageParticipant', Parameters: parameters, Transitions: { NextAction: 'b' } },
          { Identifier: 'b', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} },
        ],
      });
    const list = listPickerContent(LIST);
    expect(interpretFlow(flow({ InteractiveMessage: list }))).toStrictEqual({
      ok: true,
      flow: { transfer: false, interactive: [list] },
    });
    expect(interpretFlow(flow({ InteractiveMessage: { templateType: 'ListPicker' } }))).toStrictEqual({
      ok: false,
      problems: [
        'Action "a" (MessageParticipant): Parameters.InteractiveMessage: version must be "1.0"',
        'Action "a" (MessageParticipant): Parameters.InteractiveMessage: data.content must be an object',
      ],
    });
    expect(interpretFlow(flow({ InteractiveMessage: list, Text: '' })).ok).toBe(false);
    expect(interpretFlow(flow({})).ok).toBe(false);
  });
});
