/**
 * The instance file's `taskTemplates` section: Connect's CreateTaskTemplate shapes,
 * camel-cased (fields with `id: {name}`, constraints, defaults), plus `flow` by name. The
 * rules across fields are task/template.ts's, shared with the admin API (references.ts
 * applies them to the file). The reference is docs/config.md#task-templates.
 */
import { z } from 'zod';
import { SUPPORTED_FIELD_TYPES, TaskTemplateStatus, TEMPLATE_LIMITS } from '../task/template.js';
import { description, enumOf, name, ref } from './schema-parts.js';

const FieldIdSchema = z.strictObject({
  id: z.strictObject({
    name: z.string().min(1).max(TEMPLATE_LIMITS.fieldName).describe("The field's name (a reference name in StartTaskContact)."),
  }),
});

export const TaskTemplateFieldSchema = FieldIdSchema.extend({
  type: z
    .enum(SUPPORTED_FIELD_TYPES)
    .describe(
      'NAME, DESCRIPTION, SCHEDULED_TIME, QUICK_CONNECT, URL, TEXT, TEXT_AREA, NUMBER, EMAIL, DATE_TIME, SINGLE_SELECT or BOOLEAN.',
    ),
  description: z.string().max(TEMPLATE_LIMITS.fieldDescription).optional(),
  singleSelectOptions: z
    .array(z.string().min(1).max(TEMPLATE_LIMITS.optionLength))
    .max(TEMPLATE_LIMITS.singleSelectOptions)
    .optional()
    .describe('The choices of a SINGLE_SELECT field.'),
});

export const TaskTemplateConfigSchema = z.strictObject({
  name: name('task template'),
  description,
  flow: ref('contact flow').optional().describe('The contact flow tasks made from this template start in.'),
  status: enumOf(TaskTemplateStatus).default('ACTIVE').describe('INACTIVE templates cannot start tasks.'),
  fields: z.array(TaskTemplateFieldSchema).max(TEMPLATE_LIMITS.fields).default([]),
  constraints: z
    .strictObject({
      requiredFields: z.array(FieldIdSchema).default([]),
      readOnlyFields: z.array(FieldIdSchema).default([]),
      invisibleFields: z.array(FieldIdSchema).default([]),
    })
    .default({ requiredFields: [], readOnlyFields: [], invisibleFields: [] }),
  defaults: z
    .strictObject({
      defaultFieldValues: z
        .array(FieldIdSchema.extend({ defaultValue: z.string().max(TEMPLATE_LIMITS.defaultValue) }))
        .default([]),
    })
    .default({ defaultFieldValues: [] }),
});
