/**
 * "Call us": `POST /widget/v1/configurations/{id}/calls` starts a web call from the
 * widget (docs/widget.md#calls). The same checks, in the same order, as starting a chat —
 *
 *   403 (origin) → 429 (rate, the chats' "start" bucket) → 400 (visitor, body) →
 *   409 (calls off, closed or nobody taking calls; one open chat or call per visitor) → 201
 *
 * — then a VOICE contact through the configuration's flow, as StartWebRTCContact starts it
 * (contact/start-webrtc.ts). The answer is what `@switchboard/voice` needs to open the
 * customer's leg:
 *
 *   { "ContactId", "ParticipantId", "JoinToken", "SignalingUrl" }
 *
 * Nothing is created when a check fails. A call counts against `maxOpenChatsPerVisitor`
 * like a chat: a visitor has one conversation open at a time.
 */
import { ConflictException, voiceEnabled, voiceOffered } from '@switchboard/core';
import { startWebRTC } from '../contact/start-webrtc.js';
import { flowTarget, type WidgetApiContext } from './context.js';
import { startForVisitor, type WidgetRequest } from './handlers.js';

/** What the widget gets back: the call's ids, and where and with what to open its leg. */
export interface WidgetCall {
  readonly ContactId: string;
  readonly ParticipantId: string;
  /** The voice token for `SignalingUrl?token=…` (VoiceCall's `token`). */
  readonly JoinToken: string;
  /** The voice signalling socket, `ws(s)://<server>/voice/v1/ws` (VoiceCall's `url`). */
  readonly SignalingUrl: string;
}

export async function startCall(
  input: WidgetRequest & { readonly visitorId: string | undefined; readonly body: () => unknown },
  ctx: WidgetApiContext,
): Promise<WidgetCall> {
  const call = await startForVisitor(input, ctx, {
    refused: (t) =>
      !voiceEnabled(t.widget)
        ? new ConflictException('This widget does not offer calls', { Reason: 'CALLS_OFF' })
        : !voiceOffered(t.widget, flowTarget(t), t.ir.engine.agents(), ctx.now())
          ? new ConflictException('Nobody can take a call right now', { Reason: 'CLOSED' })
          : undefined,
    atLimit: 'You already have an open chat or call',
    start: ({ t: { ir, widget }, visitorId, request }) =>
      startWebRTC(
        ctx,
        ir.config.instance,
        ir,
        {
          InstanceId: ir.instanceId,
          ContactFlowId: widget.contactFlowId,
          ParticipantDetails: { DisplayName: request.displayName },
          Attributes: { ...request.attributes },
        },
        { configurationId: widget.id, visitorId },
      ),
  });
  return {
    ContactId: call.ContactId,
    ParticipantId: call.ParticipantId,
    JoinToken: call.ConnectionData.Attendee.JoinToken,
    SignalingUrl: call.ConnectionData.Meeting.MediaPlacement.SignalingUrl,
  };
}
