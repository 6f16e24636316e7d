/**
 * The agent API's commands: what Streams' `ClientMethods` do for chat and task, run for
 * one signed-in agent. Every command checks that the contact is the agent's own: another
 * agent's contact answers AccessDeniedException, an unknown one ResourceNotFoundException.
 * Larger ones have a module each: getEndpoints (endpoints.ts), and what the agent desktop
 * needs beyond Streams' methods: searchQuickResponses (quick-responses.ts), getWrapUpCodes
 * and setContactWrapUp (wrap-up.ts); the task commands (tasks.ts); the voice commands
 * (voice.ts).
 */
import {
  AccessDeniedException,
  type AgentStatus,
  type ChosenStatus,
  idFromIdOrArn,
  InvalidParameterException,
  InvalidStateException,
  ResourceNotFoundException,
} from '@switchboard/core';
import { z } from 'zod';
import type { ContactDoc } from '../../routing/contact-doc.js';
import type { InstanceRouting } from '../../routing/instance.js';
import { type CommandContext, type Handler, ownContact, parse } from './command-context.js';
import { getEndpoints, quickConnectTarget, REFUSED_WHY } from './endpoints.js';
import { searchQuickResponses } from './quick-responses.js';
import { taskCommands } from './tasks.js';
import { recordingCommands } from './recording.js';
import { voiceCommands } from './voice.js';
import { getWrapUpCodes, setContactWrapUp } from './wrap-up.js';

export type { AgentAdminContext, AgentSession, CommandContext } from './command-context.js';

const contactParams = z.looseObject({ contactId: z.string().min(1).max(256) });

/**
 * Each command's parameters, built once at load: building a zod schema (zod also compiles
 * an object schema on its first parse) costs many times a parse, and was a tenth of the
 * server's CPU while agents ended and cleared chats, with the schemas built per command.
 */
const PARAMS = {
  putAgentState: z.looseObject({
    state: z.looseObject({ agentStateARN: z.string().optional(), name: z.string().optional() }),
    enqueueNextState: z.boolean().optional(),
  }),
  destroyConnection: z.looseObject({ contactId: z.string().min(1), connectionId: z.string().min(1).optional() }),
  transferContact: z.looseObject({
    contactId: z.string().min(1),
    endpoint: z.looseObject({
      endpointARN: z.string().optional(),
      endpointId: z.string().optional(),
      type: z.string().optional(),
    }),
  }),
  updateContactAttributes: z.looseObject({ contactId: z.string().min(1), attributes: z.record(z.string(), z.string()) }),
  createTransport: z.looseObject({
    transportType: z.string(),
    participantId: z.string().optional(),
    contactId: z.string().optional(),
  }),
  updateAgentConfiguration: z.looseObject({
    configuration: z.looseObject({ agentPreferences: z.record(z.string(), z.string()).optional() }),
  }),
  notifyContactIssue: z.looseObject({
    contactId: z.string().min(1),
    issueCode: z.string().max(200).optional(),
    description: z.string().max(4000).optional(),
  }),
  sendClientLogs: z.looseObject({ logEvents: z.array(z.unknown()).max(500).optional() }),
};

const contactEvent =
  (type: 'contact.accept' | 'contact.reject' | 'contact.clear' | 'contact.pause' | 'contact.resume'): Handler =>
  async (params, ctx) => {
    const { contactId } = parse(contactParams, params);
    ownContact(ctx, contactId);
    await ctx.ir.step([{ type, agentId: ctx.session.userId, contactId }]);
    return {};
  };

const toChosen = (s: AgentStatus): ChosenStatus => ({ statusId: s.id, name: s.name, type: s.type });

const putAgentState: Handler = async (params, ctx) => {
  const p = parse(PARAMS.putAgentState, params);
  const statuses = ctx.ir.config.statuses.filter((s) => s.state === 'ENABLED');
  const byArn = p.state.agentStateARN ? idFromIdOrArn(p.state.agentStateARN) : undefined;
  const status = statuses.find((s) => s.id === byArn) ?? statuses.find((s) => byArn === undefined && s.name === p.state.name);
  if (!status)
    throw new InvalidParameterException(`state: no enabled agent status ${p.state.agentStateARN ?? p.state.name ?? ''}`);
  await ctx.ir.step([
    {
      type: 'agent.set_status',
      agentId: ctx.session.userId,
      status: toChosen(status),
      enqueueNextState: p.enqueueNextState ?? false,
    },
  ]);
  return {};
};

const destroyConnection: Handler = async (params, ctx) => {
  const p = parse(PARAMS.destroyConnection, params);
  const c = ownContact(ctx, p.contactId);
  const agentId = ctx.session.userId;
  const own = ctx.ir.engine.agent(agentId)?.assignments.find((x) => x.contactId === p.contactId);
  if (!c || !own) throw new InvalidStateException(`Contact ${p.contactId} has already ended`);
  if (own.state === 'ended' || own.state === 'missed')
    throw new InvalidStateException(`Contact ${p.contactId} has already ended`);
  const doc = ctx.ir.docs.get(p.contactId);
  const third = doc?.channel === 'VOICE' ? ctx.voice.callOf(ctx.ir, p.contactId)?.third : undefined;
  if (third && doc?.voiceCallOf === undefined && p.connectionId !== undefined && p.connectionId !== own.connectionId) {
    // A consult: hanging up on the third party ends their leg only; the customer stays.
    if (p.connectionId === third.connectionId) {
      await ctx.voice.hangUpThird(ctx.ir, p.contactId);
      return {};
    }
    throw new InvalidStateException(
      `${third.endpoint.name} is on the call: hang up on them first, or leave the call to leave the customer with them`,
    );
  }
  // The agent's own connection, or the customer's: either way the agent ends the contact
  // (with a third party on a call, the agent leaving hands the call to them).
  await ctx.ir.step([{ type: 'contact.agent_end', agentId, contactId: p.contactId }]);
  return {};
};

const transferContact: Handler = async (params, ctx) => {
  const p = parse(PARAMS.transferContact, params);
  ownContact(ctx, p.contactId);
  const { qc, queueId } = quickConnectTarget(ctx, p.endpoint, 'transfer');
  const old = ctx.ir.docs.get(p.contactId);
  if (!old) throw new ResourceNotFoundException(`Contact not found: ${p.contactId}`);
  if (old.channel === 'VOICE') {
    if (old.voiceCallOf !== undefined)
      throw new InvalidStateException('You were called into this call by another agent: it is theirs to transfer');
    if (old.voiceMonitor) throw new InvalidStateException('You are monitoring this call: it is not yours to transfer');
    const third = ctx.voice.callOf(ctx.ir, p.contactId)?.third;
    if (third)
      throw new InvalidStateException(
        `${third.endpoint.name} is on the call: leave it to them, or hang up on them before transferring`,
      );
  }
  const newContactId = ctx.newId();
  const now = ctx.now();
  // Checked first (an unknown target throws here): a queue that cannot take it now makes
  // the engine answer contact.transfer_failed and no new contact, so no document for one.
  const refused = ctx.ir.engine.refusal(queueId, now) !== undefined;
  const doc: ContactDoc = {
    ...structuredClone(old),
    contactId: newContactId,
    initiationMethod: 'TRANSFER',
    initiatedAt: now,
    agents: [],
    runtime: { ...old.runtime, contactId: newContactId, phase: 'init', phaseSince: now, createdAt: now },
  };
  const fx = await ctx.ir.step(
    [{ type: 'contact.transfer', agentId: ctx.session.userId, contactId: p.contactId, newContactId, queueId }],
    refused ? {} : { docs: [doc] },
  );
  const failed = fx.flatMap((f) => f.events).find((e) => e.type === 'contact.transfer_failed');
  if (failed)
    throw new InvalidStateException(
      `The transfer to ${qc.name} could not be made (${REFUSED_WHY[failed.reason] ?? failed.reason}); the contact stays with you`,
    );
  return { contactId: newContactId };
};

const updateContactAttributes: Handler = async (params, ctx) => {
  const p = parse(PARAMS.updateContactAttributes, params);
  ownContact(ctx, p.contactId);
  const doc = ctx.ir.docs.get(p.contactId);
  if (!doc) throw new ResourceNotFoundException(`Contact not found: ${p.contactId}`);
  doc.attributes = { ...doc.attributes, ...p.attributes };
  await ctx.ir.step([], { docs: [doc] });
  return {};
};

const createTransport: Handler = async (params, ctx) => {
  const p = parse(PARAMS.createTransport, params);
  if (p.transportType !== 'chat_token') {
    throw new InvalidParameterException(
      `transportType ${p.transportType} is not offered; use chat_token (the snapshot arrives over the agent websocket)`,
    );
  }
  if (!p.contactId) throw new InvalidParameterException('contactId is required for chat_token');
  ownContact(ctx, p.contactId);
  const doc = ctx.ir.docs.get(p.contactId);
  const own = ctx.ir.engine.agent(ctx.session.userId)?.assignments.find((x) => x.contactId === p.contactId);
  if (!doc || !own || doc.channel !== 'CHAT') throw new InvalidStateException(`Contact ${p.contactId} is not a chat`);
  if (p.participantId !== undefined && p.participantId !== own.connectionId) {
    throw new AccessDeniedException(`Participant ${p.participantId} is not yours`);
  }
  const expiry = Math.min(doc.chat?.expiresAt ?? ctx.now() + 3600_000, ctx.now() + 24 * 3600_000);
  const participantToken = ctx.ir.connectionToken(doc, own.connectionId, expiry);
  return { chatTokenTransport: { participantToken, expiry: new Date(expiry).toISOString() } };
};

const snapshotPart =
  (pick: (d: NonNullable<ReturnType<InstanceRouting['agentData']>>) => unknown): Handler =>
  async (_params, ctx) => {
    const data = ctx.ir.agentData(ctx.session.userId);
    if (!data) throw new ResourceNotFoundException('Agent not found');
    return pick(data);
  };

const updateAgentConfiguration: Handler = async (params, ctx) => {
  const p = parse(PARAMS.updateAgentConfiguration, params);
  // Routing profile, statuses and permissions come from the instance; an agent may only
  // change their own preferences (language, etc.).
  await ctx.ir.setPreferences(ctx.session.userId, p.configuration.agentPreferences ?? {});
  return {};
};

const notifyContactIssue: Handler = async (params, ctx) => {
  const p = parse(PARAMS.notifyContactIssue, params);
  ownContact(ctx, p.contactId);
  await ctx.ir.recordEvent({
    type: 'contact.issue_reported',
    agentId: ctx.session.userId,
    contactId: p.contactId,
    issueCode: p.issueCode ?? null,
    description: p.description ?? null,
  });
  return {};
};

const sendClientLogs: Handler = async (params, ctx) => {
  const p = parse(PARAMS.sendClientLogs, params);
  ctx.log.info({ agentId: ctx.session.userId, count: p.logEvents?.length ?? 0 }, 'agent client logs');
  return {};
};

export const COMMANDS: Readonly<Record<string, Handler>> = {
  getAgentSnapshot: snapshotPart((d) => ({ snapshot: d.snapshot })),
  getAgentConfiguration: snapshotPart((d) => ({ configuration: d.configuration })),
  getAgentStates: snapshotPart((d) => ({ states: d.configuration.agentStates, nextToken: null })),
  getAgentPermissions: snapshotPart((d) => ({ permissions: d.configuration.permissions, nextToken: null })),
  getDialableCountryCodes: snapshotPart((d) => ({ countryCodes: d.configuration.dialableCountries, nextToken: null })),
  getRoutingProfileQueues: snapshotPart((d) => ({ queues: d.configuration.routingProfile.queues, nextToken: null })),
  putAgentState,
  acceptContact: contactEvent('contact.accept'),
  rejectContact: contactEvent('contact.reject'),
  clearContact: contactEvent('contact.clear'),
  completeContact: contactEvent('contact.clear'),
  pauseContact: contactEvent('contact.pause'),
  resumeContact: contactEvent('contact.resume'),
  destroyConnection,
  transferContact,
  getEndpoints,
  updateAgentConfiguration,
  updateContactAttributes,
  createTransport,
  notifyContactIssue,
  sendClientLogs,
  searchQuickResponses,
  getWrapUpCodes,
  setContactWrapUp,
  ...taskCommands,
  ...voiceCommands,
  ...recordingCommands,
};

export async function runCommand(method: string, params: unknown, ctx: CommandContext): Promise<unknown> {
  const handler = Object.hasOwn(COMMANDS, method) ? COMMANDS[method] : undefined;
  if (!handler) throw new InvalidParameterException(`Unknown agent command: ${method.slice(0, 64)}`);
  return handler(params, ctx);
}
