/**
 * MonitorContact (@aws-sdk/client-connect's shape): a supervisor listens to a connected
 * voice call, and may barge in (docs/voice.md, "Monitor and barge").
 *
 * As in Connect, the supervisor gets a contact of their own: a **monitoring contact**
 * (`initiationMethod` MONITOR, `relatedContactId` the monitored contact) connected to them
 * at once (routing's `contact.assign`: no queue, no offer, whatever their status). Their
 * snapshot shows it with a `monitoring` connection in state `silent_monitor` whose
 * `softphoneMediaInfo.callContextToken` opens their leg on the call; the call controller
 * (voice/calls.ts) adds them to the call as a silent monitor when it connects. Streams'
 * `updateMonitorParticipantState` switches to barge and back; hanging up (destroyConnection,
 * clearContact, StopContact) ends their monitoring only, and the call ending ends it.
 *
 * Checks, in Connect's words: the user exists (ResourceNotFoundException) and has
 * `ListenIn` — and `ManagerBargeIn` when AllowedMonitorCapabilities has BARGE
 * (AccessDeniedException); the contact exists (ResourceNotFoundException), is a voice call
 * connected to an agent, not the user's own, and the user is signed in to their CCP and on
 * no other call (InvalidRequestException). SILENT_MONITOR is always allowed: a monitor
 * starts silent. A ClientToken retry answers the first call again.
 */
import { randomUUID } from 'node:crypto';
import {
  AccessDeniedException,
  idFromIdOrArn,
  InvalidRequestException,
  type MonitorMode,
  Permission,
  ResourceNotFoundException,
  resourceArn,
  voiceCallStep,
} from '@switchboard/core';
import { z } from 'zod';
import { defineOperation } from '../../http/operation.js';
import type { ContactDoc } from '../../routing/contact-doc.js';
import { permissionsOf } from '../../routing/instance-config.js';
import { timeOrderedId } from '../../util/time-ordered-id.js';
import { callOf, holderOf } from '../../voice/call-doc.js';
import { type AdminContext, coords, requireInstance } from '../admin/context.js';
import { Id, InstanceId } from '../admin/shapes.js';
import { findDoc } from './docs.js';
import { IdempotencyCache } from './idempotency.js';
import { ClientToken, ContactId } from './shapes.js';

const MonitorInput = z.object({
  InstanceId,
  ContactId,
  UserId: Id,
  AllowedMonitorCapabilities: z
    .array(z.enum(['SILENT_MONITOR', 'BARGE']))
    .max(2)
    .optional(),
  ClientToken: ClientToken.optional(),
});

interface MonitorAnswer {
  readonly ContactId: string;
  readonly ContactArn: string;
}

const tokensByService = new WeakMap<object, IdempotencyCache<MonitorAnswer>>();
const tokensOf = (ctx: AdminContext): IdempotencyCache<MonitorAnswer> => {
  let t = tokensByService.get(ctx.routing);
  if (!t) {
    t = new IdempotencyCache();
    tokensByService.set(ctx.routing, t);
  }
  return t;
};

async function monitor(ctx: AdminContext, input: z.output<typeof MonitorInput>): Promise<MonitorAnswer> {
  const instance = await requireInstance(ctx, input.InstanceId);
  const ir = ctx.routing.instance(instance.id);
  const userId = idFromIdOrArn(input.UserId);
  const user = ir.config.users.get(userId);
  if (!user) throw new ResourceNotFoundException(`User not found: ${userId}`, { ResourceId: userId });
  const capabilities: MonitorMode[] = input.AllowedMonitorCapabilities?.includes('BARGE')
    ? ['SILENT_MONITOR', 'BARGE']
    : ['SILENT_MONITOR'];
  const permissions = permissionsOf(ir.config, user);
  if (!permissions.includes(Permission.ListenIn))
    throw new AccessDeniedException(`User ${user.name} may not monitor contacts: their security profiles lack ListenIn`);
  if (capabilities.includes('BARGE') && !permissions.includes(Permission.ManagerBargeIn))
    throw new AccessDeniedException(`User ${user.name} may not barge in: their security profiles lack ManagerBargeIn`);

  const contactId = idFromIdOrArn(input.ContactId);
  // From here to the step nothing awaits (but the lookup of an unknown contact): the checks hold when it applies.
  const doc = ir.docs.get(contactId);
  if (!doc) {
    if (await findDoc(ctx, ir, contactId))
      throw new InvalidRequestException(`Contact ${contactId} has ended: only a connected call can be monitored`);
    throw new ResourceNotFoundException(`Contact not found: ${contactId}`, { ResourceId: contactId });
  }
  if (doc.channel !== 'VOICE')
    throw new InvalidRequestException(`Contact ${contactId} is a ${doc.channel} contact: only voice calls are monitored`);
  if (doc.voiceMonitor)
    throw new InvalidRequestException(`Contact ${contactId} is a monitoring contact: monitor the call it watches`);
  const holder = holderOf(ir, doc);
  const live = ir.engine.contact(holder.contactId);
  const call = callOf(holder);
  if (live?.phase !== 'connected' || call.ended || !call.agent)
    throw new InvalidRequestException(`Contact ${contactId} is not a call connected to an agent: it cannot be monitored now`);
  if (live.agentId === userId || call.third?.contactId === contactId)
    throw new InvalidRequestException(`User ${user.name} is on this call: they cannot monitor it`);
  const agent = ir.engine.agent(userId);
  if (!agent?.online)
    throw new InvalidRequestException(`User ${user.name} is not signed in to their CCP: they must be to monitor a call`);
  const busy = agent.assignments.find(
    (x) => x.channel === 'VOICE' && (x.state === 'connecting' || x.state === 'connected' || x.state === 'paused'),
  );
  if (busy)
    throw new InvalidRequestException(`User ${user.name} is on another call (${busy.contactId}): they cannot monitor one now`);

  const monitorId = timeOrderedId();
  const legId = randomUUID();
  // Decided first, as the call controller will when the contact connects: refusals before any contact exists.
  try {
    voiceCallStep(call, {
      type: 'monitor',
      monitor: { contactId: monitorId, legId, userId, mode: 'SILENT_MONITOR', capabilities },
      at: ctx.now(),
    });
  } catch (err) {
    throw new InvalidRequestException((err as Error).message);
  }
  const now = ctx.now();
  const monitoring: ContactDoc = {
    instanceId: instance.id,
    contactId: monitorId,
    channel: 'VOICE',
    runtime: {
      contactId: monitorId,
      initialContactId: monitorId,
      relatedContactId: holder.contactId,
      channel: 'VOICE',
      phase: 'init',
      phaseSince: now,
      createdAt: now,
    },
    initiationMethod: 'MONITOR',
    initiatedAt: now,
    attributes: { ...holder.attributes },
    ...(holder.customer ? { customer: holder.customer } : {}),
    agents: [],
    relatedContactId: holder.contactId,
    voiceMonitor: { of: holder.contactId, capabilities },
  };
  await ir.step(
    [
      { type: 'contact.create', contactId: monitorId, channel: 'VOICE', relatedContactId: holder.contactId },
      { type: 'contact.assign', agentId: userId, contactId: monitorId, connectionId: legId },
    ],
    { docs: [monitoring] },
  );
  return { ContactId: monitorId, ContactArn: resourceArn(coords(instance), 'contact', monitorId) };
}

const op = defineOperation<AdminContext>();

export const monitorOperations = [
  op({
    name: 'MonitorContact',
    method: 'POST',
    path: '/contact/monitor',
    input: MonitorInput,
    handler: async (input, ctx) => {
      const instanceId = idFromIdOrArn(input.InstanceId);
      return tokensOf(ctx).run(instanceId, input.ClientToken, ctx.now(), () => monitor(ctx, input));
    },
  }),
];
