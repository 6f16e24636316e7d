/**
 * The public widget operations as plain `(input, ctx) => output` handlers; routes.ts does
 * HTTP (origin, CORS, body, errors). In every one a missing target (unknown id, or an
 * origin the configuration does not allow) is the same 403.
 *
 *   describeConfiguration  what the widget shows, and whether someone can answer now
 *   startChat              403 → 429 (rate) → 400 (visitor, body) → 409 (closed, cap) → 201
 *   rateChat               403 → 429 (rate) → 400 (body) → 403 (token, too late) → {}
 *
 * Leaving a message (the offline form) is messages.ts; starting a call ("Call us") calls.ts.
 */
import {
  AccessDeniedException,
  ConflictException,
  isVisitorId,
  RatingAttribute,
  ratingAllowed,
  readRating,
  readStartChat,
  retryAfterSeconds,
  leaveMessageOffered,
  ThrottlingException,
  ValidationException,
  voiceOffered,
  widgetStatus,
  withRating,
} from '@switchboard/core';
import { chainDocs, findDoc } from '../contact/docs.js';
import { ATTRIBUTES_MAX_BYTES, attributesBytes } from '../contact/shapes.js';
import { startChat as startContactChat } from '../contact/start-chat.js';
import { flowTarget, foreignOrigin, type WidgetApiContext, type WidgetTarget } from './context.js';
import type { Limited } from './limiter.js';

/** A ThrottlingException that says when to come back (routes.ts writes Retry-After). */
export class RetryLater extends ThrottlingException {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

/** What every widget request carries. */
export interface WidgetRequest {
  /** The configuration, when the request may use it (see context.ts allowedTarget). */
  readonly target: WidgetTarget | undefined;
  /** The client's address (the socket's). */
  readonly ip: string;
}

/** The JSON body, read when needed (so limits come first); throws ValidationException. */
type Body = () => unknown;

/** The content types a widget chat carries (SupportedMessagingContentTypes). */
const WIDGET_CONTENT_TYPES = [
  'text/plain',
  'text/markdown',
  'application/vnd.amazonaws.connect.message.interactive',
  'application/vnd.amazonaws.connect.message.interactive.response',
] as const;

/** The configuration the request may use; the 403 otherwise. */
export function allowed(input: WidgetRequest): WidgetTarget {
  if (!input.target) throw foreignOrigin();
  return input.target;
}

/** Counts the request against the configuration's limits; RetryLater (429) past one. */
export function limit(ctx: WidgetApiContext, t: WidgetTarget, kind: Limited, ip: string): void {
  const waitMs = ctx.limiter.take(t.widget, kind, ip, ctx.now());
  if (waitMs > 0) throw new RetryLater('Too many requests: try again in a moment', retryAfterSeconds(waitMs));
}

export function describeConfiguration(input: WidgetRequest, ctx: WidgetApiContext) {
  const t = allowed(input);
  const w = t.widget;
  const a = ctx.attachments;
  const target = flowTarget(t);
  const now = ctx.now();
  return {
    id: w.id,
    name: w.name,
    greeting: w.greeting,
    offlineMessage: w.offlineMessage,
    preChatForm: {
      enabled: w.preChatForm.enabled,
      fields: w.preChatForm.fields.map((f) => ({
        name: f.name,
        label: f.label,
        type: f.type,
        required: f.required,
        maxLength: f.maxLength,
      })),
    },
    theme: { primaryColor: w.theme.primaryColor, position: w.theme.position },
    attachments: { enabled: a.perChatQuota > 0, maxSizeBytes: a.maxSizeBytes, contentTypes: [...a.allowedContentTypes] },
    persistence: w.persistence,
    status: widgetStatus(target, t.ir.engine.agents(), now),
    leaveMessage: { enabled: leaveMessageOffered(w, target, now) },
    voice: { enabled: voiceOffered(w, target, t.ir.engine.agents(), now) },
  };
}

/** A visitor's start request: the chat or call form, the configuration and the visitor's id. */
interface VisitorStart {
  readonly t: WidgetTarget;
  readonly visitorId: string;
  readonly request: Extract<ReturnType<typeof readStartChat>, { ok: true }>;
}

/**
 * Starts a visitor's contact, a chat or a call, with the checks both share in this order:
 * origin, rate limit, visitor id, form; then `refused` (why this contact cannot start now,
 * or nothing), the visitor's cap on open contacts, and `start` with the visitor's slot held
 * until it answers (two tabs starting at once cannot both pass the cap).
 */
export async function startForVisitor<T extends { readonly ContactId: string }>(
  input: WidgetRequest & { readonly visitorId: string | undefined; readonly body: Body },
  ctx: WidgetApiContext,
  o: {
    readonly refused: (t: WidgetTarget) => Error | undefined;
    readonly atLimit: string;
    readonly start: (s: VisitorStart) => Promise<T>;
  },
): Promise<T> {
  const t = allowed(input);
  limit(ctx, t, 'start', input.ip);
  const visitorId = input.visitorId;
  if (!isVisitorId(visitorId))
    throw new ValidationException('The x-switchboard-visitor header must be 8 to 128 letters, digits, - or _');
  const request = readStartChat(input.body(), t.widget);
  if (!request.ok) throw new ValidationException(request.message);
  const { ir, widget } = t;
  const refusal = o.refused(t);
  if (refusal) throw refusal;
  if (ctx.visitors.open(ir, widget.id, visitorId) >= widget.maxOpenChatsPerVisitor)
    throw new ConflictException(o.atLimit, { Reason: 'VISITOR_LIMIT' });
  const done = ctx.visitors.reserve(ir, widget.id, visitorId);
  try {
    const started = await o.start({ t, visitorId, request });
    done(started.ContactId);
    return started;
  } finally {
    done();
  }
}

export async function startChat(
  input: WidgetRequest & { readonly visitorId: string | undefined; readonly body: Body },
  ctx: WidgetApiContext,
) {
  const chat = await startForVisitor(input, ctx, {
    refused: (t) =>
      widgetStatus(flowTarget(t), t.ir.engine.agents(), ctx.now()).available
        ? undefined
        : new ConflictException('The contact center is closed', { Reason: 'CLOSED' }),
    atLimit: 'You already have an open chat',
    start: ({ t: { ir, widget }, visitorId, request }) =>
      startContactChat(
        ctx,
        ir.config.instance,
        ir,
        {
          InstanceId: ir.instanceId,
          ContactFlowId: widget.contactFlowId,
          ParticipantDetails: { DisplayName: request.displayName },
          Attributes: { ...request.attributes },
          SupportedMessagingContentTypes: [...WIDGET_CONTENT_TYPES],
        },
        { configurationId: widget.id, visitorId },
      ),
  });
  return {
    chat: { ContactId: chat.ContactId, ParticipantId: chat.ParticipantId, ParticipantToken: chat.ParticipantToken },
    participantEndpoint: ctx.publicUrl(),
  };
}

export async function rateChat(
  input: WidgetRequest & { readonly bearer: string | undefined; readonly body: Body },
  ctx: WidgetApiContext,
) {
  const t = allowed(input);
  limit(ctx, t, 'rating', input.ip);
  const rating = readRating(input.body());
  if (!rating.ok) throw new ValidationException(rating.message);
  const { ir, widget } = t;
  const denied = () => new AccessDeniedException('The chat token is not valid for this widget');
  const claims = input.bearer ? ctx.routing.signer.verify(input.bearer) : undefined;
  // The token's own expiry is the chat's: a chat may be rated for a day after it ended.
  if (claims?.k !== 'participant' || claims.i !== ir.instanceId) throw denied();
  const doc = await findDoc(ctx, ir, claims.c);
  if (doc?.widget?.configurationId !== widget.id || doc.customer?.participantId !== claims.p) throw denied();
  const initial = doc.runtime.initialContactId;
  const head = ir.engine.contact(ir.heads.get(initial) ?? doc.contactId);
  const chain = await chainDocs(ctx, ir, initial);
  const open = head !== undefined && head.phase !== 'ended' && head.phase !== 'destroyed';
  const endedAt = open ? undefined : Math.max(0, ...chain.map((d) => d.disconnectedAt ?? d.runtime.endedAt ?? 0));
  if (!ratingAllowed(endedAt, ctx.now()))
    throw new AccessDeniedException('This chat ended more than 24 hours ago: it can no longer be rated');
  const merged = chain.map((d) => withRating(d.attributes, rating));
  if (merged.some((m) => attributesBytes(m) > ATTRIBUTES_MAX_BYTES))
    throw new ValidationException(`The contact's attributes would exceed ${ATTRIBUTES_MAX_BYTES} bytes`);
  chain.forEach((d, i) => {
    d.attributes = merged[i] as Record<string, string>;
  });
  await ir.step([], { docs: chain });
  ctx.log.info({ contactId: initial, [RatingAttribute.RATING]: rating.rating }, 'chat rated');
  return {};
}
