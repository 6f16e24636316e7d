/**
 * Streams' `EventBus` (`connect.core.getEventBus()`, `new connect.EventBus()`): named events,
 * handlers called as `f(data, eventName, bus)`. Runtime behaviour kept (release 2.28.2):
 * - `subscribeAll` handlers run before the named ones, in subscription order;
 * - `trigger` hands `data || null` (so `0`, `''` and `false` arrive as null, as at runtime);
 * - each handler runs in try/catch: one that throws is logged ("'<event>' event handler
 *   failed.") and the others still run;
 * - the handlers are those subscribed when `trigger` starts: one subscribed during the trigger
 *   waits for the next one, and one unsubscribed during it (by an earlier handler) is still
 *   called this time; nobody is skipped or called twice;
 * - `logEvents: true` traces each event ("Publishing event: %s") except the log traffic.
 * The runtime turns `contact::accepted…` payloads `{contactId}` into `Contact` objects; here
 * the `wrapData` option does that, so this module does not depend on the Contact model.
 */
import { EventType } from './enums.js';
import { getLog, type Logger } from './log.js';
import { assertNotNull, assertTrue } from './util.js';

/** What a handler receives: the data (or null), the event's name, the bus. */
export type EventHandler<T = unknown> = (data: T, eventName: string, bus: EventBus) => void;

/** The key the runtime keeps `subscribeAll` handlers under. */
export const ALL_EVENTS = '<<all>>';

/** Events that `logEvents` does not trace (they are the log's own traffic). */
const UNTRACED: ReadonlySet<string> = new Set([
  EventType.LOG,
  EventType.MASTER_RESPONSE,
  EventType.API_METRIC,
  EventType.SERVER_BOUND_INTERNAL_LOG,
]);

export interface EventBusOptions {
  /** Trace every triggered event in the log (default false). */
  readonly logEvents?: boolean;
  /** Where failing handlers and traces are logged (default: `getLog()`). */
  readonly log?: Logger;
  /**
   * Rewrites an event's data before the handlers see it (the runtime wraps `contact::accepted`
   * payloads as `Contact`s). Called once per trigger; if it throws, the data is passed unchanged.
   */
  readonly wrapData?: (eventName: string, data: unknown) => unknown;
}

let nextSubscriptionId = 0;

/** One handler on one event; `unsubscribe()` removes it (again: no effect). */
export class Subscription {
  readonly id: string;

  constructor(
    private readonly bus: EventBus,
    readonly eventName: string,
    readonly f: EventHandler<never>,
  ) {
    this.id = `sub-${++nextSubscriptionId}`;
  }

  unsubscribe(): void {
    this.bus.removeSubscription(this);
  }
}

export class EventBus {
  /** Per event name, its subscriptions in order; arrays are replaced, never changed, so a trigger's snapshot is stable. */
  private readonly byName = new Map<string, readonly Subscription[]>();
  private readonly logEvents: boolean;
  private readonly logger: Logger | undefined;
  private readonly wrapData: EventBusOptions['wrapData'];

  constructor(options: EventBusOptions = {}) {
    this.logEvents = options.logEvents === true;
    this.logger = options.log;
    this.wrapData = options.wrapData;
  }

  /** Calls `f` on each `trigger(eventName)`. Throws ValueError for a missing name or a non-function. */
  subscribe<T = unknown>(eventName: string, f: EventHandler<T>): Subscription {
    assertNotNull(eventName, 'eventName');
    assertTrue(typeof eventName === 'string', 'eventName must be a string');
    assertNotNull(f, 'f');
    assertTrue(typeof f === 'function', 'f must be a function');
    return this.add(eventName, f);
  }

  /** Calls `f` on every event, before the event's own handlers. Throws ValueError for a non-function. */
  subscribeAll<T = unknown>(f: EventHandler<T>): Subscription {
    assertNotNull(f, 'f');
    assertTrue(typeof f === 'function', 'f must be a function');
    return this.add(ALL_EVENTS, f);
  }

  /** The subscriptions of `eventName` (`'<<all>>'` for subscribeAll's), in order; a copy. */
  getSubscriptions(eventName: string): Subscription[] {
    return [...(this.byName.get(eventName) ?? [])];
  }

  /** Calls the all-events handlers, then `eventName`'s, each with `(data || null, eventName, this)`. */
  trigger(eventName: string, data?: unknown): void {
    assertNotNull(eventName, 'eventName');
    assertTrue(typeof eventName === 'string', 'eventName must be a string');
    const handlers = [...(this.byName.get(ALL_EVENTS) ?? []), ...(this.byName.get(eventName) ?? [])];
    if (this.logEvents && !UNTRACED.has(eventName)) this.log().trace('Publishing event: %s', eventName);
    let payload = data;
    if (this.wrapData) {
      try {
        payload = this.wrapData(eventName, data);
      } catch (e) {
        this.log().error("'%s' event data could not be wrapped; passed unchanged.", eventName).withException(e);
      }
    }
    // `||`, not `??`: the runtime hands null for every falsy data.
    const arg = (payload || null) as never;
    for (const sub of handlers) {
      try {
        sub.f(arg, eventName, this);
      } catch (e) {
        this.log().error("'%s' event handler failed.", eventName).withException(e);
      }
    }
  }

  /** A function `(data, event) => this.trigger(event, data)`, to forward another bus or conduit into this one. */
  bridge(): (data: unknown, eventName: string) => void {
    return (data, eventName) => this.trigger(eventName, data);
  }

  /** Removes every subscription, the all-events ones included. */
  unsubscribeAll(): void {
    this.byName.clear();
  }

  /** @internal `Subscription.unsubscribe()`. */
  removeSubscription(sub: Subscription): void {
    const list = this.byName.get(sub.eventName);
    if (!list?.includes(sub)) return;
    const rest = list.filter((s) => s !== sub);
    if (rest.length === 0) this.byName.delete(sub.eventName);
    else this.byName.set(sub.eventName, rest);
  }

  private add(eventName: string, f: EventHandler<never>): Subscription {
    const sub = new Subscription(this, eventName, f);
    this.byName.set(eventName, [...(this.byName.get(eventName) ?? []), sub]);
    return sub;
  }

  private log(): Logger {
    return this.logger ?? getLog();
  }
}
