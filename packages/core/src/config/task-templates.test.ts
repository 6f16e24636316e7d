/** The instance file's `taskTemplates` section. */
import { describe, expect, it } from 'vitest';
import { demoConfig } from './demo.js';
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

describe('task templates in the instance file', () => {
  it('the demo has two active templates on its inbound flows', () => {
    expect(demoConfig.taskTemplates.map((t) => [t.name, t.flow, t.status])).toStrictEqual([
      ['Customer callback', 'Support inbound', 'ACTIVE'],
      ['Refund review', 'Sales inbound', 'ACTIVE'],
    ]);
  });

  it('fills the defaults of a minimal template', () => {
    const r = validateConfig({ instance: { alias: 'shop' }, taskTemplates: [{ name: 'T' }] });
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.config.taskTemplates).toStrictEqual([
      {
        name: 'T',
        status: 'ACTIVE',
        fields: [],
        constraints: { requiredFields: [], readOnlyFields: [], invisibleFields: [] },
        defaults: { defaultFieldValues: [] },
      },
    ]);
  });

  it('reports an unknown flow, a field type Switchboard does not run, and the rules across fields', () => {
    const c = demo();
    c.taskTemplates[0].flow = 'Nope';
    c.taskTemplates[1].fields.push({ id: { name: 'Who' }, type: 'SELF_ASSIGN' });
    c.taskTemplates[0].constraints.requiredFields.push({ id: { name: 'Missing' } });
    c.taskTemplates[0].defaults.defaultFieldValues[1].defaultValue = 'Urgent';
    const issues = issuesOf(c);
    expect(issues.map((i) => i.path)).toStrictEqual([
      'taskTemplates[0].flow',
      'taskTemplates[0].constraints.requiredFields[1].id.name',
      'taskTemplates[0].defaults.defaultFieldValues[1].defaultValue',
      'taskTemplates[1].fields[4].type',
    ]);
    expect(issues[2]?.message).toMatch(/must be one of "Low", "Normal", "High"/);
  });

  it('reports duplicate template names', () => {
    const c = demo();
    c.taskTemplates[1].name = 'Customer callback';
    expect(issuesOf(c).map((i) => i.path)).toStrictEqual(['taskTemplates[1].name']);
  });
});
