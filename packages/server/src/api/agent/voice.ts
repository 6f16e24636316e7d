/**
 * The agent's voice commands, Streams' names (shared/spec/voice-webrtc.md §3):
 * `holdConnection` / `resumeConnection` put the customer's connection on hold (the customer
 * hears the hold music, the agent hears nobody) and back; `muteParticipant` /
 * `unmuteParticipant` mute a connection on the server (the agent's own: the customer no
 * longer hears them). Params `{contactId, connectionId?}`: without a connection, hold and
 * resume mean the customer's, mute and unmute the agent's own. The call controller
 * (voice/calls.ts) decides with core's voiceCallStep and commits before the media changes.
 * A supervisor's monitoring contact takes `muteParticipant` / `unmuteParticipant` (their
 * own leg; while barging the agent's, a forced mute) and `updateMonitorParticipantState`.
 */
import { InvalidParameterException, InvalidStateException, type VoiceEndpoint } from '@switchboard/core';
import { z } from 'zod';
import type { VoiceCommand } from '../../voice/calls.js';
import { type CommandContext, type Handler, ownContact, parse } from './command-context.js';
import { quickConnectTarget, REFUSED_WHY } from './endpoints.js';

const Params = z.looseObject({
  contactId: z.string().min(1).max(256),
  connectionId: z.string().min(1).max(256).optional(),
});

const ConsultParams = z.looseObject({
  contactId: z.string().min(1).max(256),
  endpoint: z.looseObject({
    endpointARN: z.string().max(2048).optional(),
    endpointId: z.string().max(2048).optional(),
    type: z.string().optional(),
  }),
});

/** The agent's own voice contact (a chat or a task answers InvalidStateException). */
function ownCall(ctx: CommandContext, contactId: string) {
  ownContact(ctx, contactId);
  const doc = ctx.ir.docs.get(contactId);
  if (doc?.channel !== 'VOICE')
    throw new InvalidStateException(`Contact ${contactId} is not a voice call: only calls are held, muted or conferenced`);
  return doc;
}

const voiceCommand =
  (command: VoiceCommand): Handler =>
  async (params, ctx) => {
    const p = parse(Params, params);
    const doc = ownCall(ctx, p.contactId);
    const own = ctx.ir.engine.agent(ctx.session.userId)?.assignments.find((x) => x.contactId === p.contactId);
    const customer = doc.customer?.participantId ?? `${doc.contactId}-customer`;
    const connectionId =
      p.connectionId ?? (command === 'hold' || command === 'resume' ? customer : (own?.connectionId ?? customer));
    await ctx.voice.command(ctx.ir, p.contactId, command, connectionId);
    return {};
  };

/**
 * Streams' createAdditionalConnection: a consult. The customer is held and the quick
 * connect's agent (or queue) gets a consult contact; once it is accepted the two agents
 * hear each other. Answers `{contactId}` of the consult contact (Switchboard's; Streams
 * ignores the answer).
 */
const createAdditionalConnection: Handler = async (params, ctx) => {
  const p = parse(ConsultParams, params);
  ownCall(ctx, p.contactId);
  const { qc, queueId, endpointARN } = quickConnectTarget(ctx, p.endpoint, 'consult');
  const refusal = ctx.ir.engine.refusal(queueId, ctx.now());
  if (refusal !== undefined)
    throw new InvalidStateException(
      `${qc.name} cannot take a call now (${REFUSED_WHY[refusal] ?? refusal}); the customer stays with you`,
    );
  const endpoint: VoiceEndpoint = { type: qc.type === 'USER' ? 'agent' : 'queue', name: qc.name, arn: endpointARN };
  const contactId = await ctx.voice.consult(ctx.ir, p.contactId, { queueId, endpoint, newContactId: ctx.newId() });
  return { contactId };
};

const MonitorParams = z.looseObject({
  contactId: z.string().min(1).max(256),
  targetMonitorMode: z.string().max(64),
});

/**
 * Streams' updateMonitorParticipantState (`contact.silentMonitor()` / `bargeIn()`) on the
 * supervisor's monitoring contact: SILENT_MONITOR (they hear the call, nobody hears them)
 * or BARGE (everyone hears them), as MonitorContact allowed.
 */
const updateMonitorParticipantState: Handler = async (params, ctx) => {
  const p = parse(MonitorParams, params);
  ownContact(ctx, p.contactId);
  const mode = p.targetMonitorMode.toUpperCase();
  if (mode !== 'SILENT_MONITOR' && mode !== 'BARGE')
    throw new InvalidParameterException(`targetMonitorMode: ${p.targetMonitorMode} is not SILENT_MONITOR or BARGE`);
  await ctx.voice.monitorMode(ctx.ir, p.contactId, mode);
  return {};
};

const callCommand =
  (command: 'swap' | 'conference'): Handler =>
  async (params, ctx) => {
    const p = parse(Params, params);
    ownCall(ctx, p.contactId);
    await ctx.voice.command(ctx.ir, p.contactId, command, '');
    return {};
  };

export const voiceCommands: Readonly<Record<string, Handler>> = {
  holdConnection: voiceCommand('hold'),
  resumeConnection: voiceCommand('resume'),
  muteParticipant: voiceCommand('mute'),
  unmuteParticipant: voiceCommand('unmute'),
  createAdditionalConnection,
  toggleActiveConnections: callCommand('swap'),
  conferenceConnections: callCommand('conference'),
  updateMonitorParticipantState,
};
