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
import {
  ConflictException,
  isVisitorId,
  readStartChat,
  ValidationException,
  voiceEnabled,
  voiceOffered,
} from '@switchboard/core';
import { startWebRTC } from '../contact/start-webrtc.js';
import { flowTarget, type WidgetApiContext } from './context.js';
import { allowed, limit, type WidgetRequest } from './handlers.js';

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
  const t = allowed(input);
  limit(ctx, t, 'start', input.ip);
  const visitorId = input.visitorId;
  if (!isVisitorId(visitorId))
    throw new ValidationException('The x-switchboard-visitor header must be 8 to 128 letters, digits, - or _');
  const request = readStartChat(input.body(), t.widget);
  if (!request.ok) throw new ValidationException(request.message);
  const { ir, widget } = t;
  if (!voiceEnabled(widget)) throw new ConflictException('This widget does not offer calls', { Reason: 'CALLS_OFF' });
  if (!voiceOffered(widget, flowTarget(t), ir.engine.agents(), ctx.now()))
    throw new ConflictException('Nobody can take a call right now', { Reason: 'CLOSED' });
  if (ctx.visitors.open(ir, widget.id, visitorId) >= widget.maxOpenChatsPerVisitor)
    throw new ConflictException('You already have an open chat or call', { Reason: 'VISITOR_LIMIT' });
  const done = ctx.visitors.reserve(ir, widget.id, visitorId);
  try {
    const call = await startWebRTC(
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
    );
    done(call.ContactId);
    return {
      ContactId: call.ContactId,
      ParticipantId: call.ParticipantId,
      JoinToken: call.ConnectionData.Attendee.JoinToken,
      SignalingUrl: call.ConnectionData.Meeting.MediaPlacement.SignalingUrl,
    };
  } finally {
    done();
  }
}
