/**
 * What the public widget handlers get: routing (the served instances and their widget
 * configurations), storage, the clock, and the in-memory limits. No credentials: a
 * request is allowed by its configuration id and its origin (routes.ts).
 */
import { AccessDeniedException, type FlowTarget, type WidgetConfiguration } from '@switchboard/core';
import type { FastifyBaseLogger } from 'fastify';
import type { AttachmentSettings } from '../../chat/attachments.js';
import { type InstanceRouting, reloadingError } from '../../routing/instance.js';
import type { RoutingService } from '../../routing/service.js';
import type { Store } from '../../storage/types.js';
import { interpretCached } from '../contact/start-chat.js';
import type { WidgetLimiter } from './limiter.js';
import type { VisitorChats } from './visitors.js';

export interface WidgetApiContext {
  readonly routing: RoutingService;
  readonly store: Store;
  /** Injected clock, epoch ms. */
  readonly now: () => number;
  readonly log: FastifyBaseLogger;
  /** Where the participant service is: the server's public URL. */
  readonly publicUrl: () => string;
  /** The instance's chat attachment limits (the `chat.attachments` of the instance file). */
  readonly attachments: AttachmentSettings;
  readonly limiter: WidgetLimiter;
  readonly visitors: VisitorChats;
}

/** A configuration a request may use: it exists, and the request's origin is one it allows. */
export interface WidgetTarget {
  readonly ir: InstanceRouting;
  readonly widget: WidgetConfiguration;
}

/** Every refusal of a foreign origin or an unknown id: the same, so it tells nothing. */
export const foreignOrigin = (): Error => new AccessDeniedException('This site may not start chats here');

/**
 * The configuration with this id, in whichever served instance has it. While routing is
 * reloading after a storage failure nothing is current: InternalServiceException (retry),
 * rather than a 403 that would say the site may not chat.
 */
export function findWidget(routing: RoutingService, id: string): WidgetTarget | undefined {
  for (const ir of routing.current()) {
    const widget = ir.config.widgets.get(id);
    if (widget) return { ir, widget };
  }
  if (routing.isReloading) throw reloadingError();
  return undefined;
}

/** The configuration, when `origin` may use it; undefined otherwise (unknown id, foreign or no origin). */
/**
 * The configuration a request from `origin` may use. Besides the configuration's own
 * `allowedOrigins`, Switchboard's own origin (`selfOrigin`: its pages, such as the demo
 * store at `/`) is always allowed: only the operator puts pages there.
 */
export function allowedTarget(
  routing: RoutingService,
  id: string,
  origin: string | undefined,
  selfOrigin?: string,
): WidgetTarget | undefined {
  if (origin === undefined) return undefined;
  const found = findWidget(routing, id);
  return found && (found.widget.allowedOrigins.includes(origin) || origin === selfOrigin) ? found : undefined;
}

/** The origin of a URL, or undefined for one that is not. */
export const originOf = (url: string): string | undefined => {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
};

/** Where the widget's flow sends its chats, as routing knows it now. */
export function flowTarget(t: WidgetTarget): FlowTarget {
  const flow = t.ir.config.flows.get(t.widget.contactFlowId);
  if (!flow) return { kind: 'broken' };
  const run = interpretCached(flow.content);
  if (!run.ok) return { kind: 'broken' };
  const queueId = run.flow.transfer ? run.flow.targetQueueId : undefined;
  return queueId === undefined ? { kind: 'none' } : { kind: 'queue', queueId, queue: t.ir.engine.queue(queueId) };
}
