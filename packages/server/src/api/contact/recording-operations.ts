/**
 * StartContactRecording, StopContactRecording, SuspendContactRecording and
 * ResumeContactRecording (@aws-sdk/client-connect's shapes, empty answers): a voice
 * contact's recording, through the recordings shell (voice/recordings.ts, core's
 * voice/recording.ts). Only the voice recording (`ContactRecordingType` AGENT, Connect's
 * default): IVR and screen recordings do not exist here. StartContactRecording's
 * `VoiceRecordingTrack`: FROM_AGENT records the agent, TO_AGENT the customer (what the
 * agent hears), ALL both (the default).
 */
import { idFromIdOrArn, InvalidRequestException, participantsOfTrack, ResourceNotFoundException } from '@switchboard/core';
import { z } from 'zod';
import { defineOperation, type Operation } from '../../http/operation.js';
import type { ChangeEvent, RecordingControl } from '../../voice/recordings.js';
import { type AdminContext, requireInstance } from '../admin/context.js';
import { InstanceId } from '../admin/shapes.js';
import { findDoc } from './docs.js';
import { ContactId } from './shapes.js';

const op = defineOperation<AdminContext>();

const Base = { InstanceId, ContactId, InitialContactId: ContactId };
const TypedInput = z.object({ ...Base, ContactRecordingType: z.string().max(100).optional() });
const StartInput = z.object({
  ...Base,
  VoiceRecordingConfiguration: z.object({
    VoiceRecordingTrack: z.string().max(100).optional(),
    IvrRecordingTrack: z.string().max(100).optional(),
  }),
});

const TRACKS = ['FROM_AGENT', 'TO_AGENT', 'ALL'] as const;
type Track = (typeof TRACKS)[number];

async function change(
  ctx: AdminContext,
  control: RecordingControl,
  input: { InstanceId: string; ContactId: string; InitialContactId: string },
  event: ChangeEvent,
): Promise<Record<string, never>> {
  const instance = await requireInstance(ctx, input.InstanceId);
  const ir = ctx.routing.instance(instance.id);
  const contactId = idFromIdOrArn(input.ContactId);
  const doc = await findDoc(ctx, ir, contactId);
  if (!doc) throw new ResourceNotFoundException(`Contact not found: ${contactId}`, { ResourceId: contactId });
  const initial = idFromIdOrArn(input.InitialContactId);
  const actualInitial = (ir.engine.contact(contactId) ?? doc.runtime).initialContactId;
  if (initial !== actualInitial && initial !== contactId)
    throw new InvalidRequestException(`InitialContactId: ${initial} is not the initial contact of contact ${contactId}`);
  await control.change(ir, doc, event);
  return {};
}

const onlyAgentRecording = (type: string | undefined): void => {
  if (type !== undefined && type !== 'AGENT')
    throw new InvalidRequestException(
      `ContactRecordingType: ${type} recording is not supported; only AGENT (the call's voice recording)`,
    );
};

export function recordingOperations(control: RecordingControl): readonly Operation<AdminContext>[] {
  const typed = (type: 'pause' | 'resume' | 'stop') => async (input: z.infer<typeof TypedInput>, ctx: AdminContext) => {
    onlyAgentRecording(input.ContactRecordingType);
    return change(ctx, control, input, { type });
  };
  return [
    op({
      name: 'StartContactRecording',
      method: 'POST',
      path: '/contact/start-recording',
      input: StartInput,
      handler: async (input, ctx) => {
        const { VoiceRecordingTrack, IvrRecordingTrack } = input.VoiceRecordingConfiguration;
        if (IvrRecordingTrack !== undefined)
          throw new InvalidRequestException('IvrRecordingTrack: IVR recording is not supported; set VoiceRecordingTrack');
        const track = VoiceRecordingTrack ?? 'ALL';
        if (!(TRACKS as readonly string[]).includes(track))
          throw new InvalidRequestException(`VoiceRecordingTrack: must be one of ${TRACKS.join(', ')}`);
        return change(ctx, control, input, { type: 'start', participants: participantsOfTrack(track as Track) });
      },
    }),
    op({
      name: 'StopContactRecording',
      method: 'POST',
      path: '/contact/stop-recording',
      input: TypedInput,
      handler: typed('stop'),
    }),
    op({
      name: 'SuspendContactRecording',
      method: 'POST',
      path: '/contact/suspend-recording',
      input: TypedInput,
      handler: typed('pause'),
    }),
    op({
      name: 'ResumeContactRecording',
      method: 'POST',
      path: '/contact/resume-recording',
      input: TypedInput,
      handler: typed('resume'),
    }),
  ] as unknown as readonly Operation<AdminContext>[];
}
