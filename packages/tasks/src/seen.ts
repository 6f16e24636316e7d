/**
 * The items a session already handed on, so that one the websocket brings again (after a
 * reconnect) is not handed on twice. Bounded: the oldest keys are forgotten first.
 */
import type { TaskItem } from './events.js';

/** How many items a session remembers; a task has a handful of items in its life. */
const LIMIT = 1000;

export class SeenItems {
  private readonly keys = new Set<string>();

  constructor(private readonly limit = LIMIT) {}

  /**
   * True the first time an item is offered. Keyed by Id and ContentType (an item's Id is
   * unique; the ContentType also keeps a server that reuses one Id per contact working).
   * An item without an Id cannot be recognised: always true.
   */
  firstTime(item: TaskItem): boolean {
    if (typeof item.Id !== 'string') return true;
    const key = `${item.Id}\n${String(item.ContentType)}`;
    if (this.keys.has(key)) return false;
    this.keys.add(key);
    if (this.keys.size > this.limit) {
      const oldest = this.keys.values().next().value;
      if (oldest !== undefined) this.keys.delete(oldest);
    }
    return true;
  }
}
