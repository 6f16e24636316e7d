/**
 * Whether a widget's chats can be answered now: `open` (the flow's queue takes contacts at
 * this instant) and `staffed` (someone is there to take them). `available = open && staffed`;
 * otherwise the widget shows its offline message and starting a chat answers 409.
 *
 * - **open**: the flow sends no contact to a queue (it only greets, or disconnects): open.
 *   Otherwise the queue must exist, be enabled, and its hours of operation be open at `now`
 *   (in the hours' time zone; a queue without hours is always open). A widget whose flow is
 *   gone or cannot run is closed.
 * - **staffed**: the flow sends no contact to a queue: staffed (nobody is needed). Otherwise
 *   at least one agent is signed in with a desktop open (a live agent session: `online`),
 *   in a ROUTABLE status (such as Available) and not in an error state, and their routing
 *   profile serves the queue on CHAT (concurrency for CHAT, and the queue listed for CHAT).
 *   A busy agent counts: the chat waits in the queue for them.
 *
 * Pure: a function of what routing knows and `now`.
 */
import { isOpenAt } from '../config/open.js';
import type { AgentRuntime, Millis, QueueRouting } from '../routing/types.js';

export interface WidgetStatus {
  readonly open: boolean;
  readonly staffed: boolean;
  readonly available: boolean;
}

/** Where a widget's flow sends its chats. */
export type FlowTarget =
  /** The flow cannot run (it is gone, or its content is not one Switchboard runs). */
  | { readonly kind: 'broken' }
  /** The flow sends the contact to no queue. */
  | { readonly kind: 'none' }
  /** The flow transfers to `queueId`; `queue` as routing has it (undefined: no such queue). */
  | { readonly kind: 'queue'; readonly queueId: string; readonly queue: QueueRouting | undefined };

/** The channels a widget starts contacts on: chats, and web calls ("Call us"). */
export type WidgetChannel = 'CHAT' | 'VOICE';

/** Does this agent staff `queueId` for `channel` (chats unless said) right now? */
export function staffsChat(agent: AgentRuntime, queueId: string, channel: WidgetChannel = 'CHAT'): boolean {
  return (
    agent.online &&
    agent.status.type === 'ROUTABLE' &&
    agent.error === undefined &&
    agent.routing.channels[channel].concurrency > 0 &&
    agent.routing.queues.some((e) => e.queueId === queueId && e.channel === channel)
  );
}

/** Is the queue taking contacts at `now` (enabled, within its hours)? */
export function queueOpen(queue: QueueRouting | undefined, now: Millis): boolean {
  if (!queue?.enabled) return false;
  return queue.hours === undefined || isOpenAt(queue.hours, now);
}

/** The status for chats, or (`channel` VOICE) for web calls: staffed by agents who take calls. */
export function widgetStatus(
  target: FlowTarget,
  agents: Iterable<AgentRuntime>,
  now: Millis,
  channel: WidgetChannel = 'CHAT',
): WidgetStatus {
  if (target.kind === 'broken') return { open: false, staffed: false, available: false };
  if (target.kind === 'none') return { open: true, staffed: true, available: true };
  const open = queueOpen(target.queue, now);
  let staffed = false;
  for (const a of agents) {
    if (staffsChat(a, target.queueId, channel)) {
      staffed = true;
      break;
    }
  }
  return { open, staffed, available: open && staffed };
}
