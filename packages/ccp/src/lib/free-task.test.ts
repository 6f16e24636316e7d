import { describe, expect, it } from 'vitest';
import { type FreeTaskForm, freeTaskRequest, quickConnectId, validateFreeTask } from './free-task.js';
import { toLocalInput } from './task-template.js';

const NOW = new Date(2026, 4, 1, 10, 0).getTime();
const ARN = 'arn:aws:connect:us-east-1:123456789012:instance/i-1/transfer-destination/qc-support';
const form = (over: Partial<FreeTaskForm> = {}): FreeTaskForm => ({
  name: 'Call Jane back',
  description: '',
  references: [],
  endpointARN: ARN,
  when: 'now',
  scheduledAt: '',
  ...over,
});

describe('a task without a template', () => {
  it('needs a name and a destination; a later time must be within 6 days', () => {
    expect(validateFreeTask(form(), NOW)).toEqual({});
    expect(validateFreeTask(form({ name: '  ', endpointARN: '' }), NOW)).toEqual({ name: 'required', endpoint: 'required' });
    expect(validateFreeTask(form({ when: 'later' }), NOW)).toEqual({ scheduledAt: 'required' });
    expect(validateFreeTask(form({ when: 'later', scheduledAt: toLocalInput(NOW + 7 * 86_400_000) }), NOW)).toEqual({
      scheduledAt: 'tooFar',
    });
  });

  it('checks each reference: a name, no duplicates, a value of its type; blank rows are ignored', () => {
    const references = [
      { key: 'r1', name: 'Case', type: 'URL' as const, value: 'crm/42' },
      { key: 'r2', name: 'Case', type: 'STRING' as const, value: 'x' },
      { key: 'r3', name: '', type: 'STRING' as const, value: 'y' },
      { key: 'r4', name: 'Email', type: 'EMAIL' as const, value: '' },
      { key: 'r5', name: 'Amount', type: 'NUMBER' as const, value: 'ten' },
      { key: 'r6', name: '', type: 'STRING' as const, value: '' },
    ];
    expect(validateFreeTask(form({ references }), NOW)).toEqual({
      'r1.value': 'url',
      'r2.name': 'duplicate',
      'r3.name': 'referenceName',
      'r4.value': 'required',
      'r5.value': 'number',
    });
  });

  it('becomes a createTaskContact request', () => {
    const at = NOW + 3_600_000;
    const due = new Date(2026, 4, 2, 9, 0).getTime();
    expect(
      freeTaskRequest(
        form({
          description: 'Line 1\nLine 2',
          references: [
            { key: 'a', name: ' Case ', type: 'URL', value: ' https://crm.test/42 ' },
            { key: 'b', name: 'Due', type: 'DATE', value: toLocalInput(due) },
            { key: 'c', name: '', type: 'STRING', value: '' },
          ],
          when: 'later',
          scheduledAt: toLocalInput(at),
        }),
        { endpointARN: ARN, type: 'queue', name: 'Support queue' },
        'tok-1',
      ),
    ).toEqual({
      endpoint: { endpointARN: ARN, type: 'queue', name: 'Support queue' },
      name: 'Call Jane back',
      description: 'Line 1\nLine 2',
      references: {
        Case: { type: 'URL', value: 'https://crm.test/42' },
        Due: { type: 'DATE', value: new Date(due).toISOString() },
      },
      scheduledTime: Math.floor(at / 1000),
      idempotencyToken: 'tok-1',
    });
    expect(quickConnectId(ARN)).toBe('qc-support');
  });
});
