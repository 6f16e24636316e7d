/**
 * Task templates: CreateTaskTemplate, GetTaskTemplate, ListTaskTemplates,
 * UpdateTaskTemplate, DeleteTaskTemplate, with Connect's paths and shapes. The wire shapes
 * are the stored ones with Pascal-case keys; the rules across fields are core's
 * (task/template.ts), shared with the instance file.
 */
import {
  type Instance,
  InvalidParameterException,
  resourceArn,
  SUPPORTED_FIELD_TYPES,
  type TaskTemplate,
  type TaskTemplateDefinition,
  TaskTemplateFieldType,
  TEMPLATE_LIMITS,
  templateDefinitionIssues,
} from '@switchboard/core';
import { z } from 'zod';
import { defineOperation } from '../../http/operation.js';
import {
  type AdminContext,
  coords,
  epochSeconds,
  inTransaction,
  pageRequest,
  requireInstance,
  requireReference,
  requireResource,
} from './context.js';
import { pageOf } from './paging.js';
import { Id, InstanceId, MaxResults, NextToken, PAGING_QUERY } from './shapes.js';

const op = defineOperation<AdminContext>();

const FieldId = z.object({ Id: z.object({ Name: z.string().min(1).max(TEMPLATE_LIMITS.fieldName) }) });
const Field = FieldId.extend({
  Type: z.enum(Object.values(TaskTemplateFieldType) as [string, ...string[]]),
  Description: z.string().max(TEMPLATE_LIMITS.fieldDescription).optional(),
  SingleSelectOptions: z
    .array(z.string().min(1).max(TEMPLATE_LIMITS.optionLength))
    .max(TEMPLATE_LIMITS.singleSelectOptions)
    .optional(),
});
const Constraints = z.object({
  RequiredFields: z.array(FieldId).max(TEMPLATE_LIMITS.fields).optional(),
  ReadOnlyFields: z.array(FieldId).max(TEMPLATE_LIMITS.fields).optional(),
  InvisibleFields: z.array(FieldId).max(TEMPLATE_LIMITS.fields).optional(),
});
const Defaults = z.object({
  DefaultFieldValues: z
    .array(FieldId.extend({ DefaultValue: z.string().max(TEMPLATE_LIMITS.defaultValue) }))
    .max(TEMPLATE_LIMITS.fields)
    .optional(),
});
const Status = z.enum(['ACTIVE', 'INACTIVE']);
const TemplateName = z.string().min(1).max(100);
const TemplateDescription = z.string().min(1).max(255);
const Labels = { InstanceId, TaskTemplateId: Id };

type WireFields = z.output<typeof Field>[];
type WireConstraints = z.output<typeof Constraints>;
type WireDefaults = z.output<typeof Defaults>;

const fieldId = (f: { Id: { Name: string } }) => ({ id: { name: f.Id.Name } });
const wireId = (f: { id: { name: string } }) => ({ Id: { Name: f.id.name } });

/** The wire's Fields, Constraints and Defaults as stored, checked by core's rules. */
function definition(
  fields: WireFields,
  constraints: WireConstraints | undefined,
  defaults: WireDefaults | undefined,
): TaskTemplateDefinition {
  const supported: ReadonlySet<string> = new Set(SUPPORTED_FIELD_TYPES);
  fields.forEach((f, i) => {
    if (!supported.has(f.Type))
      throw new InvalidParameterException(
        `Fields[${i}].Type: ${f.Type} fields are not supported yet (use ${SUPPORTED_FIELD_TYPES.join(', ')})`,
      );
  });
  const def: TaskTemplateDefinition = {
    fields: fields.map((f) => ({
      ...fieldId(f),
      type: f.Type as TaskTemplate['fields'][number]['type'],
      ...(f.Description !== undefined ? { description: f.Description } : {}),
      ...(f.SingleSelectOptions !== undefined ? { singleSelectOptions: f.SingleSelectOptions } : {}),
    })),
    constraints: {
      requiredFields: (constraints?.RequiredFields ?? []).map(fieldId),
      readOnlyFields: (constraints?.ReadOnlyFields ?? []).map(fieldId),
      invisibleFields: (constraints?.InvisibleFields ?? []).map(fieldId),
    },
    defaults: {
      defaultFieldValues: (defaults?.DefaultFieldValues ?? []).map((d) => ({ ...fieldId(d), defaultValue: d.DefaultValue })),
    },
  };
  const issues = templateDefinitionIssues(def);
  if (issues.length > 0) {
    const pascal = (p: string | number) => (typeof p === 'number' ? `[${p}]` : `.${p.charAt(0).toUpperCase()}${p.slice(1)}`);
    throw new InvalidParameterException(issues.map((i) => `${i.path.map(pascal).join('').slice(1)}: ${i.message}`).join('; '));
  }
  return def;
}

const wireDefinition = (t: TaskTemplate) => ({
  Fields: t.fields.map((f) => ({
    ...wireId(f),
    Type: f.type,
    Description: f.description,
    SingleSelectOptions: f.singleSelectOptions && [...f.singleSelectOptions],
  })),
  Constraints: {
    RequiredFields: t.constraints.requiredFields.map(wireId),
    ReadOnlyFields: t.constraints.readOnlyFields.map(wireId),
    InvisibleFields: t.constraints.invisibleFields.map(wireId),
  },
  Defaults: { DefaultFieldValues: t.defaults.defaultFieldValues.map((d) => ({ ...wireId(d), DefaultValue: d.defaultValue })) },
});

const toWire = (t: TaskTemplate, i: Instance) => ({
  InstanceId: i.id,
  Id: t.id,
  Arn: resourceArn(coords(i), 'taskTemplate', t.id),
  Name: t.name,
  Description: t.description,
  ContactFlowId: t.contactFlowId,
  ...wireDefinition(t),
  Status: t.status,
  LastModifiedTime: epochSeconds(t.lastModifiedTime),
  CreatedTime: epochSeconds(t.createdTime),
});

export const taskTemplateOperations = [
  op({
    name: 'CreateTaskTemplate',
    method: 'PUT',
    path: '/instance/{InstanceId}/task/template',
    input: z.object({
      InstanceId,
      Name: TemplateName,
      Fields: z.array(Field).max(TEMPLATE_LIMITS.fields),
      Description: TemplateDescription.optional(),
      ContactFlowId: Id.optional(),
      SelfAssignFlowId: Id.optional(),
      Constraints: Constraints.optional(),
      Defaults: Defaults.optional(),
      Status: Status.optional(),
      ClientToken: z.string().max(500).optional(),
    }),
    handler: async (input, ctx) => {
      const instance = await requireInstance(ctx, input.InstanceId);
      if (input.SelfAssignFlowId !== undefined) throw new InvalidParameterException('SelfAssignFlowId: not supported yet');
      const def = definition(input.Fields, input.Constraints, input.Defaults);
      const id = ctx.newId();
      await inTransaction(ctx, async (c) => {
        const flowId =
          input.ContactFlowId !== undefined
            ? await requireReference(c, instance, 'contactFlow', input.ContactFlowId, 'ContactFlowId')
            : undefined;
        const now = ctx.now();
        await c.store.resources.create(instance.id, 'taskTemplate', {
          id,
          name: input.Name,
          ...(input.Description !== undefined ? { description: input.Description } : {}),
          tags: {},
          lastModifiedTime: now,
          createdTime: now,
          status: input.Status ?? 'ACTIVE',
          ...(flowId !== undefined ? { contactFlowId: flowId } : {}),
          ...def,
        });
      });
      return { Id: id, Arn: resourceArn(coords(instance), 'taskTemplate', id) };
    },
  }),
  op({
    name: 'GetTaskTemplate',
    method: 'GET',
    path: '/instance/{InstanceId}/task/template/{TaskTemplateId}',
    query: { SnapshotVersion: ['snapshotVersion', 'string'] },
    input: z.object({ ...Labels, SnapshotVersion: z.string().max(100).optional() }),
    handler: async (input, ctx) => {
      const instance = await requireInstance(ctx, input.InstanceId);
      const t = await requireResource(ctx, instance, 'taskTemplate', input.TaskTemplateId);
      return { ...toWire(t, instance), Tags: t.tags };
    },
  }),
  op({
    name: 'ListTaskTemplates',
    method: 'GET',
    path: '/instance/{InstanceId}/task/template',
    query: { ...PAGING_QUERY, Status: ['status', 'string'], Name: ['name', 'string'] },
    input: z.object({
      InstanceId,
      MaxResults: MaxResults(100),
      NextToken,
      Status: Status.optional(),
      Name: TemplateName.optional(),
    }),
    handler: async (input, ctx) => {
      const instance = await requireInstance(ctx, input.InstanceId);
      const req = pageRequest(input.MaxResults, input.NextToken);
      const page =
        input.Status !== undefined || input.Name !== undefined
          ? pageOf(
              (await ctx.store.resources.all(instance.id, 'taskTemplate')).filter(
                (t) =>
                  (input.Status === undefined || t.status === input.Status) &&
                  (input.Name === undefined || t.name === input.Name),
              ),
              req,
            )
          : await ctx.store.resources.list(instance.id, 'taskTemplate', req);
      return {
        TaskTemplates: page.items.map((t) => ({
          Id: t.id,
          Arn: resourceArn(coords(instance), 'taskTemplate', t.id),
          Name: t.name,
          Description: t.description,
          Status: t.status,
          LastModifiedTime: epochSeconds(t.lastModifiedTime),
          CreatedTime: epochSeconds(t.createdTime),
        })),
        NextToken: page.nextToken,
      };
    },
  }),
  op({
    name: 'UpdateTaskTemplate',
    method: 'POST',
    path: '/instance/{InstanceId}/task/template/{TaskTemplateId}',
    input: z.object({
      ...Labels,
      Name: TemplateName.optional(),
      Description: TemplateDescription.optional(),
      ContactFlowId: Id.optional(),
      SelfAssignFlowId: Id.optional(),
      Constraints: Constraints.optional(),
      Defaults: Defaults.optional(),
      Status: Status.optional(),
      Fields: z.array(Field).max(TEMPLATE_LIMITS.fields).optional(),
    }),
    // Only the members given change; the result is checked whole, like a new template.
    handler: async (input, ctx) => {
      const instance = await requireInstance(ctx, input.InstanceId);
      if (input.SelfAssignFlowId !== undefined) throw new InvalidParameterException('SelfAssignFlowId: not supported yet');
      const updated = await inTransaction(ctx, async (c) => {
        const current = await requireResource(c, instance, 'taskTemplate', input.TaskTemplateId);
        const wire = wireDefinition(current);
        const def = definition(
          input.Fields ?? wire.Fields,
          input.Constraints ?? wire.Constraints,
          input.Defaults ?? wire.Defaults,
        );
        const flowId =
          input.ContactFlowId !== undefined
            ? await requireReference(c, instance, 'contactFlow', input.ContactFlowId, 'ContactFlowId')
            : current.contactFlowId;
        const next: TaskTemplate = {
          ...current,
          ...(input.Name !== undefined ? { name: input.Name } : {}),
          ...(input.Description !== undefined ? { description: input.Description } : {}),
          ...(input.Status !== undefined ? { status: input.Status } : {}),
          ...(flowId !== undefined ? { contactFlowId: flowId } : {}),
          ...def,
          lastModifiedTime: ctx.now(),
        };
        await c.store.resources.update(instance.id, 'taskTemplate', next);
        return next;
      });
      return toWire(updated, instance);
    },
  }),
  op({
    name: 'DeleteTaskTemplate',
    method: 'DELETE',
    path: '/instance/{InstanceId}/task/template/{TaskTemplateId}',
    input: z.object(Labels),
    handler: async (input, ctx) => {
      const instance = await requireInstance(ctx, input.InstanceId);
      await inTransaction(ctx, async (c) => {
        const t = await requireResource(c, instance, 'taskTemplate', input.TaskTemplateId);
        await c.store.resources.delete(instance.id, 'taskTemplate', t.id);
      });
      return {};
    },
  }),
];
