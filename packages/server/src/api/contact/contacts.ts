/**
 * The contact operations of the Connect API: StartChatContact (its start is start-chat.ts),
 * StopContact, DescribeContact, UpdateContactAttributes, GetContactAttributes,
 * TransferContact. They change contacts only through routing (`InstanceRouting.step`),
 * which persists and pushes to the agents concerned.
 */
import {
  agentQueueId,
  type Channel,
  ContactNotFoundException,
  idFromIdOrArn,
  type Instance,
  InvalidParameterException,
  InvalidRequestException,
  isAgentQueueId,
  ResourceNotFoundException,
  resourceArn,
  type RoutingEvent,
} from '@switchboard/core';
import { z } from 'zod';
import { defineOperation } from '../../http/operation.js';
import { timeOrderedId } from '../../util/time-ordered-id.js';
import type { ContactDoc } from '../../routing/contact-doc.js';
import type { InstanceRouting } from '../../routing/instance.js';
import { type AdminContext, coords, requireInstance, requireResource } from '../admin/context.js';
import { Id, InstanceId } from '../admin/shapes.js';
import { chainDocs, contactWire, findDoc, runtimeOf } from './docs.js';
import { IdempotencyCache } from './idempotency.js';
import { queueIdFromIdOrArn } from './metrics.js';
import { type ChatAnswer, StartChatInput, startChat } from './start-chat.js';
import { ATTRIBUTES_MAX_BYTES, Attributes, attributesBytes, ClientToken, ContactId } from './shapes.js';

const op = defineOperation<AdminContext>();

interface TransferAnswer {
  readonly ContactId: string;
  readonly ContactArn: string;
}

/**
 * ClientTokens seen, per routing service (one per running server: two servers in one
 * process, as in tests, must not answer each other's tokens), so they outlive any
 * InstanceRouting.
 */
interface Tokens {
  readonly chat: IdempotencyCache<ChatAnswer>;
  readonly transfer: IdempotencyCache<TransferAnswer>;
}
const tokensByService = new WeakMap<object, Tokens>();
const tokensOf = (ctx: AdminContext): Tokens => {
  const known = tokensByService.get(ctx.routing);
  if (known) return known;
  const t: Tokens = { chat: new IdempotencyCache(), transfer: new IdempotencyCache() };
  tokensByService.set(ctx.routing, t);
  return t;
};
/** Routing instances whose live documents' ClientTokens are indexed (after a restart). */
const indexed = new WeakSet<InstanceRouting>();

const chatAnswer = (ctx: AdminContext, doc: ContactDoc): ChatAnswer | undefined =>
  doc.customer && doc.chat
    ? {
        ContactId: doc.contactId,
        ParticipantId: doc.customer.participantId,
        ParticipantToken: ctx.routing.participantToken(
          doc.instanceId,
          doc.contactId,
          doc.customer.participantId,
          doc.chat.expiresAt,
        ),
      }
    : undefined;

/** A restart forgets the tokens: the live chats still carry theirs. */
function indexClientTokens(ctx: AdminContext, ir: InstanceRouting): void {
  if (indexed.has(ir)) return;
  indexed.add(ir);
  for (const doc of ir.docs.values()) {
    const answer = doc.clientToken !== undefined && doc.initiationMethod === 'API' ? chatAnswer(ctx, doc) : undefined;
    if (answer && doc.clientToken !== undefined)
      tokensOf(ctx).chat.remember(ir.instanceId, doc.clientToken, doc.initiatedAt, answer);
  }
}

const routingOf = (ctx: AdminContext, instance: Instance): InstanceRouting => ctx.routing.instance(instance.id);

// ---------------------------------------------------------------------------------------
// TransferContact

const TransferInput = z.object({
  InstanceId,
  ContactId,
  ContactFlowId: Id,
  QueueId: Id.optional(),
  UserId: Id.optional(),
  ClientToken: ClientToken.optional(),
});

const TRANSFER_FLOW_TYPES: ReadonlySet<string> = new Set(['CONTACT_FLOW', 'QUEUE_TRANSFER', 'AGENT_TRANSFER']);

/** The queue a transfer goes to: a standard queue, or the user's personal agent queue. */
async function transferTarget(ctx: AdminContext, instance: Instance, input: z.output<typeof TransferInput>): Promise<string> {
  const queue = input.QueueId !== undefined ? queueIdFromIdOrArn(input.QueueId) : undefined;
  if (queue !== undefined && !isAgentQueueId(queue)) return (await requireResource(ctx, instance, 'queue', queue)).id;
  const userId = queue !== undefined ? queue.slice('agent/'.length) : (input.UserId as string);
  return agentQueueId((await requireResource(ctx, instance, 'user', userId)).id);
}

async function transfer(
  ctx: AdminContext,
  instance: Instance,
  ir: InstanceRouting,
  input: z.output<typeof TransferInput>,
): Promise<TransferAnswer> {
  const flow = await requireResource(ctx, instance, 'contactFlow', input.ContactFlowId);
  if (!TRANSFER_FLOW_TYPES.has(flow.type))
    throw new InvalidRequestException(
      `Contact flow ${flow.id} is a ${flow.type} flow; a transfer needs an inbound or transfer flow`,
    );
  const queueId = await transferTarget(ctx, instance, input);
  const contactId = idFromIdOrArn(input.ContactId);

  // From here to the step nothing awaits: the checks hold when the events apply.
  const old = ir.engine.contact(contactId);
  const oldDoc = ir.docs.get(contactId);
  if (!old || !oldDoc) {
    if (await findDoc(ctx, ir, contactId)) throw new InvalidRequestException(`Contact ${contactId} has ended`);
    throw new ResourceNotFoundException(`Contact not found: ${contactId}`, { ResourceId: contactId });
  }
  const routable = isAgentQueueId(queueId)
    ? ir.engine.agent(queueId.slice('agent/'.length)) !== undefined
    : ir.engine.queue(queueId) !== undefined;
  if (!routable) throw new ResourceNotFoundException(`Queue not found: ${queueId}`, { ResourceId: queueId });

  const now = ctx.now();
  const newContactId = timeOrderedId();
  const channel: Channel = old.channel;
  const created = {
    type: 'contact.create',
    contactId: newContactId,
    channel,
    initialContactId: old.initialContactId,
    previousContactId: old.contactId,
    ...(old.relatedContactId !== undefined ? { relatedContactId: old.relatedContactId } : {}),
  } as const;
  let events: RoutingEvent[];
  if ((old.phase === 'connected' || old.phase === 'paused') && old.agentId !== undefined) {
    events = [{ type: 'contact.transfer', agentId: old.agentId, contactId, newContactId, queueId }];
  } else if (old.phase === 'queued') {
    events = [
      { type: 'contact.end', contactId, reason: 'TRANSFERRED' },
      created,
      { type: 'contact.enqueue', contactId: newContactId, queueId },
    ];
  } else {
    throw new InvalidRequestException(
      `Contact ${contactId} is ${old.phase}; only a queued or connected contact can be transferred`,
    );
  }
  const { type: _t, contactId: _c, ...ids } = created;
  const doc: ContactDoc = {
    instanceId: instance.id,
    contactId: newContactId,
    channel,
    runtime: { ...ids, contactId: newContactId, phase: 'init', phaseSince: now, createdAt: now },
    initiationMethod: 'TRANSFER',
    initiatedAt: now,
    flowId: flow.id,
    ...(oldDoc.name !== undefined ? { name: oldDoc.name } : {}),
    ...(oldDoc.description !== undefined ? { description: oldDoc.description } : {}),
    attributes: { ...oldDoc.attributes },
    ...(oldDoc.customer ? { customer: oldDoc.customer } : {}),
    agents: [],
    ...(oldDoc.chat ? { chat: oldDoc.chat } : {}),
    ...(oldDoc.relatedContactId !== undefined ? { relatedContactId: oldDoc.relatedContactId } : {}),
    ...(oldDoc.segmentAttributes ? { segmentAttributes: oldDoc.segmentAttributes } : {}),
  };
  await ir.step(events, { docs: [doc] });
  return { ContactId: newContactId, ContactArn: resourceArn(coords(instance), 'contact', newContactId) };
}

// ---------------------------------------------------------------------------------------

/** Voice contacts StopContact cannot end (Connect's rule); chat and task end in any state. */
const UNSTOPPABLE_VOICE: ReadonlySet<string> = new Set(['DISCONNECT', 'TRANSFER', 'QUEUE_TRANSFER']);

export const contactLifecycleOperations = [
  op({
    name: 'StartChatContact',
    method: 'PUT',
    path: '/contact/chat',
    input: StartChatInput,
    handler: async (input, ctx) => {
      const instance = await requireInstance(ctx, input.InstanceId);
      const ir = routingOf(ctx, instance);
      indexClientTokens(ctx, ir);
      return tokensOf(ctx).chat.run(instance.id, input.ClientToken, ctx.now(), () => startChat(ctx, instance, ir, input));
    },
  }),
  op({
    name: 'StopContact',
    method: 'POST',
    path: '/contact/stop',
    input: z.object({
      ContactId,
      InstanceId,
      DisconnectReason: z.object({ Code: z.string().min(1).max(128).optional() }).optional(),
    }),
    handler: async (input, ctx) => {
      const instance = await requireInstance(ctx, input.InstanceId);
      const ir = routingOf(ctx, instance);
      const contactId = idFromIdOrArn(input.ContactId);
      const live = ir.engine.contact(contactId);
      if (live) {
        const doc = ir.docs.get(contactId);
        if (live.channel === 'VOICE' && doc && UNSTOPPABLE_VOICE.has(doc.initiationMethod))
          throw new InvalidRequestException(`A ${doc.initiationMethod} voice contact cannot be stopped`);
        if (live.phase !== 'ended') {
          await ir.step([{ type: 'contact.end', contactId, reason: 'API' }]);
          return {};
        }
      }
      // Over already: fine for chat and task; Connect answers ContactNotFound for voice.
      const channel = live?.channel ?? (await findDoc(ctx, ir, contactId))?.channel;
      if (channel === undefined || channel === 'VOICE')
        throw new ContactNotFoundException(`Contact ${contactId} is not active or does not exist`);
      return {};
    },
  }),
  op({
    name: 'DescribeContact',
    method: 'GET',
    path: '/contacts/{InstanceId}/{ContactId}',
    input: z.object({ InstanceId, ContactId }),
    handler: async (input, ctx) => {
      const instance = await requireInstance(ctx, input.InstanceId);
      const ir = routingOf(ctx, instance);
      const contactId = idFromIdOrArn(input.ContactId);
      const doc = await findDoc(ctx, ir, contactId);
      if (!doc) throw new ResourceNotFoundException(`Contact not found: ${contactId}`, { ResourceId: contactId });
      return { Contact: contactWire(doc, runtimeOf(ir, doc), coords(instance), ctx.now()) };
    },
  }),
  op({
    name: 'UpdateContactAttributes',
    method: 'POST',
    path: '/contact/attributes',
    input: z.object({ InitialContactId: ContactId, InstanceId, Attributes }),
    // Attributes belong to the contact chain: every contact of it gets them.
    handler: async (input, ctx) => {
      const instance = await requireInstance(ctx, input.InstanceId);
      const ir = routingOf(ctx, instance);
      const initialContactId = idFromIdOrArn(input.InitialContactId);
      const chain = await chainDocs(ctx, ir, initialContactId);
      if (chain.length === 0)
        throw new ResourceNotFoundException(`Contact not found: ${initialContactId}`, { ResourceId: initialContactId });
      const merged = chain.map((d) => ({ ...d.attributes, ...input.Attributes }));
      if (merged.some((m) => attributesBytes(m) > ATTRIBUTES_MAX_BYTES))
        throw new InvalidParameterException(`Attributes: the contact's attributes would exceed ${ATTRIBUTES_MAX_BYTES} bytes`);
      chain.forEach((d, i) => {
        d.attributes = merged[i] as Record<string, string>;
      });
      await ir.step([], { docs: chain });
      return {};
    },
  }),
  op({
    name: 'GetContactAttributes',
    method: 'GET',
    path: '/contact/attributes/{InstanceId}/{InitialContactId}',
    input: z.object({ InstanceId, InitialContactId: ContactId }),
    handler: async (input, ctx) => {
      const instance = await requireInstance(ctx, input.InstanceId);
      const ir = routingOf(ctx, instance);
      const initialContactId = idFromIdOrArn(input.InitialContactId);
      const latest = (await chainDocs(ctx, ir, initialContactId)).at(-1);
      if (!latest)
        throw new ResourceNotFoundException(`Contact not found: ${initialContactId}`, { ResourceId: initialContactId });
      return { Attributes: latest.attributes };
    },
  }),
  op({
    name: 'TransferContact',
    method: 'POST',
    path: '/contact/transfer',
    input: TransferInput,
    handler: async (input, ctx) => {
      const instance = await requireInstance(ctx, input.InstanceId);
      if ((input.QueueId === undefined) === (input.UserId === undefined))
        throw new InvalidRequestException('Give exactly one of QueueId and UserId');
      const ir = routingOf(ctx, instance);
      return tokensOf(ctx).transfer.run(instance.id, input.ClientToken, ctx.now(), () => transfer(ctx, instance, ir, input));
    },
  }),
];
