import { describe, expect, it } from 'vitest';
import {
  fromLocalInput,
  initialValues,
  scheduleProblem,
  serverFieldErrors,
  type TaskTemplateWire,
  templatedTaskRequest,
  templateFields,
  toLocalInput,
  validateTemplateForm,
} from './task-template.js';

/** The demo's "Customer callback", as getTaskTemplate answers it. */
const callback: TaskTemplateWire = {
  Id: 'tpl-1',
  Name: 'Customer callback',
  Fields: [
    { Id: { Name: 'Name' }, Type: 'NAME' },
    { Id: { Name: 'Description' }, Type: 'DESCRIPTION' },
    { Id: { Name: 'Case' }, Type: 'URL', Description: 'The case in the CRM.' },
    { Id: { Name: 'Customer email' }, Type: 'EMAIL' },
    { Id: { Name: 'Priority' }, Type: 'SINGLE_SELECT', SingleSelectOptions: ['Low', 'Normal', 'High'] },
    { Id: { Name: 'Team' }, Type: 'TEXT' },
    { Id: { Name: 'Internal' }, Type: 'TEXT' },
    { Id: { Name: 'Expiry' }, Type: 'EXPIRY_DURATION' },
  ],
  Constraints: {
    RequiredFields: [{ Id: { Name: 'Customer email' } }],
    ReadOnlyFields: [{ Id: { Name: 'Team' } }],
    InvisibleFields: [{ Id: { Name: 'Internal' } }],
  },
  Defaults: {
    DefaultFieldValues: [
      { Id: { Name: 'Description' }, DefaultValue: 'Call the customer back.' },
      { Id: { Name: 'Priority' }, DefaultValue: 'Normal' },
      { Id: { Name: 'Team' }, DefaultValue: 'Support' },
      { Id: { Name: 'Internal' }, DefaultValue: 'x' },
    ],
  },
};

const more: TaskTemplateWire = {
  Id: 'tpl-2',
  Name: 'Everything',
  Fields: [
    { Id: { Name: 'Amount' }, Type: 'NUMBER' },
    { Id: { Name: 'Pay by' }, Type: 'DATE_TIME' },
    { Id: { Name: 'Goodwill' }, Type: 'BOOLEAN' },
    { Id: { Name: 'Notes' }, Type: 'TEXT_AREA' },
    { Id: { Name: 'When' }, Type: 'SCHEDULED_TIME' },
    { Id: { Name: 'To' }, Type: 'QUICK_CONNECT' },
  ],
  Constraints: { RequiredFields: [{ Id: { Name: 'Amount' } }] },
  Defaults: { DefaultFieldValues: [{ Id: { Name: 'Goodwill' }, DefaultValue: 'false' }] },
};

const NOW = new Date(2026, 4, 1, 10, 0).getTime();

describe('a task template as a form', () => {
  it('reads the fields with their defaults and constraints, leaving out types it does not know', () => {
    const fields = templateFields(callback);
    expect(fields.map((f) => f.name)).toEqual(['Name', 'Description', 'Case', 'Customer email', 'Priority', 'Team', 'Internal']);
    expect(fields.find((f) => f.name === 'Customer email')).toMatchObject({ type: 'EMAIL', required: true, readOnly: false });
    expect(fields.find((f) => f.name === 'Team')).toMatchObject({ readOnly: true, defaultValue: 'Support' });
    expect(fields.find((f) => f.name === 'Internal')?.invisible).toBe(true);
    expect(fields.find((f) => f.name === 'Priority')?.options).toEqual(['Low', 'Normal', 'High']);
    expect(initialValues(fields)).toMatchObject({ Description: 'Call the customer back.', Priority: 'Normal', Case: '' });
  });

  it('checks required fields, emails, URLs, numbers, choices and times before sending', () => {
    const fields = templateFields(callback);
    expect(validateTemplateForm(fields, initialValues(fields), NOW)).toEqual({ 'Customer email': 'required' });
    expect(validateTemplateForm(fields, { 'Customer email': 'jane@', Case: 'javascript:x', Priority: 'Urgent' }, NOW)).toEqual({
      'Customer email': 'email',
      Case: 'url',
      Priority: 'option',
    });
    // Read-only and invisible fields are the template's business.
    expect(validateTemplateForm(fields, { 'Customer email': 'jane@example.com', Team: '' }, NOW)).toEqual({});
    const f2 = templateFields(more);
    expect(validateTemplateForm(f2, { Amount: '12,50', When: toLocalInput(NOW - 60_000) }, NOW)).toEqual({
      Amount: 'number',
      When: 'past',
    });
    expect(validateTemplateForm(f2, { Amount: '12.50', When: toLocalInput(NOW + 7 * 86_400_000) }, NOW)).toEqual({
      When: 'tooFar',
    });
  });

  it('maps each field to its member: Name, Description, QuickConnectId, ScheduledTime, or a typed reference', () => {
    const fields = templateFields(callback);
    const values = {
      ...initialValues(fields),
      Name: '  Call Jane back ',
      Case: 'https://crm.test/case/42',
      'Customer email': 'jane@example.com',
      Team: 'Sales',
      Internal: 'y',
    };
    expect(templatedTaskRequest('tpl-1', fields, values, { quickConnectId: 'qc-support' })).toEqual({
      TaskTemplateId: 'tpl-1',
      QuickConnectId: 'qc-support',
      Name: 'Call Jane back',
      Description: 'Call the customer back.',
      References: {
        Case: { Type: 'URL', Value: 'https://crm.test/case/42' },
        'Customer email': { Type: 'EMAIL', Value: 'jane@example.com' },
        Priority: { Type: 'STRING', Value: 'Normal' },
      },
    });
    const f2 = templateFields(more);
    const when = NOW + 3_600_000;
    const payBy = new Date(2026, 4, 3, 17, 0).getTime();
    expect(
      templatedTaskRequest('tpl-2', f2, {
        Amount: '12.5',
        'Pay by': toLocalInput(payBy),
        Goodwill: 'true',
        Notes: 'line 1\nline 2\n',
        When: toLocalInput(when),
        To: 'qc-alice',
      }),
    ).toEqual({
      TaskTemplateId: 'tpl-2',
      QuickConnectId: 'qc-alice',
      ScheduledTime: Math.floor(when / 1000),
      References: {
        Amount: { Type: 'NUMBER', Value: '12.5' },
        'Pay by': { Type: 'DATE', Value: new Date(payBy).toISOString() },
        Goodwill: { Type: 'STRING', Value: 'true' },
        Notes: { Type: 'STRING', Value: 'line 1\nline 2\n' },
      },
    });
  });

  it("puts the server's refusal beside the fields it names, the rest above the form", () => {
    const fields = templateFields(callback);
    expect(
      serverFieldErrors(
        fields,
        'Task template Customer callback: References.Customer email: is required by the template (field "Customer email"); References.Team: is read-only in the template (its value is "Support"); References.Case.Value: must be an http or https URL; Name: must be at most 512 characters; QuickConnectId: unknown',
      ),
    ).toEqual({
      byField: {
        'Customer email': 'is required by the template',
        Team: 'is read-only in the template (its value is "Support")',
        Case: 'must be an http or https URL',
        Name: 'must be at most 512 characters',
      },
      rest: ['QuickConnectId: unknown'],
    });
    expect(serverFieldErrors(fields, 'Fields: "Customer email" is required; "Team" is read-only')).toEqual({
      byField: { 'Customer email': 'is required', Team: 'is read-only' },
      rest: [],
    });
    expect(
      serverFieldErrors(
        [...fields, { name: 'When', type: 'SCHEDULED_TIME', required: false, readOnly: false, invisible: false }],
        'ScheduledTime must be at most 6 days ahead',
      ),
    ).toEqual({ byField: { When: 'must be at most 6 days ahead' }, rest: [] });
    expect(serverFieldErrors(fields, 'Something else entirely')).toEqual({ byField: {}, rest: ['Something else entirely'] });
  });

  it('reads and writes datetime-local values in local time, and keeps schedules within 6 days', () => {
    expect(fromLocalInput(toLocalInput(NOW))).toBe(NOW);
    expect(fromLocalInput('2026-02-30T10:00')).toBeNaN();
    expect(fromLocalInput('soon')).toBeNaN();
    expect(scheduleProblem(toLocalInput(NOW + 6 * 86_400_000), NOW)).toBeUndefined();
    expect(scheduleProblem(toLocalInput(NOW + 6 * 86_400_000 + 60_000), NOW)).toBe('tooFar');
    expect(scheduleProblem(toLocalInput(NOW), NOW)).toBe('past');
    expect(scheduleProblem('', NOW)).toBe('date');
  });
});
