/**
 * The websocket a task session listens on: Streams' runtime websocket manager
 * (`connect.core.getWebSocketManager()`), as far as TaskJS uses it, and reading the task
 * items it hands on.
 */
import type { TaskItem } from './events.js';

/** A frame as a websocket manager hands it to `onMessage(topic, cb)`: `content` is the item as JSON. */
export interface TopicFrame {
  readonly topic?: string;
  readonly contentType?: string;
  /** The item as a JSON string (Streams); an object is taken too. */
  readonly content?: unknown;
}

/**
 * Streams' runtime `WebSocketManager` shape (not its typings, which differ): what TaskJS
 * calls. Each `on…` returns what unsubscribes: a function (Streams) or an object with
 * `unsubscribe()`; anything else is taken as "cannot unsubscribe".
 */
export interface TaskWebSocketManager {
  subscribeTopics(topics: string[]): void;
  onMessage(topic: string, cb: (frame: TopicFrame) => void): unknown;
  onConnectionGain?(cb: () => void): unknown;
  onConnectionLost?(cb: () => void): unknown;
  onInitFailure?(cb: () => void): unknown;
}

/** Ends a subscription, whichever way the manager returned it. */
export function release(subscription: unknown): void {
  if (typeof subscription === 'function') {
    (subscription as () => void)();
    return;
  }
  const unsubscribe = (subscription as { unsubscribe?: unknown } | null | undefined)?.unsubscribe;
  if (typeof unsubscribe === 'function') unsubscribe.call(subscription);
}

/** The item a frame carries, or undefined when it is not a JSON object. */
export function readItem(frame: unknown): TaskItem | undefined {
  if (frame === null || typeof frame !== 'object') return undefined;
  let content = (frame as TopicFrame).content;
  if (typeof content === 'string') {
    try {
      content = JSON.parse(content) as unknown;
    } catch {
      return undefined;
    }
  }
  if (content === null || typeof content !== 'object' || Array.isArray(content)) return undefined;
  return content as TaskItem;
}

/** Whether `value` has the manager's one method a session cannot do without. */
export function isWebSocketManager(value: unknown): value is TaskWebSocketManager {
  const m = value as Partial<TaskWebSocketManager> | null | undefined;
  return typeof m?.subscribeTopics === 'function' && typeof m.onMessage === 'function';
}
