/**
 * The CCP frame's side of Streams' iframe protocol (wire-streams-ccp.md §4.1 Option A,
 * checklist §6), as a pure transition: `next(state, input, view)` gives the new state, the
 * messages to post to the CRM page and the effects to run (agent API commands, sign-out,
 * timers). It never touches a window, the network or the clock: the adapter (bridge.ts)
 * feeds it what happened and what the desktop holds now (`view`), and runs what it asks.
 *
 * - `acknowledge {id}` at boot, signed in or not (the CRM would otherwise reload the frame
 *   every 5 s while the agent types a password), and for every `synchronize`.
 * - `agent::update` with the revived agent data whenever the desktop's data changes, and
 *   on `reload_agent_configuration`.
 * - `api_request` / `api_proxy_request` → `api_response` for every request (methods.ts);
 *   `master_request` → `master_response`; `broadcast` echoed; `webSocket::subscribe`
 *   answered and chat items relayed once `aws/chat` is subscribed; `configure` echoed as
 *   `configuration::configure`; `media_device_request` answered; `terminate` signs out.
 * - `terminated` when the agent's session ends; `webSocket::connection_lost` / `_gain`
 *   (and the `agent::websocket_connection_*` pair) when the desktop's link to the server
 *   drops and comes back (not when it is closed on purpose, signing out).
 *
 * After `acceptContact` succeeds, Streams broadcasts `contact::accepted::<id>` (its echo
 * fires `onAccepted`). The push that shows the contact connected usually reaches the frame
 * before that broadcast; it is held until the echo (or `acceptEchoWaitMs`), so that the
 * CRM sees `onAccepted` before `onConnected`, as with Amazon's CCP.
 *
 * Voice (`softphone.allowFramedSoftphone: true`: the softphone is the frame's): the
 * connection methods run as agent API commands, `sendDigits` as a `local` effect on the
 * frame's softphone; `agent.mute()` / `unmute()` arrive as a `mute` broadcast, which becomes
 * a `mute` effect (the softphone mutes the agent on the server and locally); whenever the
 * posted data shows the agent's mute changed, `agent::mute_toggle {muted}` follows the
 * `agent::update` (it fires `agent.onMuteToggle`, as Streams' own softphone reports it).
 */
import {
  type AgentDataWire,
  agentCall,
  agentMuted,
  channelOfContact,
  findContact,
  placeholderContext,
  streamsAgentData,
} from './agent-data.js';
import { type ChatItemLike, chatItemMessage } from './chat-relay.js';
import {
  acceptedEventOf,
  asRequest,
  CHAT_TOPIC,
  isRecord,
  MasterMethod,
  StreamsEvent,
  type StreamsMessage,
  type StreamsRequest,
} from './messages.js';
import {
  commandError,
  formatError,
  type LocalAction,
  NOT_SIGNED_IN,
  route,
  type Shaping,
  type StreamsError,
} from '@switchboard/streams/methods';
import { shapeQuickResponses } from '@switchboard/streams/methods';

/** How long an accepted contact's pushes wait for the CRM's `contact::accepted` broadcast. */
export const ACCEPT_ECHO_WAIT_MS = 1000;

/** The desktop as the bridge sees it when an input arrives. */
export interface DesktopView {
  /** An agent session is open (commands can run). */
  readonly signedIn: boolean;
  readonly data: AgentDataWire | undefined;
  /** This tab is the agent's leading tab (it rings): Streams' "master". */
  readonly leader: boolean;
  /** The desktop's link to the server. */
  readonly connection: 'connecting' | 'open' | 'reconnecting' | 'closed';
  /** Epoch ms (the injected clock). */
  readonly now: number;
}

/** A request waiting for its agent API command. */
interface Pending {
  readonly reply: typeof StreamsEvent.apiResponse | typeof StreamsEvent.apiProxyResponse;
  readonly requestId: string | number;
  readonly method: string;
  readonly contactId: string | undefined;
  readonly shape: Shaping;
}

export interface BridgeState {
  /** The stream id sent with every acknowledge. */
  readonly id: string;
  /** Websocket topics the CRM subscribed. */
  readonly topics: readonly string[];
  /** The data last posted as `agent::update` (by identity). */
  readonly posted: AgentDataWire | undefined;
  readonly signedIn: boolean;
  /** Whether the link was open when last seen; undefined until it first opens in a session. */
  readonly online: boolean | undefined;
  readonly pending: ReadonlyMap<number, Pending>;
  readonly nextSeq: number;
  /** Accepted contacts whose `contact::accepted` echo is awaited: pushes are held meanwhile. */
  readonly holding: ReadonlySet<string>;
  /** The agent's mute as last told to the CRM (`agent::mute_toggle`). */
  readonly muted: boolean;
}

export const initialState = (id: string): BridgeState => ({
  id,
  topics: [],
  posted: undefined,
  signedIn: false,
  online: undefined,
  pending: new Map(),
  nextSeq: 1,
  holding: new Set(),
  muted: false,
});

export type Input =
  /** The frame has loaded. */
  | { readonly kind: 'boot' }
  /** A message from the parent window (already checked to come from it). */
  | { readonly kind: 'message'; readonly message: StreamsMessage }
  /** The desktop's state changed (read it from the view). */
  | { readonly kind: 'desktop' }
  /** A chat item handed on live by the desktop's session for this contact. */
  | { readonly kind: 'chat-item'; readonly contactId: string; readonly item: ChatItemLike }
  /** An item the agent websocket pushed on a topic (`aws/task`), for the page's TaskJS. */
  | { readonly kind: 'topic-item'; readonly topic: string; readonly data: unknown }
  /** A command effect finished. */
  | { readonly kind: 'settled'; readonly seq: number; readonly ok: true; readonly value: unknown }
  | { readonly kind: 'settled'; readonly seq: number; readonly ok: false; readonly error: unknown }
  /** The wait for a contact's `contact::accepted` echo ran out. */
  | { readonly kind: 'release'; readonly contactId: string }
  /** The frame's media devices, for `media_device_request`. */
  | { readonly kind: 'media-devices'; readonly devices: readonly unknown[] }
  | { readonly kind: 'media-devices'; readonly error: string };

export type Effect =
  /** Run an agent API command; report with `settled` and the same `seq`. */
  | { readonly type: 'command'; readonly seq: number; readonly command: string; readonly params: Record<string, unknown> }
  /** Run this in the frame (the softphone); report with `settled` and the same `seq`. */
  | { readonly type: 'local'; readonly seq: number; readonly action: LocalAction }
  /** Mute or unmute the agent on this call (`agent.mute()`); the snapshot then shows it. */
  | { readonly type: 'mute'; readonly contactId: string; readonly muted: boolean }
  | { readonly type: 'sign-out' }
  /** List the frame's media devices; report with `media-devices`. */
  | { readonly type: 'media-devices' }
  /** Feed `release` for this contact after `ms`. */
  | { readonly type: 'release-after'; readonly contactId: string; readonly ms: number };

export interface Step {
  readonly state: BridgeState;
  readonly out: readonly StreamsMessage[];
  readonly effects: readonly Effect[];
}

/** One transition. */
export function next(state: BridgeState, input: Input, view: DesktopView): Step {
  const t = new Transition(state, view);
  t.apply(input);
  return { state: t.state, out: t.out, effects: t.effects };
}

/** Accumulates one step's state, messages and effects. */
class Transition {
  readonly out: StreamsMessage[] = [];
  readonly effects: Effect[] = [];

  constructor(
    public state: BridgeState,
    private readonly view: DesktopView,
  ) {}

  private set(patch: Partial<BridgeState>): void {
    this.state = { ...this.state, ...patch };
  }

  private post(event: string, data?: unknown): void {
    this.out.push(data === undefined ? { event } : { event, data });
  }

  apply(input: Input): void {
    switch (input.kind) {
      case 'boot':
        this.post(StreamsEvent.acknowledge, { id: this.state.id });
        this.sync();
        return;
      case 'message':
        this.message(input.message);
        return;
      case 'desktop':
        this.sync();
        return;
      case 'chat-item':
        if (!this.state.topics.includes(CHAT_TOPIC)) return;
        this.out.push(chatItemMessage(input.contactId, input.item, findContact(this.view.data, input.contactId)));
        return;
      case 'topic-item':
        // As Streams' own websocket manager relays it: the item as a JSON string.
        if (!this.state.topics.includes(input.topic)) return;
        this.post(StreamsEvent.webSocketAllMessage, { topic: input.topic, content: JSON.stringify(input.data) });
        return;
      case 'settled':
        this.settled(input);
        return;
      case 'release':
        this.release(input.contactId);
        return;
      case 'media-devices':
        this.post(StreamsEvent.mediaDeviceResponse, 'devices' in input ? input.devices : { error: input.error });
        return;
    }
  }

  /** Posts what changed in the desktop since the last step: session end, link, agent data. */
  private sync(): void {
    const v = this.view;
    if (this.state.signedIn !== v.signedIn) {
      if (this.state.signedIn) this.post(StreamsEvent.terminated);
      this.set({ signedIn: v.signedIn, online: undefined });
    }
    if (v.signedIn && v.connection === 'closed') {
      // Closed on purpose (signing out): not a loss to report.
      this.set({ online: undefined });
    } else if (v.signedIn) {
      const online = v.connection === 'open';
      if (this.state.online !== undefined && this.state.online !== online) {
        this.post(online ? StreamsEvent.agentWebSocketGained : StreamsEvent.agentWebSocketLost);
        this.post(online ? StreamsEvent.webSocketConnectionGain : StreamsEvent.webSocketConnectionLost);
      }
      if (online || this.state.online !== undefined) this.set({ online });
    }
    if (v.data && v.data !== this.state.posted && this.state.holding.size === 0) {
      this.post(StreamsEvent.agentUpdate, streamsAgentData(v.data, v.now));
      this.set({ posted: v.data });
      // After the data: `connection.isMute()` already answers the new state in onMuteToggle.
      const muted = agentMuted(v.data);
      if (muted !== this.state.muted) {
        this.post(StreamsEvent.agentMuteToggle, { muted });
        this.set({ muted });
      }
    }
  }

  private message(m: StreamsMessage): void {
    switch (m.event) {
      case StreamsEvent.synchronize:
        this.post(StreamsEvent.acknowledge, { id: this.state.id });
        return;
      case StreamsEvent.apiRequest:
        this.request(m.data, StreamsEvent.apiResponse);
        return;
      case StreamsEvent.apiProxyRequest:
        this.request(m.data, StreamsEvent.apiProxyResponse);
        return;
      case StreamsEvent.masterRequest:
        this.master(m.data);
        return;
      case StreamsEvent.broadcast:
        this.broadcast(m.data);
        return;
      case StreamsEvent.webSocketSubscribe:
        this.subscribe(m.data);
        return;
      case StreamsEvent.reloadAgentConfiguration:
        this.set({ posted: undefined });
        this.sync();
        return;
      case StreamsEvent.terminate:
        // Signing out ends the session; sync() then posts `terminated`.
        if (this.view.signedIn) this.effects.push({ type: 'sign-out' });
        else this.post(StreamsEvent.terminated);
        return;
      case StreamsEvent.configure:
        this.post(StreamsEvent.configurationConfigure, m.data);
        return;
      case StreamsEvent.mediaDeviceRequest:
        this.effects.push({ type: 'media-devices' });
        return;
      default:
        // outer_context_info, iframe_style, webSocket::send, …: nothing to answer.
        return;
    }
  }

  private request(data: unknown, reply: Pending['reply']): void {
    const req = asRequest(data);
    if (!req) return; // without a requestId nobody waits for an answer
    const r = route(req.method, req.params, (id) => {
      const c = findContact(this.view.data, id);
      return c ? channelOfContact(c) : undefined;
    });
    if (r.kind === 'answer') {
      this.respond(reply, req.requestId, r.data, null);
      return;
    }
    if (r.kind === 'error' || !this.view.signedIn) {
      this.respond(reply, req.requestId, null, r.kind === 'error' ? r.error : NOT_SIGNED_IN);
      return;
    }
    const seq = this.state.nextSeq;
    const contactId = typeof req.params.contactId === 'string' ? req.params.contactId : undefined;
    const pending = new Map(this.state.pending);
    const shape: Shaping = r.kind === 'command' ? r.shape : { kind: 'as-is' };
    pending.set(seq, { reply, requestId: req.requestId, method: req.method, contactId, shape });
    this.set({ pending, nextSeq: seq + 1 });
    if (r.kind === 'local') this.effects.push({ type: 'local', seq, action: r.action });
    else this.effects.push({ type: 'command', seq, command: r.command, params: r.params });
  }

  private respond(reply: Pending['reply'], requestId: string | number, data: unknown, err: StreamsError | null): void {
    this.post(reply, { event: reply, requestId, data, err: err ? formatError(err) : null });
  }

  private settled(input: Extract<Input, { kind: 'settled' }>): void {
    const p = this.state.pending.get(input.seq);
    if (!p) return;
    const pending = new Map(this.state.pending);
    pending.delete(input.seq);
    this.set({ pending });
    if (!input.ok) {
      this.respond(p.reply, p.requestId, null, commandError(input.error));
      return;
    }
    let data: unknown = input.value ?? {};
    if (p.shape.kind === 'quick-responses') {
      const c = p.shape.contactId ? findContact(this.view.data, p.shape.contactId) : undefined;
      data = shapeQuickResponses(data, c ? placeholderContext(c) : undefined);
    }
    this.respond(p.reply, p.requestId, data, null);
    if (p.method === 'acceptContact' && p.contactId !== undefined) {
      this.set({ holding: new Set([...this.state.holding, p.contactId]) });
      this.effects.push({ type: 'release-after', contactId: p.contactId, ms: ACCEPT_ECHO_WAIT_MS });
    }
  }

  private release(contactId: string): void {
    if (!this.state.holding.has(contactId)) return;
    const holding = new Set(this.state.holding);
    holding.delete(contactId);
    this.set({ holding });
    this.sync();
  }

  private master(data: unknown): void {
    const req: StreamsRequest | undefined = asRequest(data);
    if (!req) return;
    const topic = req.params.topic;
    const leader = this.view.leader;
    const masterId = leader ? this.state.id : null;
    const answer = (payload: unknown, err: string | null) =>
      this.post(StreamsEvent.masterResponse, {
        event: StreamsEvent.masterResponse,
        requestId: req.requestId,
        data: payload,
        err,
      });
    // The agent's leading tab (one per agent, by Web Locks) is the master of every topic;
    // becomeMaster cannot take that from another tab, so it answers who the master is.
    if (req.method === MasterMethod.checkMaster) answer({ masterId, isMaster: leader, topic }, null);
    else if (req.method === MasterMethod.becomeMaster) answer({ masterId, takeOver: false, topic }, null);
    else
      answer(
        null,
        formatError({
          type: 'UnsupportedOperation',
          message: `Unknown master method: ${req.method.slice(0, 80)}`,
          statusCode: 400,
        }),
      );
  }

  private broadcast(data: unknown): void {
    if (!isRecord(data) || typeof data.event !== 'string') return;
    this.post(data.event, data.data);
    if (data.event === StreamsEvent.mute) this.mute(data.data);
    const prefix = acceptedEventOf('');
    if (data.event.startsWith(prefix)) this.release(data.event.slice(prefix.length));
  }

  /**
   * `agent.mute()` / `unmute()` (`{mute: boolean}`): the agent's call is muted; without a
   * `mute`, the CRM asks for the state. Nothing without a call, as Streams' softphone.
   */
  private mute(data: unknown): void {
    const call = this.view.signedIn ? agentCall(this.view.data) : undefined;
    if (!call) return;
    const want = isRecord(data) ? data.mute : undefined;
    if (typeof want === 'boolean') this.effects.push({ type: 'mute', contactId: call.contactId, muted: want });
    else this.post(StreamsEvent.agentMuteToggle, { muted: this.state.muted });
  }

  private subscribe(data: unknown): void {
    const asked = Array.isArray(data) ? data.filter((x): x is string => typeof x === 'string') : [];
    this.set({ topics: [...new Set([...this.state.topics, ...asked])] });
    this.post(StreamsEvent.webSocketSubscriptionUpdate, {
      topic: 'aws/subscribe',
      content: { status: 'success', topics: asked },
    });
  }
}
