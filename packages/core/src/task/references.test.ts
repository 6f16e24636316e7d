import { describe, expect, it } from 'vitest';
import { checkTaskReferences, formatTaskIssues, referenceValueProblem, scheduledTimeProblem, TASK_LIMITS } from './references.js';

describe('task references', () => {
  it('takes valid URL, STRING, NUMBER, DATE and EMAIL references', () => {
    const { references, issues } = checkTaskReferences({
      ticket: { Type: 'URL', Value: 'https://tickets.example.com/42' },
      note: { Type: 'STRING', Value: '' },
      amount: { Type: 'NUMBER', Value: '-12.5e3' },
      due: { Type: 'DATE', Value: '2026-12-31T09:00:00Z' },
      dueDay: { Type: 'DATE', Value: '2026-12-31' },
      epoch: { Type: 'DATE', Value: '1893456000' },
      customer: { Type: 'EMAIL', Value: 'jane@example.com' },
    });
    expect(issues).toEqual([]);
    expect(Object.keys(references)).toHaveLength(7);
    expect(references.amount).toEqual({ type: 'NUMBER', value: '-12.5e3' });
  });

  it.each([
    ['URL', 'javascript:alert(1)'],
    ['URL', 'ftp://example.com/x'],
    ['URL', 'not a url'],
    ['NUMBER', '12abc'],
    ['NUMBER', ''],
    ['NUMBER', 'Infinity'],
    ['DATE', '2026-02-30'],
    ['DATE', 'tomorrow'],
    ['EMAIL', 'jane@'],
    ['EMAIL', 'jane example.com'],
  ] as const)('refuses a %s reference of %j', (type, value) => {
    expect(referenceValueProblem(type, value)).toBeDefined();
  });

  it('names every failing reference, and says which modelled types are not supported yet', () => {
    const { issues } = checkTaskReferences({
      a: { Type: 'URL', Value: 'mailto:x@y.z' },
      b: { Type: 'ATTACHMENT', Value: 'arn:x' },
      c: { Type: 'BANANA', Value: 'x' },
      d: { Value: 'x' },
      e: { Type: 'STRING' },
    });
    expect(issues.map((i) => i.field)).toEqual([
      'References.a.Value',
      'References.b.Type',
      'References.c.Type',
      'References.d.Type',
      'References.e.Value',
    ]);
    expect(issues[1]?.message).toMatch(/ATTACHMENT references are not supported yet/);
    expect(formatTaskIssues(issues)).toMatch(/^References\.a\.Value: must be an http or https URL/);
  });

  it('limits the number of references and the length of values', () => {
    const many = Object.fromEntries(
      Array.from({ length: TASK_LIMITS.references + 1 }, (_, i) => [`r${i}`, { Type: 'STRING', Value: 'x' }]),
    );
    expect(checkTaskReferences(many).issues[0]?.field).toBe('References');
    const long = checkTaskReferences({ r: { Type: 'STRING', Value: 'x'.repeat(TASK_LIMITS.referenceValue + 1) } });
    expect(long.issues[0]?.field).toBe('References.r.Value');
  });
});

describe('ScheduledTime', () => {
  const now = Date.UTC(2026, 11, 7, 12);
  it('must be in the future and at most 6 days ahead', () => {
    expect(scheduledTimeProblem(now / 1000 + 60, now)).toBeUndefined();
    expect(scheduledTimeProblem(now / 1000 + 6 * 86400, now)).toBeUndefined();
    expect(scheduledTimeProblem(now / 1000 - 1, now)).toMatch(/in the future/);
    expect(scheduledTimeProblem(now / 1000 + 6 * 86400 + 1, now)).toMatch(/6 days/);
    expect(scheduledTimeProblem(Number.NaN, now)).toMatch(/epoch seconds/);
  });
});
