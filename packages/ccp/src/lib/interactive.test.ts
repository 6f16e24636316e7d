import { describe, expect, it } from 'vitest';
import { parseInteractive } from './interactive.js';

describe('parseInteractive', () => {
  it('reads a list picker and quick replies', () => {
    const list = JSON.stringify({
      templateType: 'ListPicker',
      version: '1.0',
      data: {
        content: { title: 'What can we help with?', subtitle: 'Pick one', elements: [{ title: 'Orders' }, { title: 'Billing' }] },
      },
    });
    expect(parseInteractive(list)).toEqual({
      kind: 'ListPicker',
      title: 'What can we help with?',
      subtitle: 'Pick one',
      choices: ['Orders', 'Billing'],
    });
    const quick = JSON.stringify({
      templateType: 'QuickReply',
      data: { content: { title: 'Did that help?', elements: [{ title: 'Yes' }, { title: 'No' }] } },
    });
    expect(parseInteractive(quick)?.choices).toEqual(['Yes', 'No']);
  });
  it('anything else is not one', () => {
    for (const c of [
      undefined,
      '',
      'not json',
      '{}',
      JSON.stringify({ templateType: 'Panel', data: { content: { title: 'x' } } }),
    ]) {
      expect(parseInteractive(c)).toBeUndefined();
    }
  });
});
