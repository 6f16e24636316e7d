/**
 * StartWebRTCContact (`PUT /contact/webrtc`): a customer's call from a browser (issue 23).
 * It runs the flow like StartChatContact (the flow's queue gets a VOICE contact; a flow
 * that does not transfer ends it) and answers the client-connect shape. Connect hands out a
 * Chime meeting there; Switchboard keeps the shape with its own values
 * (shared/spec/voice-webrtc.md §4, docs/voice.md):
 *
 * - `ConnectionData.Attendee.JoinToken`: the token that opens the customer's leg on the
 *   voice signalling socket (`/voice/v1/ws?token=…`);
 * - `ConnectionData.Meeting.MediaPlacement.SignalingUrl` (and `AudioHostUrl`): that socket's URL;
 * - `Meeting.MeetingId`: the contact id; `Attendee.AttendeeId`: the customer's participant id;
 * - `ParticipantToken`: the participant API token, as for a chat.
 *
 * Video and screen sharing are refused ("not supported"): Switchboard's web calls are audio.
 */
import { randomUUID } from 'node:crypto';
import {
  type ContactRuntime,
  idFromIdOrArn,
  type Instance,
  InvalidParameterException,
  InvalidRequestException,
  newVoiceCall,
  ResourceNotFoundException,
  VOICE_WS_PATH,
} from '@switchboard/core';
import { z } from 'zod';
import type { ContactDoc } from '../../routing/contact-doc.js';
import type { InstanceRouting } from '../../routing/instance.js';
import { timeOrderedId } from '../../util/time-ordered-id.js';
import { defineOperation } from '../../http/operation.js';
import { type AdminContext, requireInstance, requireResource } from '../admin/context.js';
import { Id, InstanceId } from '../admin/shapes.js';
import { findDoc } from './docs.js';
import { IdempotencyCache } from './idempotency.js';
import { Attributes, ClientToken, ContactId, SegmentAttributes } from './shapes.js';
import { createByFlow, interpretCached } from './start-chat.js';
import { References, TaskDescription, taskReferences } from './start-task.js';

/** How long the customer's join and participant tokens work: a call longer than this cannot rejoin. */
export const WEBRTC_TOKEN_MS = 12 * 3_600_000;

const Capabilities = z.object({ Video: z.enum(['SEND']).optional(), ScreenShare: z.enum(['SEND']).optional() }).optional();

export const StartWebRTCInput = z.object({
  InstanceId,
  ContactFlowId: Id,
  ParticipantDetails: z.object({ DisplayName: z.string().min(1).max(256) }),
  Attributes: Attributes.optional(),
  ClientToken: ClientToken.optional(),
  AllowedCapabilities: z.object({ Customer: Capabilities, Agent: Capabilities }).optional(),
  RelatedContactId: ContactId.optional(),
  References: References.optional(),
  Description: TaskDescription.optional(),
  SegmentAttributes: SegmentAttributes.optional(),
});
export type StartWebRTCRequest = z.output<typeof StartWebRTCInput>;

export interface WebRTCAnswer {
  readonly ContactId: string;
  readonly ParticipantId: string;
  readonly ParticipantToken: string;
  readonly ConnectionData: {
    readonly Attendee: { readonly AttendeeId: string; readonly JoinToken: string };
    readonly Meeting: {
      readonly MeetingId: string;
      readonly MediaRegion: string;
      readonly MediaPlacement: {
        readonly AudioHostUrl: string;
        readonly AudioFallbackUrl: string;
        readonly SignalingUrl: string;
        readonly TurnControlUrl: string;
        readonly EventIngestionUrl: string;
      };
      readonly MeetingFeatures: { readonly Audio: { readonly EchoReduction: 'AVAILABLE' | 'UNAVAILABLE' } };
    };
  };
}

/** What starting a call needs: StartWebRTCContact's admin context, or the widget's public one. */
export type StartWebRTCContext = Pick<AdminContext, 'store' | 'routing' | 'now' | 'log' | 'publicUrl'>;

/**
 * Starts the call: the VOICE contact through the flow, and the customer's tokens. `widget`
 * marks a call started from a widget configuration (POST /widget/v1/configurations/{id}/calls).
 */
export async function startWebRTC(
  ctx: StartWebRTCContext,
  instance: Instance,
  ir: InstanceRouting,
  input: StartWebRTCRequest,
  widget?: ContactDoc['widget'],
): Promise<WebRTCAnswer> {
  for (const side of ['Customer', 'Agent'] as const) {
    const caps = input.AllowedCapabilities?.[side];
    if (caps?.Video || caps?.ScreenShare)
      throw new InvalidParameterException(
        `AllowedCapabilities.${side}: video and screen sharing are not supported; Switchboard's web calls are audio only`,
      );
  }
  const references = taskReferences(input.References);
  const flow =
    ir.config.flows.get(idFromIdOrArn(input.ContactFlowId)) ??
    (await requireResource(ctx, instance, 'contactFlow', input.ContactFlowId));
  const run = interpretCached(flow.content);
  if (!run.ok) throw new InvalidRequestException(`Contact flow ${flow.id} cannot run: ${run.problems.slice(0, 3).join('; ')}`);
  const relatedContactId = input.RelatedContactId !== undefined ? idFromIdOrArn(input.RelatedContactId) : undefined;
  if (relatedContactId !== undefined && !(await findDoc(ctx, ir, relatedContactId)))
    throw new ResourceNotFoundException(`RelatedContactId: contact not found: ${relatedContactId}`, {
      ResourceId: relatedContactId,
    });

  const now = ctx.now();
  const contactId = timeOrderedId();
  const participantId = randomUUID();
  const expiresAt = now + WEBRTC_TOKEN_MS;
  const runtime: ContactRuntime = {
    contactId,
    initialContactId: contactId,
    channel: 'VOICE',
    phase: 'init',
    phaseSince: now,
    createdAt: now,
  };
  const doc: ContactDoc = {
    instanceId: instance.id,
    contactId,
    channel: 'VOICE',
    runtime,
    initiationMethod: 'WEBRTC_API',
    initiatedAt: now,
    flowId: flow.id,
    ...(input.Description !== undefined ? { description: input.Description } : {}),
    attributes: { ...input.Attributes },
    customer: { participantId, role: 'CUSTOMER', displayName: input.ParticipantDetails.DisplayName },
    agents: [],
    voice: newVoiceCall(participantId, contactId),
    ...(Object.keys(references).length > 0 ? { task: { references } } : {}),
    ...(input.ClientToken !== undefined ? { clientToken: input.ClientToken } : {}),
    ...(relatedContactId !== undefined ? { relatedContactId } : {}),
    ...(input.SegmentAttributes ? { segmentAttributes: input.SegmentAttributes } : {}),
    ...(widget ? { widget } : {}),
  };
  await createByFlow(ctx, ir, run.flow, doc);
  const signalling = `${ctx.publicUrl().replace(/^http/, 'ws')}${VOICE_WS_PATH}`;
  return {
    ContactId: contactId,
    ParticipantId: participantId,
    ParticipantToken: ctx.routing.participantToken(instance.id, contactId, participantId, expiresAt),
    ConnectionData: {
      Attendee: {
        AttendeeId: participantId,
        JoinToken: ctx.routing.voiceToken(instance.id, contactId, participantId, expiresAt),
      },
      Meeting: {
        MeetingId: contactId,
        MediaRegion: instance.region,
        MediaPlacement: {
          AudioHostUrl: signalling,
          AudioFallbackUrl: '',
          SignalingUrl: signalling,
          TurnControlUrl: '',
          EventIngestionUrl: '',
        },
        MeetingFeatures: { Audio: { EchoReduction: 'UNAVAILABLE' } },
      },
    },
  };
}

/** ClientTokens seen (the SDK fills one into every call): a retry answers the first call again. */
const tokensByService = new WeakMap<object, IdempotencyCache<WebRTCAnswer>>();
const tokensOf = (ctx: AdminContext): IdempotencyCache<WebRTCAnswer> => {
  let t = tokensByService.get(ctx.routing);
  if (!t) {
    t = new IdempotencyCache();
    tokensByService.set(ctx.routing, t);
  }
  return t;
};

const op = defineOperation<AdminContext>();

export const webrtcOperations = [
  op({
    name: 'StartWebRTCContact',
    method: 'PUT',
    path: '/contact/webrtc',
    input: StartWebRTCInput,
    handler: async (input, ctx) => {
      const instance = await requireInstance(ctx, input.InstanceId);
      const ir = ctx.routing.instance(instance.id);
      return tokensOf(ctx).run(instance.id, input.ClientToken, ctx.now(), () => startWebRTC(ctx, instance, ir, input));
    },
  }),
];
