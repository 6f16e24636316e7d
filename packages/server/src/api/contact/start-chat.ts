/**
 * Starting a chat: StartChatContact's input, and the start itself (the flow run, the
 * contact document, the routing step that creates and queues it), shared by the Connect
 * API and the customer chat widget's public endpoint (api/widget/).
 */
import { randomUUID } from 'node:crypto';
import {
  type ContactRuntime,
  idFromIdOrArn,
  type Instance,
  interpretFlow,
  InvalidRequestException,
  ResourceNotFoundException,
} from '@switchboard/core';
import { z } from 'zod';
import type { ContactDoc } from '../../routing/contact-doc.js';
import type { InstanceRouting } from '../../routing/instance.js';
import { timeOrderedId } from '../../util/time-ordered-id.js';
import { type AdminContext, requireResource } from '../admin/context.js';
import { Id, InstanceId } from '../admin/shapes.js';
import { findDoc } from './docs.js';
import { Attributes, CHAT_CONTENT_TYPES, ClientToken, ContactId, SegmentAttributes } from './shapes.js';

/** ChatDurationInMinutes when the caller gives none: 25 hours, like Connect. */
export const DEFAULT_CHAT_MINUTES = 1500;

export interface ChatAnswer {
  readonly ContactId: string;
  readonly ParticipantId: string;
  readonly ParticipantToken: string;
  readonly ContinuedFromContactId?: string;
}

export const StartChatInput = z.object({
  InstanceId,
  ContactFlowId: Id,
  ParticipantDetails: z.object({ DisplayName: z.string().min(1).max(256) }),
  Attributes: Attributes.optional(),
  ParticipantConfiguration: z.object({ ResponseMode: z.enum(['INCREMENTAL', 'COMPLETE']).optional() }).optional(),
  InitialMessage: z.object({ ContentType: z.enum(CHAT_CONTENT_TYPES), Content: z.string().min(1).max(16384) }).optional(),
  ClientToken: ClientToken.optional(),
  ChatDurationInMinutes: z.number().int().min(60).max(10080).optional(),
  SupportedMessagingContentTypes: z
    .array(z.enum(CHAT_CONTENT_TYPES))
    .min(1)
    .max(5)
    .refine((types) => types.includes('text/plain'), { message: 'must include text/plain' })
    .optional(),
  PersistentChat: z
    .object({
      RehydrationType: z.enum(['ENTIRE_PAST_SESSION', 'FROM_SEGMENT']).optional(),
      SourceContactId: ContactId.optional(),
    })
    .optional(),
  RelatedContactId: ContactId.optional(),
  SegmentAttributes: SegmentAttributes.optional(),
  CustomerId: z.string().min(1).max(128).optional(),
  DisconnectOnCustomerExit: z
    .array(z.enum(['AGENT', 'SUPERVISOR']))
    .max(2)
    .optional(),
});

/** Flows are interpreted once per content, not per contact. */
const interpreted = new Map<string, ReturnType<typeof interpretFlow>>();
export function interpretCached(content: string): ReturnType<typeof interpretFlow> {
  let run = interpreted.get(content);
  if (!run) {
    if (interpreted.size >= 1000) interpreted.clear();
    run = interpretFlow(content);
    interpreted.set(content, run);
  }
  return run;
}

/** What starting a chat needs of the caller's context (the admin API's, or the widget's). */
export type StartChatContext = Pick<AdminContext, 'store' | 'routing' | 'now' | 'log'>;

/**
 * Creates the contact of `doc` and routes it where its flow (already run) says: the flow's
 * queue, or, when the flow does not transfer (or names a queue that no longer exists), the
 * contact ends where the flow does (CONTACT_FLOW_DISCONNECT). Chats and web calls start so.
 */
export async function createByFlow(
  ctx: Pick<StartChatContext, 'log'>,
  ir: InstanceRouting,
  flow: { readonly transfer: boolean; readonly targetQueueId?: string | undefined },
  doc: ContactDoc,
): Promise<void> {
  const { contactId, channel } = doc;
  const relatedContactId = doc.relatedContactId;
  const queueId = flow.transfer ? flow.targetQueueId : undefined;
  const routable = queueId !== undefined && ir.engine.queue(queueId) !== undefined;
  if (queueId !== undefined && !routable)
    ctx.log.warn({ flowId: doc.flowId, queueId, channel }, 'flow targets an unknown queue; the contact ends');
  await ir.step(
    [
      { type: 'contact.create', contactId, channel, ...(relatedContactId !== undefined ? { relatedContactId } : {}) },
      routable
        ? { type: 'contact.enqueue', contactId, queueId: queueId as string }
        : { type: 'contact.end', contactId, reason: 'CONTACT_FLOW_DISCONNECT' },
    ],
    { docs: [doc] },
  );
}

/** Starts a chat; `widget` marks one started by a customer chat widget (api/widget/). */
export async function startChat(
  ctx: StartChatContext,
  instance: Instance,
  ir: InstanceRouting,
  input: z.output<typeof StartChatInput>,
  widget?: ContactDoc['widget'],
): Promise<ChatAnswer> {
  const persistent = input.PersistentChat ? await persistentSource(ctx, ir, input.PersistentChat) : undefined;
  // The live configuration first (kept in step with every admin change), storage otherwise.
  const flow =
    ir.config.flows.get(idFromIdOrArn(input.ContactFlowId)) ??
    (await requireResource(ctx, instance, 'contactFlow', input.ContactFlowId));
  const run = interpretCached(flow.content);
  if (!run.ok) throw new InvalidRequestException(`Contact flow ${flow.id} cannot run: ${run.problems.slice(0, 3).join('; ')}`);
  const relatedContactId =
    input.RelatedContactId !== undefined ? idFromIdOrArn(input.RelatedContactId) : persistent?.sourceContactId;
  if (relatedContactId !== undefined && !(await findDoc(ctx, ir, relatedContactId)))
    throw new ResourceNotFoundException(`Contact not found: ${relatedContactId}`, { ResourceId: relatedContactId });

  const now = ctx.now();
  const contactId = timeOrderedId();
  const participantId = randomUUID();
  const expiresAt = now + (input.ChatDurationInMinutes ?? DEFAULT_CHAT_MINUTES) * 60_000;
  const runtime: ContactRuntime = {
    contactId,
    initialContactId: contactId,
    channel: 'CHAT',
    phase: 'init',
    phaseSince: now,
    createdAt: now,
  };
  const doc: ContactDoc = {
    instanceId: instance.id,
    contactId,
    channel: 'CHAT',
    runtime,
    initiationMethod: 'API',
    initiatedAt: now,
    flowId: flow.id,
    attributes: { ...input.Attributes },
    customer: { participantId, role: 'CUSTOMER', displayName: input.ParticipantDetails.DisplayName },
    agents: [],
    chat: {
      expiresAt,
      ...(input.InitialMessage
        ? { initialMessage: { contentType: input.InitialMessage.ContentType, content: input.InitialMessage.Content } }
        : {}),
      ...(input.SupportedMessagingContentTypes ? { supportedMessagingContentTypes: input.SupportedMessagingContentTypes } : {}),
      ...(run.flow.greeting !== undefined ? { greeting: run.flow.greeting } : {}),
      ...(run.flow.interactive !== undefined ? { interactive: run.flow.interactive } : {}),
    },
    ...(input.ClientToken !== undefined ? { clientToken: input.ClientToken } : {}),
    ...(relatedContactId !== undefined ? { relatedContactId } : {}),
    ...(persistent ? { persistent } : {}),
    ...(input.SegmentAttributes ? { segmentAttributes: input.SegmentAttributes } : {}),
    ...(widget ? { widget } : {}),
  };
  await createByFlow(ctx, ir, run.flow, doc);
  return {
    ContactId: contactId,
    ParticipantId: participantId,
    ParticipantToken: ctx.routing.participantToken(instance.id, contactId, participantId, expiresAt),
    ...(persistent ? { ContinuedFromContactId: persistent.sourceContactId } : {}),
  };
}

/**
 * Persistent chat: the past chat must exist, be a chat and have ended. ENTIRE_PAST_SESSION
 * names the past chat's initial contact and continues all of it; FROM_SEGMENT names one
 * contact and continues from it on.
 */
async function persistentSource(
  ctx: StartChatContext,
  ir: InstanceRouting,
  p: { RehydrationType?: 'ENTIRE_PAST_SESSION' | 'FROM_SEGMENT' | undefined; SourceContactId?: string | undefined },
): Promise<NonNullable<ContactDoc['persistent']>> {
  if (!p.RehydrationType || !p.SourceContactId) {
    throw new InvalidRequestException('PersistentChat needs both RehydrationType and SourceContactId');
  }
  const sourceId = idFromIdOrArn(p.SourceContactId);
  const source = await findDoc(ctx, ir, sourceId);
  if (source?.channel !== 'CHAT') {
    throw new ResourceNotFoundException(`Chat contact not found: ${sourceId}`, { ResourceId: sourceId });
  }
  const live = ir.engine.contact(ir.heads.get(source.runtime.initialContactId) ?? sourceId);
  if (live && live.phase !== 'ended') throw new InvalidRequestException(`The chat ${sourceId} has not ended yet`);
  if (p.RehydrationType === 'ENTIRE_PAST_SESSION' && source.runtime.initialContactId !== sourceId) {
    throw new InvalidRequestException('For ENTIRE_PAST_SESSION, SourceContactId must be the initial contact of the past chat');
  }
  return {
    sourceContactId: sourceId,
    sourceInitialContactId: source.runtime.initialContactId,
    rehydrationType: p.RehydrationType,
    ...(p.RehydrationType === 'FROM_SEGMENT' ? { since: source.initiatedAt } : {}),
  };
}
