/**
 * TaskSession: TaskJS's `connect.TaskSession` for one task. It listens on `aws/task` of a
 * websocket manager (Streams' shape, or an agent client seen as one), keeps the items of
 * its task (by initial contact id or contact id), hands each on once to its own event (when
 * its ContentType has one) and always to `onMessage`, and reports the socket's gains,
 * losses and failure. See docs/tasks-sdk.md.
 */
import { type AgentClientLike, websocketManagerFor } from './agent-client-manager.js';
import { TASK_TOPIC } from './constants.js';
import {
  CONTENT_TYPE_EVENTS,
  type ConnectFailure,
  type ConnectResult,
  Emitter,
  type TaskEventCallback,
  type TaskEventName,
  TaskEvents,
  type TaskItem,
} from './events.js';
import { isWebSocketManager, readItem, release, type TaskWebSocketManager } from './provider.js';
import { SeenItems } from './seen.js';

/** Where the session reports a frame it cannot read and a callback that threw. */
export interface TaskLogger {
  warn(message: string, detail?: unknown): void;
  error(message: string, detail?: unknown): void;
}

interface TaskIds {
  /** The task's contact id: items whose `ContactId` is this are the task's. */
  readonly contactId: string;
  /** Its initial contact id (the first contact of a transfer chain): items whose `InitialContactId` is this are the task's. */
  readonly initialContactId?: string;
  /** Default: `console`. */
  readonly logger?: TaskLogger;
}

/** `TaskSession.create`'s argument: the task's ids and where its items come from, one of the two. */
export type TaskSessionArgs = TaskIds &
  (
    | {
        /** Streams' runtime websocket manager (`connect.core.getWebSocketManager()`), or any object of that shape. */
        readonly websocketManager: TaskWebSocketManager;
        readonly client?: undefined;
      }
    | {
        /** An agent client of `@switchboard/agent-client` (seen through `websocketManagerFor`). */
        readonly client: AgentClientLike;
        readonly websocketManager?: undefined;
      }
  );

export class TaskSession {
  /** TaskJS's `connect.TaskSession.create({contactId, initialContactId, websocketManager})`; also `{…, client}`. */
  static create(args: TaskSessionArgs): TaskSession {
    if (args === null || typeof args !== 'object') {
      throw new TypeError('TaskSession.create needs {contactId, initialContactId, websocketManager} or {…, client}');
    }
    return new TaskSession(args);
  }

  readonly contactId: string;
  readonly initialContactId: string | undefined;
  private readonly manager: unknown;
  private readonly logger: TaskLogger;
  private readonly emitter: Emitter;
  private readonly seen = new SeenItems();
  /** What unsubscribes from the manager; undefined until `connect()`. */
  private subscriptions: unknown[] | undefined;
  /** The manager said the socket cannot start. */
  private broken = false;
  private cleanedUp = false;

  private constructor(args: TaskSessionArgs) {
    this.contactId = args.contactId;
    this.initialContactId = args.initialContactId;
    this.manager = args.client ? websocketManagerFor(args.client) : args.websocketManager;
    this.logger = args.logger ?? console;
    this.emitter = new Emitter((event, err) => this.logger.error(`A ${event} callback threw`, err));
  }

  // ---------------------------------------------------------------------------------------
  // Events: TaskJS's methods. Each returns the function that unsubscribes (TaskJS returns nothing).

  /** Every item of this task (after its own event, when it has one). */
  onMessage(cb: TaskEventCallback<'INCOMING_MESSAGE'>): () => void {
    return this.on(TaskEvents.message, cb);
  }

  onTransferInitiated(cb: TaskEventCallback<'TRANSFER_INITIATED'>): () => void {
    return this.on(TaskEvents.transferInitiated, cb);
  }

  onTransferSucceeded(cb: TaskEventCallback<'TRANSFER_SUCCEEDED'>): () => void {
    return this.on(TaskEvents.transferSucceeded, cb);
  }

  onTransferFailed(cb: TaskEventCallback<'TRANSFER_FAILED'>): () => void {
    return this.on(TaskEvents.transferFailed, cb);
  }

  /** The task expires in 2 h. */
  onTaskExpiring(cb: TaskEventCallback<'TASK_EXPIRING'>): () => void {
    return this.on(TaskEvents.taskExpiring, cb);
  }

  onTaskExpired(cb: TaskEventCallback<'TASK_EXPIRED'>): () => void {
    return this.on(TaskEvents.taskExpired, cb);
  }

  onConnectionEstablished(cb: TaskEventCallback<'CONNECTION_ESTABLISHED'>): () => void {
    return this.on(TaskEvents.connectionEstablished, cb);
  }

  onConnectionBroken(cb: TaskEventCallback<'CONNECTION_BROKEN'>): () => void {
    return this.on(TaskEvents.connectionBroken, cb);
  }

  /** Beyond TaskJS (which fires the event but has no method for it): the websocket was lost. */
  onConnectionLost(cb: TaskEventCallback<'CONNECTION_LOST'>): () => void {
    return this.on(TaskEvents.connectionLost, cb);
  }

  /** Any event by its name (TaskEvents), typed from TaskEventMap. */
  on<K extends TaskEventName>(event: K, cb: TaskEventCallback<K>): () => void {
    if (this.cleanedUp) return () => undefined;
    return this.emitter.on(event, cb);
  }

  // ---------------------------------------------------------------------------------------

  /**
   * Starts listening (`subscribeTopics(['aws/task'])` and the manager's callbacks, once)
   * and resolves `{_debug, connectSuccess: true, connectCalled: true}`, after firing
   * `onConnectionEstablished` with it. Rejects `{_debug, connectSuccess: false,
   * connectCalled: true}` when there is no usable manager, the socket cannot start, or the
   * session was cleaned up. `args` is ignored, as by TaskJS.
   */
  connect(_args?: unknown): Promise<ConnectResult> {
    if (this.cleanedUp) return this.fail(new Error('The task session was cleaned up'));
    if (!this.subscriptions) {
      const m = this.manager;
      if (!isWebSocketManager(m)) {
        return this.fail(
          new TypeError('websocketManager must be a websocket manager (subscribeTopics, onMessage), or pass client'),
        );
      }
      try {
        this.listen(m);
      } catch (err) {
        this.unlisten();
        return this.fail(err);
      }
    }
    // Like TaskJS, the event fires after connect() returned: callbacks added right after it still get it.
    return Promise.resolve().then(() => {
      if (this.cleanedUp) return this.fail(new Error('The task session was cleaned up'));
      if (this.broken) return this.fail(new Error('The websocket cannot start'));
      const result: ConnectResult = { _debug: undefined, connectSuccess: true, connectCalled: true };
      this.emitter.emit(TaskEvents.connectionEstablished, result);
      return result;
    });
  }

  /** Stops listening for good: unsubscribes from the manager and drops every callback. */
  cleanUp(): void {
    if (this.cleanedUp) return;
    this.cleanedUp = true;
    this.unlisten();
    this.emitter.clear();
  }

  private fail(debug: unknown): Promise<never> {
    const failure: ConnectFailure = { _debug: debug, connectSuccess: false, connectCalled: true, metadata: undefined };
    return Promise.reject(failure);
  }

  private listen(m: TaskWebSocketManager): void {
    const subs: unknown[] = [];
    this.subscriptions = subs;
    subs.push(m.onMessage(TASK_TOPIC, (frame) => this.receive(frame)));
    if (typeof m.onConnectionGain === 'function') {
      subs.push(m.onConnectionGain(() => this.connection(TaskEvents.connectionEstablished)));
    }
    if (typeof m.onConnectionLost === 'function') {
      subs.push(m.onConnectionLost(() => this.connection(TaskEvents.connectionLost)));
    }
    if (typeof m.onInitFailure === 'function') {
      subs.push(
        m.onInitFailure(() => {
          this.broken = true;
          this.connection(TaskEvents.connectionBroken);
        }),
      );
    }
    m.subscribeTopics([TASK_TOPIC]);
  }

  private unlisten(): void {
    for (const sub of this.subscriptions?.splice(0) ?? []) {
      try {
        release(sub);
      } catch (err) {
        this.logger.warn('Unsubscribing from the websocket manager failed', err);
      }
    }
  }

  private connection(event: 'CONNECTION_ESTABLISHED' | 'CONNECTION_LOST' | 'CONNECTION_BROKEN'): void {
    if (!this.cleanedUp) this.emitter.emit(event, {});
  }

  private receive(frame: unknown): void {
    if (this.cleanedUp) return;
    const item = readItem(frame);
    if (!item) {
      this.logger.warn('Wrong message format on aws/task', frame);
      return;
    }
    if (!this.isOurs(item) || !this.seen.firstTime(item)) return;
    const event = typeof item.ContentType === 'string' ? CONTENT_TYPE_EVENTS.get(item.ContentType) : undefined;
    if (event) this.emitter.emit(event, item);
    if (!this.cleanedUp) this.emitter.emit(TaskEvents.message, item);
  }

  /** TaskJS's rule: the same initial contact, or the same contact (an id left out matches nothing). */
  private isOurs(item: TaskItem): boolean {
    return (
      (this.initialContactId !== undefined && item.InitialContactId === this.initialContactId) ||
      (this.contactId !== undefined && item.ContactId === this.contactId)
    );
  }
}
