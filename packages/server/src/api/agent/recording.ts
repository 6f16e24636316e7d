/**
 * The agent's recording commands (the desktop's pause button): `pauseContactRecording` /
 * `resumeContactRecording` `{contactId}` on the agent's own connected voice contact. While
 * paused, nothing of the conversation is recorded; the files keep the paused span as
 * silence (voice/recordings.ts). Refusals: a contact that is not the agent's
 * (AccessDeniedException / ResourceNotFoundException), not a call, not connected, or not
 * being recorded (InvalidStateException, in words).
 */
import { InvalidRequestException, InvalidStateException } from '@switchboard/core';
import { z } from 'zod';
import { type CommandContext, type Handler, ownContact, parse } from './command-context.js';

const Params = z.looseObject({ contactId: z.string().min(1).max(256) });

const recordingCommand =
  (type: 'pause' | 'resume'): Handler =>
  async (params, ctx: CommandContext) => {
    const p = parse(Params, params);
    const live = ownContact(ctx, p.contactId);
    const doc = ctx.ir.docs.get(p.contactId);
    if (doc?.channel !== 'VOICE')
      throw new InvalidStateException(`Contact ${p.contactId} is not a voice call: only calls are recorded`);
    if (live?.phase !== 'connected')
      throw new InvalidStateException(`The call is ${live?.phase ?? 'over'}: recording is paused on a connected call`);
    if (!ctx.recording) throw new InvalidStateException('Calls are not recorded by this server');
    try {
      await ctx.recording.change(ctx.ir, doc, { type });
    } catch (err) {
      // Core's refusals are the Connect API's InvalidRequestException; the agent API says InvalidStateException.
      if (err instanceof InvalidRequestException) throw new InvalidStateException(err.message);
      throw err;
    }
    return {};
  };

export const recordingCommands: Readonly<Record<string, Handler>> = {
  pauseContactRecording: recordingCommand('pause'),
  resumeContactRecording: recordingCommand('resume'),
};
