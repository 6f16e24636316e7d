/**
 * The second channel of `initCCP` (wire-streams-ccp.md §1.5): the `@amazon-connect/site`
 * SDK's MessagePort. Streams asks it `contact/getInstanceDetails` every time it creates a
 * chat media controller; a CCP that does not answer makes `getMediaController()` wait for
 * the SDK's 30 s timeout. The frame posts `{type: 'cross-domain-adapter-init'}` with a port
 * to its parent (the site checks that the message comes from the ccpUrl's origin and the
 * CCP iframe), then answers on the port:
 *
 * - `cross-domain-site-ready` → `acknowledge {connectionId, status, healthCheckInterval: 0}`
 *   (no health checks asked for);
 * - `request contact/getInstanceDetails` → `{origin, region}` of this Switchboard;
 * - `healthCheck` → `healthCheckResponse {time, counter}`;
 * - any other request → an error response naming the command; `subscribe`, `log`,
 *   `metric` and the like need no answer.
 */
import { isRecord } from './messages.js';

export const SDK_INIT = 'cross-domain-adapter-init';
export const GET_INSTANCE_DETAILS = 'contact/getInstanceDetails';

/** What the answers are made of, read when a message arrives. */
export interface SdkView {
  readonly connectionId: string;
  /** The instance URL's origin: this CCP's (the ccpUrl's) origin. */
  readonly origin: string;
  /** The agent's region; undefined while nobody is signed in. */
  readonly region: string | undefined;
  readonly now: number;
  /** Health checks answered so far, this one included. */
  readonly healthChecks: number;
}

/** The reply to one message from the site, or undefined when none is due. */
export function sdkPortReply(msg: unknown, v: SdkView): Record<string, unknown> | undefined {
  if (!isRecord(msg)) return undefined;
  switch (msg.type) {
    case 'cross-domain-site-ready':
      return {
        type: 'acknowledge',
        connectionId: v.connectionId,
        status: { initialized: true, startTime: new Date(v.now) },
        healthCheckInterval: 0,
      };
    case 'healthCheck':
      return { type: 'healthCheckResponse', time: v.now, counter: v.healthChecks };
    case 'request':
      return answerRequest(msg, v);
    default:
      return undefined;
  }
}

function answerRequest(msg: Record<string, unknown>, v: SdkView): Record<string, unknown> {
  const head = { type: 'response', namespace: msg.namespace, requestId: msg.requestId };
  const command = typeof msg.command === 'string' ? msg.command : '';
  const fail = (errorKey: string, reason: string) => ({
    ...head,
    isError: true,
    errorKey,
    reason,
    details: { command, requestData: msg.data },
  });
  if (command !== GET_INSTANCE_DETAILS) {
    return fail(
      'unsupportedCommand',
      `${command.slice(0, 80) || 'A request without a command'} is not offered by the Switchboard CCP`,
    );
  }
  if (v.region === undefined) return fail('notSignedIn', 'No agent is signed in to the Switchboard CCP yet');
  return { ...head, isError: false, data: { origin: v.origin, region: v.region } };
}
