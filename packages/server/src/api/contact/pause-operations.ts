/**
 * PauseContact and ResumeContact: a task connected to an agent is paused (it keeps the
 * agent's slot) and resumed, through the routing engine's pause/resume like the agent
 * API's pauseContact/resumeContact. Only tasks; DescribeContact shows the pauses
 * (`TotalPauseCount`, `TotalPauseDurationInSeconds`).
 */
import { ConflictException, idFromIdOrArn, InvalidRequestException, ResourceNotFoundException } from '@switchboard/core';
import { z } from 'zod';
import { defineOperation } from '../../http/operation.js';
import { type AdminContext, requireInstance, requireResource } from '../admin/context.js';
import { Id, InstanceId } from '../admin/shapes.js';
import { findDoc } from './docs.js';
import { ContactId } from './shapes.js';

const op = defineOperation<AdminContext>();

const PauseInput = z.object({ InstanceId, ContactId, ContactFlowId: Id.optional() });

const pauseOrResume = (to: 'paused' | 'connected') => async (input: z.infer<typeof PauseInput>, ctx: AdminContext) => {
  const instance = await requireInstance(ctx, input.InstanceId);
  const ir = ctx.routing.instance(instance.id);
  // The flow is only checked to exist: no flow runs on a pause yet.
  if (input.ContactFlowId !== undefined && !ir.config.flows.get(idFromIdOrArn(input.ContactFlowId)))
    await requireResource(ctx, instance, 'contactFlow', input.ContactFlowId);
  const contactId = idFromIdOrArn(input.ContactId);
  const doc = await findDoc(ctx, ir, contactId);
  if (!doc) throw new ResourceNotFoundException(`Contact not found: ${contactId}`, { ResourceId: contactId });
  const verb = to === 'paused' ? 'paused' : 'resumed';
  if (doc.channel !== 'TASK')
    throw new InvalidRequestException(`ContactId: contact ${contactId} is a ${doc.channel} contact; only tasks can be ${verb}`);
  const live = ir.engine.contact(contactId);
  const from = to === 'paused' ? 'connected' : 'paused';
  if (!live || live.phase !== from || live.agentId === undefined)
    throw new ConflictException(
      `ContactId: task ${contactId} is ${live?.phase ?? 'over'}; it must be ${from} to an agent to be ${verb}`,
    );
  await ir.step([{ type: to === 'paused' ? 'contact.pause' : 'contact.resume', agentId: live.agentId, contactId }]);
  return {};
};

export const pauseOperations = [
  op({ name: 'PauseContact', method: 'POST', path: '/contact/pause', input: PauseInput, handler: pauseOrResume('paused') }),
  op({ name: 'ResumeContact', method: 'POST', path: '/contact/resume', input: PauseInput, handler: pauseOrResume('connected') }),
];
