import { describe, expect, it } from 'vitest';
import type { DesktopState } from '../state/desktop.js';
import { Store } from '../state/store.js';
import type { AgentDataWire } from './agent-data.js';
import { type BridgeDesktop, type BridgeSoftphone, type BridgeWindow, startStreamsBridge } from './bridge.js';
import { agentData, chatContact, voiceContact } from './testing.js';

type Listener = (e: MessageEvent) => void;

/** The frame's window: its parent records what is posted; the test plays the parent and others. */
class FakeWindow implements BridgeWindow {
  readonly posted: { message: unknown; transfer: Transferable[] | undefined }[] = [];
  readonly parent = {
    postMessage: (message: unknown, _origin: string, transfer?: Transferable[]) => {
      this.posted.push({ message, transfer });
    },
  };
  private listeners = new Set<Listener>();
  addEventListener(_t: 'message', l: Listener): void {
    this.listeners.add(l);
  }
  removeEventListener(_t: 'message', l: Listener): void {
    this.listeners.delete(l);
  }
  /** A message event from `source` (the parent unless told). */
  deliver(data: unknown, source: unknown = this.parent): void {
    for (const l of this.listeners) l({ data, source } as unknown as MessageEvent);
  }
  events(): string[] {
    return this.posted.map(
      (p) => (p.message as { event?: string; type?: string }).event ?? `(${(p.message as { type: string }).type})`,
    );
  }
}

class FakeDesktop implements BridgeDesktop {
  readonly store = new Store<DesktopState>({
    phase: 'signed-in',
    signInMessage: undefined,
    connection: 'open',
    data: undefined,
    skew: 0,
    selected: undefined,
    unread: {},
    leader: true,
    ringMuted: false,
    theme: 'light',
    notice: undefined,
  });
  readonly commands: {
    name: string;
    params: Record<string, unknown> | undefined;
    resolve: (v: unknown) => void;
    reject: (e: unknown) => void;
  }[] = [];
  readonly itemListeners = new Set<(contactId: string, item: never) => void>();
  signedOut = 0;

  command(name: string, params?: Record<string, unknown>): Promise<unknown> {
    return new Promise((resolve, reject) => this.commands.push({ name, params, resolve, reject }));
  }
  onChatItem(l: (contactId: string, item: never) => void): () => void {
    this.itemListeners.add(l);
    return () => this.itemListeners.delete(l);
  }
  onTopicMessage(): () => void {
    return () => undefined;
  }
  async signOut(): Promise<void> {
    this.signedOut++;
    this.store.set({ phase: 'signed-out', data: undefined, connection: 'closed' });
  }
  push(data: AgentDataWire): void {
    this.store.set({ data });
  }
}

const lastErr = (win: FakeWindow): string =>
  ((win.posted.at(-1)?.message ?? {}) as { data?: { err?: string } }).data?.err ?? '{}';

const tick = () => new Promise((r) => setTimeout(r, 0));

function start(desktop = new FakeDesktop(), softphone?: BridgeSoftphone) {
  const win = new FakeWindow();
  const bridge = startStreamsBridge(desktop, {
    window: win,
    origin: 'https://sb.example.com',
    now: () => 1_000,
    ...(softphone ? { softphone } : {}),
  });
  return { win, desktop, bridge };
}

/** The frame's softphone: records what it was asked; `holds` says which call's leg it holds. */
class FakeSoftphone implements BridgeSoftphone {
  readonly digits: [string, string][] = [];
  readonly mutes: [string, boolean][] = [];
  constructor(private readonly holds: string) {}
  async setMuted(contact: { contactId: string }, muted: boolean): Promise<void> {
    this.mutes.push([contact.contactId, muted]);
  }
  sendDigits(contactId: string, digits: string): void {
    if (contactId !== this.holds)
      throw Object.assign(new Error(`The audio of call ${contactId} is not in this tab`), { type: 'InvalidStateException' });
    this.digits.push([contactId, digits]);
  }
}

describe('the Streams bridge on a window', () => {
  it('acknowledges at once and offers the SDK a MessagePort', () => {
    const { win, bridge } = start();
    expect(win.events()).toEqual(['(cross-domain-adapter-init)', 'acknowledge']);
    expect(win.posted[0]?.transfer?.[0]).toBeInstanceOf(MessagePort);
    bridge.stop();
  });

  it('takes messages from its parent only', () => {
    const { win, bridge } = start();
    win.deliver({ event: 'synchronize' }, { postMessage() {} });
    win.deliver({ event: 'synchronize' });
    win.deliver('not an envelope');
    expect(win.events().filter((e) => e === 'acknowledge')).toHaveLength(2);
    bridge.stop();
  });

  it('posts agent::update on every push of the desktop, and runs api_request as a command', async () => {
    const { win, desktop, bridge } = start();
    desktop.push(agentData([chatContact('c1', 'connecting')]));
    expect(win.events().at(-1)).toBe('agent::update');
    win.deliver({ event: 'api_request', data: { requestId: 'r1', method: 'rejectContact', params: { contactId: 'c1' } } });
    expect(desktop.commands.map((c) => [c.name, c.params])).toEqual([['rejectContact', { contactId: 'c1' }]]);
    desktop.commands[0]?.reject(Object.assign(new Error('gone'), { type: 'ResourceNotFoundException' }));
    await tick();
    expect(win.posted.at(-1)?.message).toEqual({
      event: 'api_response',
      data: {
        event: 'api_response',
        requestId: 'r1',
        data: null,
        err: JSON.stringify({ type: 'ResourceNotFoundException', message: 'gone', statusCode: 404 }),
      },
    });
    bridge.stop();
  });

  it('a command that throws at once is still answered', async () => {
    const desktop = new FakeDesktop();
    desktop.command = () => {
      throw Object.assign(new Error('Signed out'), { type: 'AccessDeniedException' });
    };
    const { win, bridge } = start(desktop);
    desktop.push(agentData());
    win.deliver({ event: 'api_request', data: { requestId: 'r1', method: 'putAgentState', params: { state: {} } } });
    await tick();
    expect(JSON.parse(lastErr(win)).type).toBe('AccessDeniedException');
    bridge.stop();
  });

  it('terminate signs out and answers terminated', async () => {
    const { win, desktop, bridge } = start();
    desktop.push(agentData());
    win.deliver({ event: 'terminate' });
    await tick();
    expect(desktop.signedOut).toBe(1);
    expect(win.events().at(-1)).toBe('terminated');
    bridge.stop();
  });

  it('the held accepted push is released by a timer when no broadcast comes', async () => {
    const desktop = new FakeDesktop();
    const win = new FakeWindow();
    const timers: (() => void)[] = [];
    const bridge = startStreamsBridge(desktop, {
      window: win,
      origin: 'https://sb.example.com',
      sdkPort: false,
      setTimeout: (f) => timers.push(f),
    });
    desktop.push(agentData([chatContact('c1', 'connecting')]));
    win.deliver({ event: 'api_request', data: { requestId: 'r1', method: 'acceptContact', params: { contactId: 'c1' } } });
    desktop.commands[0]?.resolve({});
    await tick();
    desktop.push(agentData([chatContact('c1', 'connected')]));
    expect(win.events().slice(-1)).toEqual(['api_response']);
    timers[0]?.();
    expect(win.events().slice(-1)).toEqual(['agent::update']);
    bridge.stop();
  });

  it('relays chat items after the CRM subscribed', () => {
    const { win, desktop, bridge } = start();
    desktop.push(agentData([chatContact('c1', 'connected')]));
    win.deliver({ event: 'webSocket::subscribe', data: ['aws/chat'] });
    for (const l of desktop.itemListeners) l('c1', { Id: 'i1', Type: 'MESSAGE' } as never);
    expect(win.events().slice(-2)).toEqual(['webSocket::subscription_update', 'webSocket::all_message']);
    bridge.stop();
  });

  it('answers the SDK on the port: site-ready → acknowledge, getInstanceDetails → origin and region', async () => {
    const { win, desktop, bridge } = start();
    desktop.push(agentData());
    const port = win.posted[0]?.transfer?.[0] as MessagePort;
    const replies: unknown[] = [];
    port.onmessage = (e) => replies.push(e.data);
    port.postMessage({ type: 'cross-domain-site-ready', providerId: 'p' });
    port.postMessage({
      type: 'request',
      namespace: 'aws.connect.contact',
      command: 'contact/getInstanceDetails',
      requestId: 'q1',
      data: {},
    });
    for (let i = 0; i < 50 && replies.length < 2; i++) await new Promise((r) => setTimeout(r, 5));
    expect(replies).toMatchObject([
      { type: 'acknowledge', healthCheckInterval: 0 },
      { type: 'response', requestId: 'q1', isError: false, data: { origin: 'https://sb.example.com', region: 'eu-west-1' } },
    ]);
    port.close();
    bridge.stop();
  });

  it("sendDigits plays on the frame's softphone and is answered; a call it does not hold is refused in words", () => {
    const softphone = new FakeSoftphone('v1');
    const { win, desktop, bridge } = start(new FakeDesktop(), softphone);
    desktop.push(agentData([voiceContact('v1', 'connected'), voiceContact('v2', 'connected')]));
    const digits = (requestId: string, contactId: string) =>
      win.deliver({
        event: 'api_request',
        data: { requestId, method: 'sendDigits', params: { contactId, connectionId: `agent-${contactId}`, digits: '12#' } },
      });
    digits('r1', 'v1');
    expect(softphone.digits).toEqual([['v1', '12#']]);
    expect(win.posted.at(-1)?.message).toEqual({
      event: 'api_response',
      data: { event: 'api_response', requestId: 'r1', data: {}, err: null },
    });
    digits('r2', 'v2');
    expect(JSON.parse(lastErr(win))).toEqual({
      type: 'InvalidStateException',
      message: 'The audio of call v2 is not in this tab',
      statusCode: 400,
    });
    expect(desktop.commands).toEqual([]);
    bridge.stop();
  });

  it('without a softphone, sendDigits is answered with an error, not left waiting', () => {
    const { win, desktop, bridge } = start();
    desktop.push(agentData([voiceContact('v1', 'connected')]));
    win.deliver({
      event: 'api_request',
      data: { requestId: 'r1', method: 'sendDigits', params: { contactId: 'v1', digits: '1' } },
    });
    expect(JSON.parse(lastErr(win))).toMatchObject({ type: 'InvalidStateException', message: 'This CCP has no softphone' });
    bridge.stop();
  });

  it("agent.mute(): the softphone mutes the agent's call; the push that shows it posts agent::mute_toggle", () => {
    const softphone = new FakeSoftphone('v1');
    const { win, desktop, bridge } = start(new FakeDesktop(), softphone);
    desktop.push(agentData([voiceContact('v1', 'connected')]));
    win.deliver({ event: 'broadcast', data: { event: 'mute', data: { mute: true } } });
    expect(softphone.mutes).toEqual([['v1', true]]);
    desktop.push(agentData([voiceContact('v1', 'connected', { muted: true })]));
    expect(win.events().slice(-2)).toEqual(['agent::update', 'agent::mute_toggle']);
    expect(win.posted.at(-1)?.message).toEqual({ event: 'agent::mute_toggle', data: { muted: true } });
    bridge.stop();
  });

  it('stops listening when stopped', () => {
    const { win, bridge } = start();
    bridge.stop();
    const n = win.posted.length;
    win.deliver({ event: 'synchronize' });
    expect(win.posted).toHaveLength(n);
  });
});
