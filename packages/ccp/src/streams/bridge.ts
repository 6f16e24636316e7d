/**
 * The Streams bridge's adapter: connects the pure protocol (protocol.ts) to the frame's
 * window and the desktop. Messages are taken only from `window.parent` (Streams checks
 * sources, not origins: who may frame the CCP is the server's CSP `frame-ancestors`);
 * replies go to the parent with targetOrigin `'*'`, as Amazon's CCP does. Also opens the
 * SDK's MessagePort (sdk-port.ts).
 */
import type { Item } from '@switchboard/chat';
import type { DesktopState } from '../state/desktop.js';
import { type AgentDataWire, type ContactData, findContact, regionOf } from './agent-data.js';
import { asStreamsMessage, type StreamsMessage } from './messages.js';
import { type BridgeState, type DesktopView, type Effect, type Input, initialState, next } from './protocol.js';
import { SDK_INIT, sdkPortReply } from './sdk-port.js';

/** What the bridge uses of the desktop (state/desktop.ts). */
export interface BridgeDesktop {
  readonly store: { get(): DesktopState; subscribe(listener: () => void): () => void };
  command(name: string, params?: Record<string, unknown>): Promise<unknown>;
  onChatItem(listener: (contactId: string, item: Item) => void): () => void;
  onTopicMessage(listener: (topic: string, data: unknown) => void): () => void;
  signOut(): Promise<void>;
}

/** What the bridge uses of the frame's softphone (state/softphone.ts). */
export interface BridgeSoftphone {
  /** Mutes or unmutes the agent on the call (on the server, and the local track). */
  setMuted(contact: ContactData<string>, muted: boolean): Promise<void>;
  /** Plays DTMF on the agent's media leg; throws (with a `type`) when this frame does not hold it. */
  sendDigits(contactId: string, digits: string): void;
}

/** What the bridge uses of the frame's window. */
export interface BridgeWindow {
  readonly parent: { postMessage(message: unknown, targetOrigin: string, transfer?: Transferable[]): void };
  addEventListener(type: 'message', listener: (e: MessageEvent) => void): void;
  removeEventListener(type: 'message', listener: (e: MessageEvent) => void): void;
}

export interface BridgeOptions {
  readonly window: BridgeWindow;
  /** This CCP's origin: the instance URL Streams' SDK expects (`new URL(ccpUrl).origin`). */
  readonly origin: string;
  readonly now?: () => number;
  readonly setTimeout?: (f: () => void, ms: number) => unknown;
  readonly clearTimeout?: (handle: unknown) => void;
  /** The frame's softphone: `sendDigits` and `agent.mute()` act on it. */
  readonly softphone?: BridgeSoftphone;
  /** The frame's media devices (for `connect.core.getFrameMediaDevices`). */
  readonly mediaDevices?: () => Promise<readonly unknown[]>;
  /** Open the SDK MessagePort (default true; needs `MessageChannel`). */
  readonly sdkPort?: boolean;
  readonly log?: (message: string, detail?: unknown) => void;
}

export interface StreamsBridge {
  /** The protocol state (for tests and diagnostics). */
  readonly state: () => BridgeState;
  stop(): void;
}

const randomId = (): string =>
  globalThis.crypto?.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;

const defaultMediaDevices = async (): Promise<readonly unknown[]> => {
  const md = globalThis.navigator?.mediaDevices;
  if (!md?.enumerateDevices) throw new Error('No media devices in this frame');
  return (await md.enumerateDevices()).map((d) => d.toJSON() as unknown);
};

export function startStreamsBridge(desktop: BridgeDesktop, o: BridgeOptions): StreamsBridge {
  const win = o.window;
  const now = o.now ?? Date.now;
  const setTimer = o.setTimeout ?? ((f: () => void, ms: number) => globalThis.setTimeout(f, ms));
  const clearTimer = o.clearTimeout ?? ((h: unknown) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>));
  const log = o.log ?? (() => undefined);
  const timers = new Set<unknown>();
  let state = initialState(randomId());
  let stopped = false;

  const view = (): DesktopView => {
    const s = desktop.store.get();
    return { signedIn: s.phase === 'signed-in', data: s.data, leader: s.leader, connection: s.connection, now: now() };
  };

  const postRaw = (message: unknown, label: string, transfer?: Transferable[]) => {
    try {
      if (transfer) win.parent.postMessage(message, '*', transfer);
      else win.parent.postMessage(message, '*');
    } catch (e) {
      log(`could not post ${label}`, e);
    }
  };
  const post = (m: StreamsMessage) => postRaw(m, m.event);

  // Inputs that arrive while one is being handled (an effect calling back at once) wait.
  const queue: Input[] = [];
  let busy = false;
  const dispatch = (input: Input) => {
    if (stopped) return;
    queue.push(input);
    if (busy) return;
    busy = true;
    try {
      for (let i = queue.shift(); i !== undefined; i = queue.shift()) {
        const step = next(state, i, view());
        state = step.state;
        for (const m of step.out) post(m);
        for (const e of step.effects) run(e);
      }
    } finally {
      busy = false;
    }
  };

  const run = (e: Effect) => {
    switch (e.type) {
      case 'command': {
        let p: Promise<unknown>;
        try {
          p = desktop.command(e.command, e.params);
        } catch (err) {
          p = Promise.reject(err);
        }
        p.then(
          (value) => dispatch({ kind: 'settled', seq: e.seq, ok: true, value }),
          (error: unknown) => dispatch({ kind: 'settled', seq: e.seq, ok: false, error }),
        );
        return;
      }
      case 'local': {
        try {
          if (!o.softphone) throw Object.assign(new Error('This CCP has no softphone'), { type: 'InvalidStateException' });
          o.softphone.sendDigits(e.action.contactId, e.action.digits);
        } catch (error) {
          dispatch({ kind: 'settled', seq: e.seq, ok: false, error });
          return;
        }
        dispatch({ kind: 'settled', seq: e.seq, ok: true, value: {} });
        return;
      }
      case 'mute': {
        const contact = findContact(desktop.store.get().data, e.contactId);
        if (contact && o.softphone) o.softphone.setMuted(contact, e.muted).catch((err: unknown) => log('mute failed', err));
        return;
      }
      case 'sign-out':
        desktop.signOut().catch((err: unknown) => log('sign-out failed', err));
        return;
      case 'media-devices':
        (o.mediaDevices ?? defaultMediaDevices)().then(
          (devices) => dispatch({ kind: 'media-devices', devices }),
          (err: unknown) => dispatch({ kind: 'media-devices', error: err instanceof Error ? err.message : String(err) }),
        );
        return;
      case 'release-after': {
        const h = setTimer(() => {
          timers.delete(h);
          dispatch({ kind: 'release', contactId: e.contactId });
        }, e.ms);
        timers.add(h);
        return;
      }
    }
  };

  const onMessage = (e: MessageEvent) => {
    if (e.source !== (win.parent as unknown)) return;
    const m = asStreamsMessage(e.data);
    if (m) dispatch({ kind: 'message', message: m });
  };
  win.addEventListener('message', onMessage);
  const unsubscribe = desktop.store.subscribe(() => dispatch({ kind: 'desktop' }));
  const stopItems = desktop.onChatItem((contactId, item) => dispatch({ kind: 'chat-item', contactId, item }));
  const stopTopics = desktop.onTopicMessage((topic, data) => dispatch({ kind: 'topic-item', topic, data }));
  const port = o.sdkPort === false ? undefined : openSdkPort(o.origin, now, () => desktop.store.get().data, postRaw);

  dispatch({ kind: 'boot' });

  return {
    state: () => state,
    stop() {
      stopped = true;
      win.removeEventListener('message', onMessage);
      unsubscribe();
      stopItems();
      stopTopics();
      port?.close();
      for (const h of timers) clearTimer(h);
      timers.clear();
    },
  };
}

/** Posts `cross-domain-adapter-init` with a port, and answers the site on it. */
function openSdkPort(
  origin: string,
  now: () => number,
  data: () => AgentDataWire | undefined,
  postRaw: (message: unknown, label: string, transfer: Transferable[]) => void,
): MessagePort | undefined {
  if (typeof MessageChannel === 'undefined') return undefined;
  const channel = new MessageChannel();
  const connectionId = randomId();
  let healthChecks = 0;
  channel.port1.onmessage = (e: MessageEvent) => {
    const d = data();
    if ((e.data as { type?: unknown } | null)?.type === 'healthCheck') healthChecks++;
    const reply = sdkPortReply(e.data, {
      connectionId,
      origin,
      region: d ? regionOf(d) : undefined,
      now: now(),
      healthChecks,
    });
    if (reply) channel.port1.postMessage(reply);
  };
  // Not a conduit message (no `event`): Streams' conduit ignores it; the SDK site takes it.
  postRaw({ type: SDK_INIT }, SDK_INIT, [channel.port2]);
  return channel.port1;
}
