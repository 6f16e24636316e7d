/**
 * The manager: one signed-in agent (over `@switchboard/agent-client`, with a token or a
 * username and password, in a browser or Node), their state, and their contacts as Tasks.
 * Every push of the agent's data goes through the pure derivation (derive.ts); the manager
 * creates tasks (`task:incoming`, `task:hydrate`), syncs each task's data, emits the task
 * events, and clears missed offers. It holds no other state.
 */
import {
  AgentClient,
  type AgentClientOptions,
  type AgentDataWire,
  type Clock,
  type ConnectionState,
  type QueueRef,
  type QuickConnectEndpoint,
  systemClock,
  TypedEmitter,
} from '@switchboard/agent-client';
import type { AutoWrapupSettings } from './auto-wrapup.js';
import { deriveChanges } from './derive.js';
import { fromApiError, TaskError, TaskErrorType } from './errors.js';
import { type AgentStateChange, CONTACT_CENTER_EVENTS, type ContactCenterCallbacks, RejectReason } from './events.js';
import { canCarryVoice, defaultMicrophone } from './media.js';
import { Task, type TaskHost } from './task.js';
import type { WrapUpCode } from './types.js';

export interface ContactCenterOptions {
  /** How long an operation may take, the server's answer and the change in the agent's data together (default 20 000 ms). */
  readonly operationTimeoutMs?: number;
  /**
   * Wraps tasks up by themselves after this long in after-contact work, with `wrapUpCode`
   * (an id or name; default the first code by name). Off when left out.
   */
  readonly autoWrapup?: {
    readonly afterMs: number;
    readonly allowCancel?: boolean;
    readonly wrapUpCode?: string;
  };
  /** Whether calls open the agent's voice leg here (default: where WebRTC and a microphone API exist, i.e. browsers). */
  readonly media?: boolean;
  /** The microphone for calls (default `getUserMedia({audio: true})`). */
  readonly microphone?: () => Promise<MediaStreamTrack>;
  /** Clears a missed offer (RONA) from the agent's data at once (default true): the slot is free again. */
  readonly clearMissed?: boolean;
  /** Timers (operation timeouts, auto wrap-up); default the system's. */
  readonly clock?: Clock;
}

export interface ContactCenterSignIn extends AgentClientOptions, ContactCenterOptions {
  readonly username: string;
  readonly password: string;
  /** The instance's id or alias; may be left out when the server serves one instance. */
  readonly instance?: string;
}

export interface ContactCenterFromToken extends AgentClientOptions, ContactCenterOptions {
  readonly token: string;
  readonly expiresAt?: Date | string | number;
}

const OWN_OPTIONS = ['operationTimeoutMs', 'autoWrapup', 'media', 'microphone', 'clearMissed', 'clock'] as const;

function clientOptions<T extends object>(options: T): T {
  const copy = { ...options } as Record<string, unknown>;
  for (const k of OWN_OPTIONS) delete copy[k];
  return copy as unknown as T;
}

export class ContactCenter {
  /** The agent client underneath (commands, session, raw data). */
  readonly client: AgentClient;
  private readonly emitter: TypedEmitter<ContactCenterCallbacks>;
  private readonly tasks = new Map<string, Task>();
  private readonly declinedIds = new Set<string>();
  private readonly host: TaskHost;
  private readonly options: ContactCenterOptions;
  private previous: AgentDataWire | undefined;
  private codes: Promise<readonly WrapUpCode[]> | undefined;
  private readonly unsubscribe: (() => void)[] = [];
  private closed = false;
  private started = false;

  /** Signs an agent in with username and password and resolves once their data came (tasks already there are hydrated). */
  static async signIn(options: ContactCenterSignIn): Promise<ContactCenter> {
    let client: AgentClient;
    try {
      client = await AgentClient.signIn(clientOptions(options));
    } catch (err) {
      throw fromApiError(err, 'signIn', undefined, `signing ${options.username} in`);
    }
    return ContactCenter.fromClient(client, { ...options, endpoint: options.endpoint });
  }

  /** An agent with a session token (a saved sign-in, or a minted token). */
  static async fromToken(options: ContactCenterFromToken): Promise<ContactCenter> {
    let client: AgentClient;
    try {
      client = AgentClient.fromToken(clientOptions(options));
    } catch (err) {
      throw fromApiError(err, 'signIn', undefined, 'connecting with the token');
    }
    return ContactCenter.fromClient(client, { ...options, endpoint: options.endpoint });
  }

  /**
   * Over an agent client you already have; resolves once the agent's data came. `endpoint`
   * (the server's URL, as the client was given it) is where calls and chats connect.
   */
  static async fromClient(
    client: AgentClient,
    options: ContactCenterOptions & { readonly endpoint?: string } = {},
  ): Promise<ContactCenter> {
    const center = new ContactCenter(client, options);
    try {
      await client.ready();
    } catch (err) {
      center.close();
      throw fromApiError(err, 'signIn', undefined, "waiting for the agent's data");
    }
    // The tasks already there are announced (`task:hydrate`) once the caller could subscribe.
    setTimeout(() => center.start(), 0);
    return center;
  }

  private constructor(client: AgentClient, options: ContactCenterOptions & { readonly endpoint?: string }) {
    this.client = client;
    this.options = options;
    this.emitter = new TypedEmitter<ContactCenterCallbacks>((event, err) => {
      if (event === CONTACT_CENTER_EVENTS.ERROR) return;
      this.reportError(
        new TaskError(TaskErrorType.InvalidInput, 'signIn', undefined, `A ${String(event)} listener threw: ${String(err)}`, {
          cause: err,
        }),
      );
    });
    const auto = options.autoWrapup;
    const autoWrapup: (AutoWrapupSettings & { wrapUpCode?: string }) | undefined = auto
      ? {
          afterMs: auto.afterMs,
          allowCancel: auto.allowCancel ?? false,
          ...(auto.wrapUpCode !== undefined ? { wrapUpCode: auto.wrapUpCode } : {}),
        }
      : undefined;
    this.host = {
      client,
      clock: options.clock ?? systemClock,
      endpoint: options.endpoint ?? endpointOf(client),
      operationTimeoutMs: options.operationTimeoutMs ?? 20_000,
      media: options.media ?? canCarryVoice(),
      microphone: options.microphone ?? defaultMicrophone,
      autoWrapup,
      wrapUpCodes: () => this.getWrapUpCodes(),
      queues: () => this.queues(),
      declined: (id) => this.declinedIds.add(id),
      reportError: (err) => this.reportError(err),
    };
    this.unsubscribe.push(
      client.on('data', (data) => this.onData(data)),
      client.on('connectionState', (state, previous) =>
        this.emitter.emit(CONTACT_CENTER_EVENTS.CONNECTION_STATE, state, previous),
      ),
      client.on('sessionEnded', (reason) => {
        this.shutDown(`the session is over (${reason})`);
        this.emitter.emit(CONTACT_CENTER_EVENTS.SESSION_ENDED, reason);
      }),
      client.on('error', (err) => this.emitter.emit(CONTACT_CENTER_EVENTS.ERROR, err)),
    );
  }

  /** Begins handing on the agent's data (held back until the caller could subscribe). */
  private start(): void {
    if (this.started || this.closed) return;
    this.started = true;
    const data = this.client.data;
    if (data) this.onData(data);
  }

  // ---------------------------------------------------------------------------------------
  // State

  /** The agent's latest data (Streams' `{snapshot, configuration}`). */
  get data(): AgentDataWire | undefined {
    return this.client.data;
  }

  /** The agent's user id (after a sign-in) or username. */
  get agentId(): string {
    return this.client.session.userId ?? this.client.data?.configuration.username ?? '';
  }

  /** The agent's state's name now (a status, or Busy, PendingBusy, AfterContactWork, MissedCallAgent…). */
  get agentState(): string | undefined {
    return this.client.data?.snapshot.state.name;
  }

  get connectionState(): ConnectionState {
    return this.client.connectionState;
  }

  on<K extends keyof ContactCenterCallbacks>(event: K, callback: ContactCenterCallbacks[K]): () => void {
    return this.emitter.on(event, callback);
  }

  getTask(taskId: string): Task | undefined {
    return this.tasks.get(taskId);
  }

  getAllTasks(): Task[] {
    return [...this.tasks.values()];
  }

  // ---------------------------------------------------------------------------------------
  // Agent

  /**
   * Picks a status by name (or ARN) and resolves once the agent's data shows it (with
   * `{next: true}` while contacts are open: as the next status).
   */
  async setAgentState(state: string, options: { readonly next?: boolean } = {}): Promise<AgentStateChange> {
    const data = this.requireOpen();
    const def = data.configuration.agentStates.find((s) => s.name === state || s.agentStateARN === state);
    if (!def) {
      const known = data.configuration.agentStates.map((s) => s.name).join(', ');
      throw new TaskError(
        TaskErrorType.InvalidInput,
        'setAgentState',
        undefined,
        `setAgentState: the agent has no status ${state} (known: ${known})`,
      );
    }
    const shows = (d: AgentDataWire) =>
      options.next
        ? d.snapshot.nextState?.agentStateARN === def.agentStateARN || d.snapshot.agentAvailabilityState.state === def.name
        : d.snapshot.agentAvailabilityState.state === def.name && d.snapshot.state.type !== 'error';
    const seen = this.waitForData(shows, 'setAgentState', `the agent's data to show ${def.name}`);
    try {
      await this.client.setState({ agentStateARN: def.agentStateARN }, { next: options.next ?? false });
    } catch (err) {
      seen.cancel();
      throw fromApiError(err, 'setAgentState', undefined, `putAgentState ${def.name}`);
    }
    seen.checkNow();
    const d = await seen.promise;
    return { state: d.snapshot.state.name, type: d.snapshot.state.type, previous: data.snapshot.state.name };
  }

  /** The instance's wrap-up codes (fetched once). */
  getWrapUpCodes(): Promise<readonly WrapUpCode[]> {
    this.codes ??= this.client
      .command('getWrapUpCodes', {})
      .then((out) => (out as { wrapUpCodes: WrapUpCode[] }).wrapUpCodes)
      .catch((err) => {
        this.codes = undefined;
        throw err;
      });
    return this.codes;
  }

  /** Where the agent can transfer and consult (the quick connects of their queues, or of the queues given). */
  getEndpoints(queueARNs?: readonly string[]): Promise<QuickConnectEndpoint[]> {
    return this.client.getEndpoints(queueARNs);
  }

  /** Signs the agent out: the session ends, the tasks are dropped. */
  async signOut(): Promise<void> {
    this.shutDown('the agent signed out');
    await this.client.signOut();
  }

  /** Closes the connection, keeping the session valid; the tasks are dropped. */
  close(): void {
    this.shutDown('the manager was closed');
    this.client.close();
  }

  // ---------------------------------------------------------------------------------------
  // Internal

  private queues(): readonly QueueRef[] {
    return this.client.data?.configuration.routingProfile.queues ?? [];
  }

  private requireOpen(): AgentDataWire {
    const data = this.client.data;
    if (this.closed || !data)
      throw new TaskError(TaskErrorType.Closed, 'setAgentState', undefined, 'The agent is signed out or the manager closed');
    return data;
  }

  private reportError(err: TaskError): void {
    this.emitter.emit(CONTACT_CENTER_EVENTS.ERROR, err);
  }

  private shutDown(why: string): void {
    if (this.closed) return;
    this.closed = true;
    for (const off of this.unsubscribe.splice(0)) off();
    for (const w of [...this.dataWaiters]) w.fail(why);
    for (const task of this.tasks.values()) task._dispose(why);
    this.tasks.clear();
  }

  private onData(data: AgentDataWire): void {
    if (this.closed || !this.started) return;
    const { tasks, agentState } = deriveChanges(this.previous, data, this.declinedIds);
    this.previous = data;
    const contacts = new Map(data.snapshot.contacts.map((c) => [c.contactId, c]));
    // Tasks to create (a contact offered again on a new connection replaces its old task:
    // the changes before `removed` are the old task's, the ones after the new task's).
    const replaced = new Map<string, Task>();
    const created = new Map<string, 'incoming' | 'hydrate'>();
    for (const { contactId, changes } of tasks) {
      const c = contacts.get(contactId);
      const made = changes.find((x) => x.kind === 'created');
      if (made?.kind !== 'created' || !c) continue;
      const old = this.tasks.get(contactId);
      if (old && !changes.some((x) => x.kind === 'removed')) continue;
      if (old) replaced.set(contactId, old);
      this.tasks.set(contactId, new Task(this.host, c));
      created.set(contactId, made.as);
    }
    // Sync every task's data first, then emit: a listener sees every task as this push shows it.
    for (const old of replaced.values()) old._sync(undefined);
    for (const c of data.snapshot.contacts) this.tasks.get(c.contactId)?._sync(c);
    for (const [id, task] of this.tasks) if (!contacts.has(id)) task._sync(undefined);

    if (agentState) this.emitter.emit(CONTACT_CENTER_EVENTS.AGENT_STATE_CHANGE, agentState);
    for (const { contactId, changes } of tasks) {
      let task = replaced.get(contactId) ?? this.tasks.get(contactId);
      if (!task) continue;
      for (const change of changes) {
        if (change.kind === 'created') {
          task = this.tasks.get(contactId) as Task;
          const as = created.get(contactId);
          if (!as) continue;
          this.emitter.emit(as === 'incoming' ? CONTACT_CENTER_EVENTS.TASK_INCOMING : CONTACT_CENTER_EVENTS.TASK_HYDRATE, task);
          if (as === 'hydrate') task._rejoin();
        } else if (change.kind === 'removed') {
          if (replaced.get(contactId) === task) replaced.delete(contactId);
          else this.tasks.delete(contactId);
          this.declinedIds.delete(contactId);
          task._dispose(`task ${contactId} left the agent's data`);
        } else {
          task._apply(change);
          if (change.kind === 'rejected' && change.reason === RejectReason.RONA && (this.options.clearMissed ?? true))
            this.client
              .clear(contactId)
              .catch((err) => this.reportError(fromApiError(err, 'decline', contactId, 'clearing the missed offer')));
        }
      }
    }
    for (const w of [...this.dataWaiters]) w.check(data);
  }

  private readonly dataWaiters = new Set<{ check: (d: AgentDataWire) => void; fail: (why: string) => void }>();

  /** Waits for the agent's data to satisfy `pred` (checked now and on every push), with the operation timeout. */
  private waitForData(pred: (d: AgentDataWire) => boolean, operation: 'setAgentState', what: string) {
    const clock = this.host.clock;
    const ms = this.host.operationTimeoutMs;
    let entry: { check: (d: AgentDataWire) => void; fail: (why: string) => void } | undefined;
    let timer: unknown;
    const promise = new Promise<AgentDataWire>((resolve, reject) => {
      const done = () => {
        clock.clearTimeout(timer);
        if (entry) this.dataWaiters.delete(entry);
      };
      entry = {
        check: (d) => {
          if (pred(d)) {
            done();
            resolve(d);
          }
        },
        fail: (why) => {
          done();
          reject(new TaskError(TaskErrorType.Closed, operation, undefined, `${operation}: ${why}`));
        },
      };
      this.dataWaiters.add(entry);
      timer = clock.setTimeout(() => {
        done();
        reject(
          new TaskError(TaskErrorType.Timeout, operation, undefined, `${operation} timed out after ${ms} ms waiting for ${what}`),
        );
      }, ms);
    });
    promise.catch(() => undefined);
    return {
      promise: promise.then((d) => d),
      cancel: () => entry?.fail('cancelled'),
      // Checked once the command was answered: the data may show it already.
      checkNow: () => this.client.data && entry?.check(this.client.data),
    };
  }
}

/** The server's base URL when the caller did not say: the client's own (for the voice and chat sockets). */
function endpointOf(client: AgentClient): string {
  const config = (client as unknown as { config?: { httpBase?: string } }).config;
  return config?.httpBase ?? '';
}
