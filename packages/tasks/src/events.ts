/**
 * Every event a task session emits, declared once: the name (TaskJS's own event names),
 * what its callback receives, and when it fires. `session.onX(cb)` subscribes to one of
 * them (TaskJS's methods); `session.on(TaskEvents.X, cb)` is the same, typed from this map.
 */
import { ContentTypes } from './constants.js';

/**
 * A task item as the server sent it on `aws/task` (TaskJS hands the parsed item itself to
 * the callbacks, not a wrapper).
 */
export interface TaskItem {
  readonly Id: string;
  readonly ContentType: string;
  /** `EVENT`. */
  readonly Type: string;
  /** ISO-8601. */
  readonly AbsoluteTime: string;
  readonly InitialContactId?: string;
  readonly ContactId?: string;
  readonly [field: string]: unknown;
}

/** What `connect()` resolves, as TaskJS. */
export interface ConnectResult {
  readonly _debug: unknown;
  readonly connectSuccess: true;
  readonly connectCalled: true;
}

/** What a failed `connect()` rejects with, as TaskJS. */
export interface ConnectFailure {
  readonly _debug: unknown;
  readonly connectSuccess: false;
  readonly connectCalled: true;
  readonly metadata: undefined;
}

/** The data of the connection events TaskJS fires with `{}`. */
export type EmptyEvent = Readonly<Record<string, never>>;

export const TaskEvents = {
  /** Every task item for this task, after its own event when it has one (never for another task's items). */
  message: 'INCOMING_MESSAGE',
  /** `…event.transfer.initiated`: a transfer of the task started. */
  transferInitiated: 'TRANSFER_INITIATED',
  /** `…event.transfer.succeeded`: the transfer went through. */
  transferSucceeded: 'TRANSFER_SUCCEEDED',
  /** `…event.transfer.failed`: the transfer did not go through. */
  transferFailed: 'TRANSFER_FAILED',
  /** `…event.expire.warning`: the task expires in 2 h. */
  taskExpiring: 'TASK_EXPIRING',
  /** `…event.expire.complete`: the task expired. */
  taskExpired: 'TASK_EXPIRED',
  /** After `connect()` (with its result), and whenever the websocket is gained again (with `{}`). */
  connectionEstablished: 'CONNECTION_ESTABLISHED',
  /** The websocket was lost; the websocket manager reconnects by itself. Beyond TaskJS's methods: `onConnectionLost`. */
  connectionLost: 'CONNECTION_LOST',
  /** The websocket cannot start (the manager's init failure; an agent client whose session is over). */
  connectionBroken: 'CONNECTION_BROKEN',
} as const;
export type TaskEventName = (typeof TaskEvents)[keyof typeof TaskEvents];

export interface TaskEventMap {
  INCOMING_MESSAGE: TaskItem;
  TRANSFER_INITIATED: TaskItem;
  TRANSFER_SUCCEEDED: TaskItem;
  TRANSFER_FAILED: TaskItem;
  TASK_EXPIRING: TaskItem;
  TASK_EXPIRED: TaskItem;
  CONNECTION_ESTABLISHED: ConnectResult | EmptyEvent;
  CONNECTION_LOST: EmptyEvent;
  CONNECTION_BROKEN: EmptyEvent;
}

/** A callback gets the event's data and, as under TaskJS (Streams' EventBus), the event's name. */
export type TaskEventCallback<K extends TaskEventName> = (data: TaskEventMap[K], event: K) => void;

/** Which event each ContentType fires besides `INCOMING_MESSAGE` (TaskJS's CONTENT_TYPE_TO_EVENT_MAP). */
export const CONTENT_TYPE_EVENTS: ReadonlyMap<string, TaskEventName> = new Map<string, TaskEventName>([
  [ContentTypes.transferInitiated, TaskEvents.transferInitiated],
  [ContentTypes.transferSucceeded, TaskEvents.transferSucceeded],
  [ContentTypes.transferFailed, TaskEvents.transferFailed],
  [ContentTypes.taskExpiring, TaskEvents.taskExpiring],
  [ContentTypes.taskExpired, TaskEvents.taskExpired],
]);

/**
 * A typed emitter. Callbacks run in subscription order; one that throws is reported to
 * `onError` and does not stop the others or the session.
 */
export class Emitter {
  private readonly handlers = new Map<TaskEventName, Set<(data: never, event: never) => void>>();

  constructor(private readonly onError: (event: TaskEventName, err: unknown) => void) {}

  on<K extends TaskEventName>(event: K, cb: TaskEventCallback<K>): () => void {
    let set = this.handlers.get(event);
    if (!set) {
      set = new Set();
      this.handlers.set(event, set);
    }
    // Each subscription is its own entry, also when the same function subscribes twice (as TaskJS).
    const entry = ((data: TaskEventMap[K], name: K) => cb(data, name)) as (data: never, event: never) => void;
    set.add(entry);
    return () => {
      set.delete(entry);
    };
  }

  emit<K extends TaskEventName>(event: K, data: TaskEventMap[K]): void {
    const set = this.handlers.get(event);
    if (!set) return;
    for (const cb of [...set]) {
      try {
        (cb as TaskEventCallback<K>)(data, event);
      } catch (err) {
        this.onError(event, err);
      }
    }
  }

  clear(): void {
    this.handlers.clear();
  }
}
