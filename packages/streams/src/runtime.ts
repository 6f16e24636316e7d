/**
 * One `connect` instance's state: its bus, the agent data the transport handed it last, the
 * transport, and how requests settle Streams' `{success, failure}` callbacks. The model
 * objects (Agent, Contact, connections) are thin handles that read the data through it, as
 * Streams' objects read `connect.core.getAgentDataProvider()`.
 */
import type { AgentData, ContactData, ConnectionData } from '@switchboard/core/agent';
import { deriveEvents, removedContacts } from './agent-events.js';
import type { Agent } from './model/agent.js';
import type { BaseConnection } from './model/connection.js';
import type { Contact } from './model/contact.js';
import { ContactEvents } from './enums.js';
import { EventBus } from './event-bus.js';
import { getLog } from './log.js';
import type { StreamsError, StreamsTransport, TransportSink } from './transport.js';
import { isStreamsError } from './transport.js';
import { type SuccessFailOptions as UtilCallbacks, StateError, settle } from './util.js';

/** Streams' callbacks: `failure(err, data)` gets the error as a JSON string `{type, message, statusCode}`. */
export interface SuccessFailOptions<T = unknown> {
  success?: (data: T) => void;
  failure?: (err: string, data?: unknown) => void;
}

/** The classes of one `connect` instance, bound to its runtime (so `new connect.Contact(id)` works). */
export interface BoundClasses {
  Agent: new () => Agent;
  Contact: new (contactId: string) => Contact;
  ContactSnapshot: new (data: ContactData<Date>) => Contact;
  connection: (contactId: string, type: string, connectionId: string, data?: ContactData<Date>) => BaseConnection;
}

const errorString = (e: StreamsError): string => JSON.stringify({ type: e.type, message: e.message, statusCode: e.statusCode });

export function asStreamsError(e: unknown): StreamsError {
  if (isStreamsError(e)) return { type: e.type, message: e.message, statusCode: e.statusCode ?? 400 };
  const message = e instanceof Error ? e.message : String(e);
  return { type: 'InternalServiceException', message, statusCode: 500 };
}

/** The longest an accept holds the updates back. */
const ACCEPT_HOLD_MS = 2000;

export class Runtime {
  readonly bus = new EventBus();
  data: AgentData | null = null;
  transport: StreamsTransport | undefined;
  /** `connect.core.initialized`: the transport acknowledged (iframe) or signed in (direct). */
  initialized = false;
  /** `connect.agent.initialized`: the first agent data arrived. */
  agentInitialized = false;
  region: string | undefined;
  /** What `initCCP` / `initAgent` were given, for the media controllers. */
  chatOptions: { region?: string } = {};
  private endedPending: ReadonlySet<string> = new Set();
  /** Updates wait while an accept is answered (see `holdUpdates`); the newest waiting one. */
  private holds = 0;
  private held: AgentData | null = null;
  private readonly topicListeners = new Set<(topic: string, data: unknown) => void>();
  classes!: BoundClasses;

  get log() {
    return getLog();
  }

  /** Starts `transport` and routes what it hands over. */
  attach(transport: StreamsTransport): void {
    this.transport = transport;
    const sink: TransportSink = {
      agentData: (d) => this.update(d),
      event: (name, data) => this.upstreamEvent(name, data),
      topic: (topic, data) => {
        for (const l of [...this.topicListeners]) {
          try {
            l(topic, data);
          } catch (e) {
            getLog()
              .error('A topic listener threw')
              .withException(e as Error);
          }
        }
      },
    };
    transport.start(sink);
  }

  onTopic(listener: (topic: string, data: unknown) => void): () => void {
    this.topicListeners.add(listener);
    return () => this.topicListeners.delete(listener);
  }

  agentData(): AgentData {
    if (!this.data) throw new StateError('No agent data is available yet!');
    return this.data;
  }

  contactData(contactId: string): ContactData<Date> {
    const c = this.agentData().snapshot.contacts.find((x) => x.contactId === contactId);
    if (!c) throw new StateError('Contact %s no longer exists.', contactId);
    return c;
  }

  connectionData(contactId: string, connectionId: string): ConnectionData<Date> {
    const c = this.contactData(contactId).connections.find((x) => x.connectionId === connectionId);
    if (!c) throw new StateError('Connection %s for contact %s no longer exists.', connectionId, contactId);
    return c;
  }

  /** `connect.core.getSkew()`: server time minus local time, ms. */
  skew(): number {
    return this.data?.snapshot.skew ?? 0;
  }

  /** Milliseconds since a server time, on the local clock corrected by the skew (the `*Duration()` getters). */
  elapsedSince(t: Date): number {
    return Date.now() - t.getTime() + this.skew();
  }

  /**
   * Holds agent data updates until `release()` (or `ACCEPT_HOLD_MS`): an accept's
   * `contact::accepted` comes before the update that shows the contact connected, as with
   * Amazon's CCP (whose backend answers before its next snapshot). The direct transport's
   * answer and push race; the CCP frame holds its pushes itself (ACCEPT_ECHO_WAIT_MS).
   */
  holdUpdates(): () => void {
    this.holds++;
    let done = false;
    const release = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      this.holds--;
      const d = this.held;
      if (this.holds === 0 && d) {
        this.held = null;
        this.update(d);
      }
    };
    const timer = setTimeout(release, ACCEPT_HOLD_MS);
    return release;
  }

  /** One agent data from the transport: Streams' AgentDataProvider.updateAgentData. */
  update(data: AgentData): void {
    if (this.holds > 0) {
      this.held = data;
      return;
    }
    const previous = this.data;
    this.data = data;
    const { Agent, Contact, ContactSnapshot } = this.classes;
    if (!this.agentInitialized) {
      this.agentInitialized = true;
      this.bus.trigger('agent::init', new Agent());
    }
    this.bus.trigger('agent::refresh', new Agent());
    const { events, endedPending } = deriveEvents(previous, data, this.endedPending);
    this.endedPending = endedPending;
    for (const e of events) {
      const p = e.payload;
      if (p.kind === 'agent') this.bus.trigger(e.name, new Agent());
      else if (p.kind === 'state-change')
        this.bus.trigger(e.name, { agent: new Agent(), oldState: p.oldState, newState: p.newState });
      else if (p.kind === 'contact') this.bus.trigger(e.name, new Contact(p.contactId));
      else this.bus.trigger(e.name, new ContactSnapshot(p.data));
    }
    // Per-contact subscriptions end with the contact (the runtime's _unsubAllContactEventsForContact).
    for (const id of removedContacts(previous, data)) {
      for (const name of Object.values(ContactEvents))
        for (const s of this.bus.getSubscriptions(`${name}::${id}`)) s.unsubscribe();
    }
  }

  /** A message from the transport: re-triggered on the bus, as Streams bridges its conduit. */
  private upstreamEvent(name: string, data: unknown): void {
    if (name === 'acknowledge' && !this.initialized) {
      this.initialized = true;
      this.bus.trigger('init');
    }
    // The runtime's bus re-wraps a plain `{contactId}` of `contact::accepted*` as a Contact.
    if (name.startsWith('contact::accepted') && isContactRef(data)) {
      this.bus.trigger(name, new this.classes.Contact(data.contactId));
      return;
    }
    this.bus.trigger(name, data);
  }

  /** Sends a request; resolves with its data or rejects with a StreamsError. */
  async call(method: string, params: Readonly<Record<string, unknown>>): Promise<unknown> {
    const t = this.transport;
    if (!t) {
      throw {
        type: 'StateError',
        message: `${method}: connect is not initialised: call connect.core.initCCP or connect.core.initAgent first`,
        statusCode: 400,
      } satisfies StreamsError;
    }
    return t.request(method, params);
  }

  /** A request settling Streams' callbacks: `success(data)`, or `failure(err, data)` with `err` Streams' JSON string. */
  request<T = unknown>(
    method: string,
    params: Readonly<Record<string, unknown>>,
    cbs?: SuccessFailOptions<T>,
    onSuccess?: (data: unknown) => void,
  ): void {
    const answer = this.call(method, params).then(
      (data) => {
        onSuccess?.(data);
        return (data ?? undefined) as T;
      },
      (e: unknown) => {
        const err = asStreamsError(e);
        getLog().warn('%s failed: %s', method, err.message);
        throw errorString(err);
      },
    );
    void settle(answer, cbs as UtilCallbacks<T> | undefined, { what: method });
  }

  /** Streams' broadcast: to every page of the CCP (iframe), or straight back to this bus (direct). */
  broadcast(event: string, data: unknown): void {
    const t = this.transport;
    if (t?.broadcast) t.broadcast(event, data);
    else this.upstreamEvent(event, data);
  }

  /** `connect.core.terminate()`. */
  terminate(): void {
    this.transport?.terminate();
    this.transport = undefined;
    this.bus.unsubscribeAll();
    this.topicListeners.clear();
    this.data = null;
    this.initialized = false;
    this.agentInitialized = false;
    this.endedPending = new Set();
    this.held = null;
  }
}

const isContactRef = (d: unknown): d is { contactId: string } =>
  typeof d === 'object' && d !== null && typeof (d as { contactId?: unknown }).contactId === 'string';
