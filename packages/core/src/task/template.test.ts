import { describe, expect, it } from 'vitest';
import { applyTemplate, type TaskTemplateDefinition, templateDefinitionIssues } from './template.js';

const f = (name: string) => ({ id: { name } });
const callback: TaskTemplateDefinition = {
  fields: [
    { id: { name: 'Name' }, type: 'NAME' },
    { id: { name: 'Description' }, type: 'DESCRIPTION' },
    { id: { name: 'Case' }, type: 'URL' },
    { id: { name: 'Priority' }, type: 'SINGLE_SELECT', singleSelectOptions: ['Low', 'Normal', 'High'] },
    { id: { name: 'Amount' }, type: 'NUMBER' },
    { id: { name: 'Customer email' }, type: 'EMAIL' },
    { id: { name: 'Due' }, type: 'DATE_TIME' },
    { id: { name: 'VIP' }, type: 'BOOLEAN' },
    { id: { name: 'Team' }, type: 'TEXT' },
  ],
  constraints: { requiredFields: [f('Case'), f('Customer email')], readOnlyFields: [f('Team')], invisibleFields: [f('VIP')] },
  defaults: {
    defaultFieldValues: [
      { ...f('Priority'), defaultValue: 'Normal' },
      { ...f('Team'), defaultValue: 'Billing' },
      { ...f('Description'), defaultValue: 'Call the customer back.' },
    ],
  },
};
const url = (value: string) => ({ type: 'URL' as const, value });
const str = (value: string) => ({ type: 'STRING' as const, value });

describe('applyTemplate', () => {
  it('applies defaults where the caller gave nothing', () => {
    const r = applyTemplate(callback, {
      name: 'Call back Jane',
      references: { Case: url('https://crm.example.com/c/1'), 'Customer email': { type: 'EMAIL', value: 'jane@example.com' } },
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.task.description).toBe('Call the customer back.');
    expect(r.task.references.Priority).toEqual(str('Normal'));
    expect(r.task.references.Team).toEqual(str('Billing'));
    expect(r.task.references.Case).toEqual(url('https://crm.example.com/c/1'));
  });

  it('keeps what the caller gave over defaults, and references the template does not name', () => {
    const r = applyTemplate(callback, {
      name: 'x',
      description: 'Mine',
      references: {
        Case: url('https://crm.example.com/c/1'),
        'Customer email': { type: 'EMAIL', value: 'jane@example.com' },
        Priority: str('High'),
        Extra: str('kept'),
        Team: str('Billing'),
      },
    });
    expect(r.ok && r.task.description).toBe('Mine');
    expect(r.ok && r.task.references.Priority).toEqual(str('High'));
    expect(r.ok && r.task.references.Extra).toEqual(str('kept'));
  });

  it('names every failing field: missing, read-only, wrong type, not an option, not a boolean', () => {
    const r = applyTemplate(callback, {
      name: 'x',
      references: {
        Case: str('https://crm.example.com/c/1'),
        Priority: str('Urgent'),
        Team: str('Sales'),
        VIP: str('yes'),
      },
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => i.field)).toEqual([
      'References.Case.Type',
      'References.Priority.Value',
      'References.Customer email',
      'References.VIP.Value',
      'References.Team',
    ]);
    expect(r.issues[1]?.message).toMatch(/"Low", "Normal", "High"/);
    expect(r.issues[2]?.message).toMatch(/required/);
    expect(r.issues[4]?.message).toMatch(/read-only/);
  });

  it('a required DESCRIPTION or QUICK_CONNECT field names its own member', () => {
    const def: TaskTemplateDefinition = {
      fields: [
        { id: { name: 'D' }, type: 'DESCRIPTION' },
        { id: { name: 'Q' }, type: 'QUICK_CONNECT' },
      ],
      constraints: { requiredFields: [f('D'), f('Q')], readOnlyFields: [], invisibleFields: [] },
      defaults: { defaultFieldValues: [] },
    };
    const r = applyTemplate(def, { name: 'x', references: {} });
    expect(!r.ok && r.issues.map((i) => i.field)).toEqual(['Description', 'QuickConnectId']);
    const ok = applyTemplate(def, { name: 'x', description: 'y', quickConnectId: 'qc', references: {} });
    expect(ok.ok && ok.task.quickConnectId).toBe('qc');
  });
});

describe('templateDefinitionIssues', () => {
  it('accepts a sound template', () => {
    expect(templateDefinitionIssues(callback)).toEqual([]);
  });

  it('finds duplicate fields, unknown constraint and default fields, bad options and bad defaults', () => {
    const issues = templateDefinitionIssues({
      fields: [
        { id: { name: 'A' }, type: 'SINGLE_SELECT' },
        { id: { name: 'A' }, type: 'TEXT', singleSelectOptions: ['x'] },
        { id: { name: 'N' }, type: 'NUMBER' },
        { id: { name: 'N1' }, type: 'NAME' },
        { id: { name: 'N2' }, type: 'NAME' },
      ],
      constraints: { requiredFields: [f('Nope')], readOnlyFields: [], invisibleFields: [f('Gone')] },
      defaults: {
        defaultFieldValues: [
          { ...f('N'), defaultValue: 'ten' },
          { ...f('Z'), defaultValue: '1' },
        ],
      },
    });
    expect(issues.map((i) => i.path.join('.'))).toEqual([
      'fields.0.singleSelectOptions',
      'fields.1.id.name',
      'fields.1.singleSelectOptions',
      'fields.4.type',
      'constraints.requiredFields.0.id.name',
      'constraints.invisibleFields.0.id.name',
      'defaults.defaultFieldValues.0.defaultValue',
      'defaults.defaultFieldValues.1.id.name',
    ]);
  });
});
