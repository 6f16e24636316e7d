/**
 * The direct transport: straight to Switchboard's agent API with `@switchboard/agent-client`,
 * no CCP frame, in a browser or in Node (bots, tests of a contact center's flows, load tests,
 * server-side integrations). Each Streams request runs as the CCP frame would run it
 * (methods.ts: the same routes and the same errors). In a browser with a microphone it runs
 * the agent's softphone itself (softphone.ts); in Node there is no media, and the voice
 * commands (hold, mute, consult…) still work on the server.
 */
import { AgentClient, type ContactData } from '@switchboard/agent-client';
import { type AgentDataWire, reviveAgentData } from '@switchboard/core/agent';
import { commandError, route, type StreamsError as MethodError } from '../methods.js';
import { channelOfContact, placeholderContext, shapeQuickResponses } from '../quick-responses.js';
import type { StreamsError, StreamsTransport, TransportSink } from '../transport.js';
import { type DirectSoftphone, startSoftphone } from './softphone.js';

export interface DirectOptions {
  /** The Switchboard server's URL (`https://switchboard.example.com`). */
  readonly url: string;
  /** A session token (from a sign-in, or minted with the admin API); or username and password. */
  readonly token?: string;
  readonly expiresAt?: Date | string | number;
  readonly username?: string;
  readonly password?: string;
  /** The instance's id or alias, for a server with several. */
  readonly instance?: string;
  /** An AgentClient already signed in (the transport then neither signs in nor out). */
  readonly client?: AgentClient;
  /**
   * Run the agent's softphone (microphone and call audio) for voice contacts: default on in a
   * browser that has `navigator.mediaDevices`, always off in Node.
   */
  readonly softphone?: boolean;
  /** A microphone to use instead of `getUserMedia` (tests, kiosks). */
  readonly microphone?: () => Promise<MediaStreamTrack>;
  /** How long a request waits for its answer, ms (default the agent client's, 15 s). */
  readonly requestTimeoutMs?: number;
}

const hasMedia = (): boolean => typeof globalThis.navigator !== 'undefined' && !!globalThis.navigator.mediaDevices?.getUserMedia;

/** The own connection's states on a call: the agent's (held in a consult too), a supervisor's monitoring one. */
const ON_CALL: Readonly<Record<string, readonly string[]>> = {
  agent: ['connected', 'hold'],
  monitoring: ['silent_monitor', 'barge'],
};

/** The agent's call and their own connection on it: what `agent.mute()` mutes. */
const ownCall = (contacts: readonly ContactData<string>[]) => {
  for (const c of contacts) {
    if (c.type !== 'voice') continue;
    // The agent's own connection first: a barging supervisor's shows on the agent's contact too.
    const own = c.connections.find((x) => x.type === 'agent') ?? c.connections.find((x) => x.type === 'monitoring');
    if (own && ON_CALL[own.type]?.includes(own.state.type)) return { contactId: c.contactId, own };
  }
  return undefined;
};

/**
 * Is the agent muted on their call, on the server? False without a call, as the CCP frame
 * tells it (Streams' softphone reports unmuted after a call): a call that starts unmuted
 * fires no `agent::mute_toggle`.
 */
const agentMuted = (data: AgentDataWire): boolean => ownCall(data.snapshot.contacts)?.own.mute === true;

export function createDirectTransport(o: DirectOptions): StreamsTransport {
  if (typeof o?.url !== 'string' || !/^https?:\/\//.test(o.url)) {
    throw new TypeError('initAgent needs the Switchboard server URL, e.g. { url: "https://switchboard.example.com", … }');
  }
  if (!o.client && !o.token && !(o.username && o.password)) {
    throw new TypeError('initAgent needs a token, or a username and password (or a signed-in AgentClient)');
  }
  const endpoint = new URL(o.url).origin;
  let client: AgentClient | undefined = o.client;
  let sink: TransportSink | undefined;
  let stopped = false;
  let softphone: DirectSoftphone | undefined;
  let muted = false;
  const offs: (() => void)[] = [];
  const waiting: (() => void)[] = [];

  const ready = (): Promise<AgentClient> =>
    client ? Promise.resolve(client) : new Promise<AgentClient>((resolve) => waiting.push(() => client && resolve(client)));

  const fail = (name: 'auth_fail' | 'access_denied', message: string) => sink?.event(name, { message });

  const attach = (c: AgentClient) => {
    client = c;
    let first = true;
    const onData = (wire: AgentDataWire) => {
      if (stopped || !sink) return;
      if (first) {
        first = false;
        sink.event('acknowledge', { id: 'direct' });
      }
      sink.agentData(reviveAgentData(wire, Date.now()));
      const m = agentMuted(wire);
      if (m !== muted) sink.event('agent::mute_toggle', { muted: m });
      muted = m;
      softphone?.sync(wire.snapshot.contacts);
    };
    offs.push(
      c.on('data', onData),
      c.on('connectionState', (state, previous) => {
        if (state === 'reconnecting') sink?.event('agent::websocket_connection_lost');
        if (state === 'open' && previous === 'reconnecting') sink?.event('agent::websocket_connection_gained');
      }),
      c.on('sessionEnded', (reason) => {
        if (reason === 'signed out') sink?.event('terminated');
        else fail('auth_fail', `The agent's session ended: ${reason}`);
      }),
      c.on('topicMessage', (topic, data) => sink?.topic(topic, data)),
    );
    if (o.softphone ?? hasMedia()) {
      softphone = startSoftphone({
        endpoint,
        ...(o.microphone ? { microphone: o.microphone } : {}),
        onError: (type, message) => sink?.event('agent::softphone_error', { errorType: type, errorMessage: message }),
      });
    }
    for (const w of waiting.splice(0)) w();
    // A client given already signed in may hold the agent's data: it is not pushed again.
    if (c.data) onData(c.data);
  };

  const signIn = async () => {
    try {
      const c = o.client
        ? o.client
        : o.token
          ? AgentClient.fromToken({ endpoint, token: o.token, ...(o.expiresAt ? { expiresAt: o.expiresAt } : {}) })
          : await AgentClient.signIn({
              endpoint,
              username: o.username ?? '',
              password: o.password ?? '',
              ...(o.instance ? { instance: o.instance } : {}),
            });
      if (stopped) {
        if (!o.client) c.close();
        return;
      }
      attach(c);
    } catch (e) {
      const err = commandError(e);
      fail(err.type === 'AccessDeniedException' ? 'auth_fail' : 'access_denied', err.message);
    }
  };

  const contactOf = (id: string | undefined): ContactData<string> | undefined =>
    id ? client?.data?.snapshot.contacts.find((c) => c.contactId === id) : undefined;

  return {
    kind: 'direct',
    endpoint,
    start(s) {
      sink = s;
      void signIn();
    },
    async request(method, params) {
      if (stopped) throw { type: 'StateError', message: 'connect was terminated', statusCode: 400 } satisfies StreamsError;
      const r = route(method, params, (id) => {
        const c = contactOf(id);
        return c ? channelOfContact(c) : undefined;
      });
      switch (r.kind) {
        case 'answer':
          return r.data;
        case 'error':
          throw r.error;
        case 'local': {
          if (!softphone) {
            throw {
              type: 'InvalidStateException',
              message:
                'sendDigits plays the digits on the agent’s call audio, which this connect does not run (Node, or softphone: false)',
              statusCode: 400,
            } satisfies MethodError;
          }
          softphone.sendDigits(r.action.contactId, r.action.digits);
          return null;
        }
        case 'command': {
          const c = await ready();
          try {
            const data = await c.command(r.command, r.params, o.requestTimeoutMs ? { timeoutMs: o.requestTimeoutMs } : undefined);
            if (r.shape.kind === 'quick-responses') {
              const contact = contactOf(r.shape.contactId);
              return shapeQuickResponses(data, contact ? placeholderContext(contact) : undefined);
            }
            return data;
          } catch (e) {
            throw commandError(e);
          }
        }
      }
    },
    setMuted(m) {
      const c = client;
      const call = c?.data ? ownCall(c.data.snapshot.contacts) : undefined;
      if (!c || !call) return;
      softphone?.mute(call.contactId, m);
      c.command(m ? 'muteParticipant' : 'unmuteParticipant', {
        contactId: call.contactId,
        connectionId: call.own.connectionId,
      }).catch((e: unknown) => {
        softphone?.mute(call.contactId, !m);
        sink?.event('agent::softphone_error', { errorType: 'mute_failed', errorMessage: commandError(e).message });
      });
    },
    send(event) {
      if (event !== 'terminate' || stopped) return;
      softphone?.stop();
      client?.signOut().catch((e: unknown) => fail('auth_fail', commandError(e).message));
    },
    remoteTracks(contactId) {
      return softphone?.tracks(contactId);
    },
    terminate() {
      if (stopped) return;
      stopped = true;
      softphone?.stop();
      for (const off of offs.splice(0)) off();
      const c = client;
      if (c && !o.client) {
        c.signOut()
          .catch(() => undefined)
          .finally(() => c.close());
      }
      sink?.event('terminated');
    },
  };
}
