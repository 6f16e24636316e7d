/**
 * What the `connect` objects need from the thing that reaches the agent: a transport. Two
 * exist, behind the same `connect.*` API:
 * - `iframe` (transport/iframe.ts): Streams' conduit to a Switchboard CCP framed in the page
 *   (`connect.core.initCCP`); the CCP runs the session, the softphone and the commands.
 * - `direct` (transport/direct.ts): straight to the agent API with `@switchboard/agent-client`
 *   (a token, or username and password), in a browser or in Node; in a browser it runs the
 *   agent's softphone itself.
 *
 * Above the transport, the SDK does what Streams does in the page: it diffs each agent data
 * it is handed into the agent and contact events (agent-data.ts), and sends every action as a
 * Streams `ClientMethods` request (`acceptContact`, `putAgentState`, …) with Streams'
 * parameters. So both transports answer the same requests with the same errors.
 */
import type { AgentData } from '@switchboard/core/agent';

/** The error a request fails with: Streams' `{type, message, statusCode}` (the CCP's answer). */
export interface StreamsError {
  readonly type: string;
  readonly message: string;
  readonly statusCode: number;
}

/** What a transport hands the SDK. */
export interface TransportSink {
  /** The agent's whole data (Streams' `agent::update`), revived: Dates, `localTimestamp`, `skew`. */
  agentData(data: AgentData): void;
  /**
   * A bus event the SDK re-triggers as it is (Streams bridges every upstream message onto its
   * bus): `acknowledge` (the first one means initialised), `terminated`, `auth_fail`,
   * `access_denied`, `agent::mute_toggle`, `contact::accepted`, `configuration::configure`,
   * `agent::websocket_connection_lost` / `_gained`, … Names and payloads are Streams' runtime ones.
   */
  event(name: string, data?: unknown): void;
  /** An item pushed on a topic of the agent's websocket (`aws/task`), for TaskJS-like sessions. */
  topic(topic: string, data: unknown): void;
}

export interface StreamsTransport {
  readonly kind: 'iframe' | 'direct';
  /**
   * The Switchboard server's origin (`https://host:port`), once known: chat sessions reach the
   * participant API there. The iframe transport knows it from `ccpUrl`.
   */
  readonly endpoint: string | undefined;
  /** Starts reaching the agent; what arrives goes to `sink`. Called once. */
  start(sink: TransportSink): void;
  /**
   * Sends one Streams `ClientMethods` request (or `sendDigits`, the quick-response methods);
   * resolves with the answer's data, rejects with a {@link StreamsError}.
   */
  request(method: string, params: Readonly<Record<string, unknown>>): Promise<unknown>;
  /** `agent.mute()` / `agent.unmute()`: the agent's own microphone on their call. */
  setMuted(muted: boolean): void;
  /**
   * Streams' `broadcast` (e.g. `contact::accepted` after an accept): the iframe sends it up
   * and the CCP hands it back down to every page; without it the SDK triggers it on its own bus.
   */
  broadcast?(event: string, data: unknown): void;
  /**
   * Streams' `connect.core.getUpstream().sendUpstream(event, data)`: a message for the CCP as it
   * is (iframe). The direct transport acts on `terminate` (the CRM's logout): it signs the
   * agent out, and `terminated` follows.
   */
  send?(event: string, data?: unknown): void;
  /**
   * The agent's call audio, where this transport runs the softphone (direct, in a browser):
   * the remote tracks of the call of `contactId`, one per line. Undefined elsewhere (the CCP
   * frame plays the audio itself; Node has no media).
   */
  remoteTracks?(contactId: string): readonly MediaStreamTrack[] | undefined;
  /** `connect.core.terminate()`: sign out (direct) or tell the CCP (iframe), then stop. */
  terminate(): void;
}

export const isStreamsError = (e: unknown): e is StreamsError =>
  typeof e === 'object' &&
  e !== null &&
  typeof (e as StreamsError).type === 'string' &&
  typeof (e as StreamsError).message === 'string';
