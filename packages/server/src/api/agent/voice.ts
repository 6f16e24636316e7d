/**
 * The agent's voice commands, Streams' names (shared/spec/voice-webrtc.md §3):
 * `holdConnection` / `resumeConnection` put the customer's connection on hold (the customer
 * hears the hold music, the agent hears nobody) and back; `muteParticipant` /
 * `unmuteParticipant` mute a connection on the server (the agent's own: the customer no
 * longer hears them). Params `{contactId, connectionId?}`: without a connection, hold and
 * resume mean the customer's, mute and unmute the agent's own. The call controller
 * (voice/calls.ts) decides with core's voiceCallStep and commits before the media changes.
 */
import { InvalidStateException } from '@switchboard/core';
import { z } from 'zod';
import type { VoiceCommand } from '../../voice/calls.js';
import { type Handler, ownContact, parse } from './command-context.js';

const Params = z.looseObject({
  contactId: z.string().min(1).max(256),
  connectionId: z.string().min(1).max(256).optional(),
});

const voiceCommand =
  (command: VoiceCommand): Handler =>
  async (params, ctx) => {
    const p = parse(Params, params);
    ownContact(ctx, p.contactId);
    const doc = ctx.ir.docs.get(p.contactId);
    if (doc?.channel !== 'VOICE')
      throw new InvalidStateException(`Contact ${p.contactId} is not a voice call: only calls are held or muted`);
    const own = ctx.ir.engine.agent(ctx.session.userId)?.assignments.find((x) => x.contactId === p.contactId);
    const customer = doc.customer?.participantId ?? `${doc.contactId}-customer`;
    const connectionId =
      p.connectionId ?? (command === 'hold' || command === 'resume' ? customer : (own?.connectionId ?? customer));
    await ctx.voice.command(ctx.ir, p.contactId, command, connectionId);
    return {};
  };

export const voiceCommands: Readonly<Record<string, Handler>> = {
  holdConnection: voiceCommand('hold'),
  resumeConnection: voiceCommand('resume'),
  muteParticipant: voiceCommand('mute'),
  unmuteParticipant: voiceCommand('unmute'),
};
