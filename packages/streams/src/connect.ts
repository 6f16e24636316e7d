/**
 * The `connect` namespace: `createConnect()` makes one (its own bus, agent data and
 * transport, so a Node process may run several agents); `connect` is the default one, which
 * the browser build puts on `globalThis.connect`. Its members are those of
 * amazon-connect-streams (api-streams-surface.md), with two ways in:
 * - `connect.core.initCCP(container, { ccpUrl, … })`: a Switchboard CCP framed in the page;
 * - `connect.core.initAgent({ url, token } | { url, username, password })`: straight to the
 *   agent API, in a browser or in Node.
 */
import { ChatSession } from '@switchboard/chat';
import { TaskSession } from '@switchboard/tasks';
import * as enums from './enums.js';
import { EventBus } from './event-bus.js';
import { getLog } from './log.js';
import { Agent } from './model/agent.js';
import {
  BaseConnection,
  ChatConnection,
  EmailConnection,
  snapshotOf,
  TaskConnection,
  VoiceConnection,
} from './model/connection.js';
import { Contact, ContactSnapshot, type Subscription } from './model/contact.js';
import { Endpoint } from './model/endpoint.js';
import { endMedia, websocketManager } from './model/media.js';
import { AgentSnapshot, ConnectionSnapshot } from './model/snapshots.js';
import { pageHelpers, SessionExpirationWarningManager } from './page.js';
import { Runtime, type SuccessFailOptions } from './runtime.js';
import { createDirectTransport, type DirectOptions } from './transport/direct.js';
import { createIframeTransport, type IframeTransportOptions as InitCCPOptions } from './transport/iframe.js';
import type { StreamsTransport } from './transport.js';
import { assertNotNull, hitch, NotImplementedError, StateError, sprintf, ValueError } from './util.js';

/** Streams' `SoftphoneError`: what `agent.onSoftphoneError` receives. */
export class SoftphoneError {
  constructor(
    readonly errorType: string,
    readonly errorMessage: string,
    readonly endPointUrl: string,
  ) {}
  getErrorType(): string {
    return this.errorType;
  }
  getErrorMessage(): string {
    return this.errorMessage;
  }
  getEndPointUrl(): string {
    return this.endPointUrl;
  }
}

/** Streams' `connect.makeEnum(['silent_monitor'])` → `{SILENT_MONITOR: 'silent_monitor'}` (TaskJS calls it at load). */
export function makeEnum(values: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of values) out[v.replace(/\.?([a-z]+)_?/g, (_x, y: string) => `${y.toUpperCase()}_`).replace(/_$/, '')] = v;
  return out;
}

// biome-ignore lint/suspicious/noExplicitAny: a class made for one runtime (the mixins below).
type AnyClass = abstract new (...args: any[]) => any;
function bind<T extends AnyClass>(Base: T, rt: Runtime): T {
  // biome-ignore lint/suspicious/noExplicitAny: the mixin's base is one of the model classes.
  const Bound = class extends (Base as any) {
    static rt = rt;
  };
  Object.defineProperty(Bound, 'name', { value: Base.name });
  return Bound as unknown as T;
}

/** Builds a `connect` namespace of its own. */
export function createConnect() {
  const rt = new Runtime();
  const A = bind(Agent, rt);
  const C = bind(Contact, rt);
  const CS = bind(ContactSnapshot, rt);
  const AS = bind(AgentSnapshot, rt);
  const ConnS = bind(ConnectionSnapshot, rt);
  const Base = bind(BaseConnection, rt);
  const Voice = bind(VoiceConnection, rt);
  const Chat = bind(ChatConnection, rt);
  const Task = bind(TaskConnection, rt);
  const Email = bind(EmailConnection, rt);
  const kinds: Record<string, typeof BaseConnection> = { chat: Chat, task: Task, email: Email };
  rt.classes = {
    Agent: A,
    Contact: C,
    ContactSnapshot: CS,
    connection: (contactId, type, connectionId, data) => {
      const K = kinds[type] ?? Voice;
      const Kind = data ? snapshotOf(K, data) : K;
      return new Kind(contactId, connectionId);
    },
  };

  const subscribe = (event: string, f: (...args: never[]) => void): Subscription =>
    rt.bus.subscribe(event, f as (data: unknown) => void);

  /** Starts the transport `make` builds (not built at all when connect is already initialised: no second frame). */
  const start = (make: () => StreamsTransport, region?: string) => {
    if (rt.transport) {
      getLog().warn('connect is already initialised: terminate it first');
      return;
    }
    rt.region = region;
    rt.attach(make());
  };

  const core = {
    /** A Switchboard CCP framed in `container` (Streams' initCCP; the options that apply). */
    initCCP(container: HTMLElement, options: InitCCPOptions): void {
      if (!options?.ccpUrl) throw new ValueError('initCCP needs options.ccpUrl');
      start(() => createIframeTransport(container, options), options.region);
    },
    /**
     * Switchboard's direct transport: the agent API itself, no CCP frame (browser or Node).
     * Signs in with `token`, or `username` and `password`.
     */
    initAgent(options: DirectOptions & { region?: string }): void {
      start(() => createDirectTransport(options), options.region);
    },
    get initialized(): boolean {
      return rt.initialized;
    },
    onInitialized(f: () => void): Subscription {
      if (rt.initialized) f();
      return subscribe('init', f);
    },
    onAuthFail(f: (e?: unknown) => void): Subscription {
      return subscribe('auth_fail', f);
    },
    onAccessDenied(f: (e?: unknown) => void): Subscription {
      return subscribe('access_denied', f);
    },
    onAuthorizeSuccess(f: () => void): Subscription {
      return subscribe('authorize_success', f);
    },
    onIframeRetriesExhausted(f: () => void): Subscription {
      return subscribe('iframe_retries_exhausted', f);
    },
    onCTIAuthorizeRetriesExhausted(f: () => void): Subscription {
      return subscribe('cti_authorize_retries_exhausted', f);
    },
    onAuthorizeRetriesExhausted(f: () => void): Subscription {
      return subscribe('authorize_retries_exhausted', f);
    },
    onSoftphoneSessionInit(f: (e: unknown) => void): Subscription {
      return subscribe('connection::session_init', f);
    },
    onViewContact(f: (e: { contactId: string }) => void): Subscription {
      return subscribe('contact::view', f);
    },
    viewContact(contactId: string): void {
      rt.broadcast('contact::view', { contactId });
    },
    /** Signs the agent out (direct) or tells the CCP to (iframe); the frame stays. */
    terminate(): void {
      endMedia(rt);
      rt.terminate();
    },
    getEventBus(): EventBus {
      return rt.bus;
    },
    /** Streams' runtime websocket manager shape, for TaskJS-like sessions (`aws/task` items). */
    getWebSocketManager() {
      return websocketManager(rt);
    },
    getFrameMediaDevices(_timeout?: number): Promise<MediaDeviceInfo[]> {
      const md = globalThis.navigator?.mediaDevices;
      if (!md?.enumerateDevices) return Promise.reject(new Error('No media devices here'));
      return md.enumerateDevices();
    },
    getSDKClientConfig(): never {
      throw new Error('Provider is not initialized');
    },
    /** `connect.core.getUpstream().sendUpstream(event, data)`: `terminate` terminates. */
    getUpstream() {
      return {
        sendUpstream(event: string, data?: unknown): void {
          if (event === 'broadcast') {
            const b = data as { event?: string; data?: unknown } | undefined;
            if (b?.event) rt.broadcast(b.event, b.data);
          } else rt.transport?.send?.(event, data);
        },
      };
    },
    get upstream() {
      return rt.transport ? this.getUpstream() : null;
    },
    /** The client TaskJS's additions call (`client.call(method, params, callbacks)`). */
    getClient() {
      if (!rt.transport) throw new StateError('The connect core has not been initialized!');
      return {
        call: (method: string, params: Record<string, unknown>, cbs?: SuccessFailOptions) =>
          rt.request(method, params ?? {}, cbs),
      };
    },
    getAgentDataProvider() {
      return { getAgentData: () => rt.agentData(), getContactData: (id: string) => rt.contactData(id) };
    },
    getSkew(): number {
      return rt.skew();
    },
    getContactEventName(eventName: string, contactId: string): string {
      return new C(contactId).getEventName(eventName);
    },
    /**
     * Streams reopens its login popup and reloads the CCP frame after a logout when
     * `loginOptions.disableAuthPopupAfterLogout` kept it from doing so. Without a framed CCP
     * it throws as the runtime does; with one, Switchboard's frame does not offer it.
     */
    reauthenticateAfterLogout(): void {
      if (rt.transport?.kind !== 'iframe') throw new Error('Missing parameters to refresh CCP iframe');
      throw new NotImplementedError(
        'connect.core.reauthenticateAfterLogout is not available in Switchboard: reload the page to sign in again',
      );
    },
    /** Streams starts the page's softphone with it; Switchboard's starts with the agent. */
    initSoftphoneManager(_params?: Record<string, unknown>): void {
      getLog().info(
        "initSoftphoneManager: Switchboard's softphone starts with the agent (initAgent) or in the framed CCP; there is nothing more to start",
      );
    },
    /**
     * Streams' end of a Custom Views frame (`customviews<suffix>`): posts `{topic:
     * 'lifecycle.terminated'}` to it and, with `resolveIframe` and `hideIframe` (both default
     * true), hides it. No such frame: a console warning, as the runtime.
     */
    terminateCustomView(
      connectUrl: string,
      iframeSuffix = '',
      opts: { resolveIframe?: boolean; timeout?: number; hideIframe?: boolean } = {},
    ): void {
      const id = `customviews${iframeSuffix}`;
      const frame = globalThis.document?.querySelector?.(`iframe[id='${id}']`) as HTMLIFrameElement | null | undefined;
      if (!frame) {
        console.warn('[CustomViews] terminateCustomView operation failed due to iframe not found');
        return;
      }
      frame.contentWindow?.postMessage({ topic: 'lifecycle.terminated' }, connectUrl);
      if (opts.resolveIframe !== false && opts.hideIframe !== false) frame.style.display = 'none';
    },
  };

  /** `connect.agent(f)`: with the agent once its data arrived (at once if it already did). */
  const agent = Object.assign(
    (f: (agent: Agent) => void): Subscription => {
      const sub = subscribe('agent::init', f);
      if (rt.agentInitialized) {
        try {
          f(new A());
        } catch (e) {
          getLog()
            .error('connect.agent callback threw')
            .withException(e as Error);
        }
      }
      return sub;
    },
    {
      get initialized(): boolean {
        return rt.agentInitialized;
      },
    },
  );

  const onWebsocketInitFailure = (f: () => void): Subscription => subscribe('webSocket::init_failure', f);

  let masterRequests = 0;

  /** A class with two statics, as the runtime's. */
  // biome-ignore lint/complexity/noStaticOnlyClass: the runtime's `connect.QuickResponses` is a class (typeof 'function').
  const QuickResponses = class QuickResponses {
    static isEnabled(): Promise<boolean> {
      return rt.call('qrIntegrationExists', {}).then(Boolean);
    }
    static searchQuickResponses(params: {
      query: string;
      contactId?: string;
      nextToken?: string;
      maxResults?: number;
    }): Promise<{ results: unknown[]; nextToken?: string }> {
      return rt.call('qrSearchQuickResponses', { ...params }) as Promise<{ results: unknown[]; nextToken?: string }>;
    }
  };

  return {
    ...enums,
    makeEnum,
    makeNamespacedEnum: (prefix: string, values: readonly string[]) =>
      Object.fromEntries(Object.entries(makeEnum(values)).map(([k, v]) => [k, `${prefix}::${v}`])),
    assertNotNull,
    sprintf,
    /**
     * Streams' `connect.ifMaster(topic, f, otherwise)`: `f` when this page leads for `topic`
     * (rings, plays the ringtone…). A framed CCP answers for its tabs (`master_request`
     * `checkMaster`: the agent's leading tab); with the direct transport each `connect` is
     * on its own, so it leads.
     */
    ifMaster(topic: string, f: () => void, otherwise?: () => void): void {
      const t = rt.transport;
      if (t?.kind !== 'iframe' || !t.send) {
        f();
        return;
      }
      const requestId = `master-${++masterRequests}`;
      const sub = rt.bus.subscribe('master_response', (d: unknown) => {
        const r = d as { requestId?: unknown; data?: { isMaster?: unknown } } | null;
        if (r?.requestId !== requestId) return;
        sub.unsubscribe();
        if (r.data?.isMaster === true) f();
        else otherwise?.();
      });
      t.send('master_request', { event: 'master_request', requestId, method: 'checkMaster', params: { topic } });
    },
    ...pageHelpers(rt),
    core,
    agent,
    contact: (f: (contact: Contact) => void): Subscription => subscribe('contact::init', f),
    onWebsocketInitFailure,
    onWebSocketInitFailure: onWebsocketInitFailure,
    hitch,
    getLog,
    /** The inactivity keep-alive of Amazon's SDK: Switchboard's sessions refresh themselves. */
    sendActivity(): void {},
    Agent: A,
    Contact: C,
    ContactSnapshot: CS,
    AgentSnapshot: AS,
    ConnectionSnapshot: ConnS,
    BaseConnection: Base,
    /** As the runtime's: `connect.Connection` is the voice connection (`BaseConnection` the base). */
    Connection: Voice,
    VoiceConnection: Voice,
    ChatConnection: Chat,
    TaskConnection: Task,
    EmailConnection: Email,
    Endpoint,
    Address: Endpoint,
    SoftphoneError,
    QuickResponses,
    SessionExpirationWarningManager,
    EventBus,
    StateError,
    ValueError,
    NotImplementedError,
    /** The chat and task SDKs, as amazon-connect-chatjs and -taskjs put them on `connect`. */
    ChatSession,
    TaskSession,
    version: '0.1.0-switchboard',
  };
}

export type Connect = ReturnType<typeof createConnect>;

/** The default `connect` (the browser build's global). */
export const connect: Connect = createConnect();
