/**
 * The widget's public routes on the Switchboard server (`/widget/v1/…`, docs/widget.md):
 * read the configuration, start a chat, rate it, leave a message. Failures reject with a WidgetError whose
 * `kind` the view turns into words (errors.ts); nothing here is shown raw.
 */
import { readConfiguration, type WidgetConfiguration } from './configuration.js';

/** What StartChat answers: the chat's details and where its participant service is. */
export interface StartedChat {
  readonly chat: { readonly ContactId: string; readonly ParticipantId: string; readonly ParticipantToken: string };
  readonly participantEndpoint: string;
}

export interface StartChatInput {
  readonly fields: Readonly<Record<string, string>>;
  readonly attributes: Readonly<Record<string, string>>;
  readonly visitorId: string;
}

/** The "Leave a message" form, trimmed; `attributes` are the page's (as for a chat). */
export interface LeaveMessageInput {
  readonly name: string;
  readonly email: string;
  readonly message: string;
  readonly attributes: Readonly<Record<string, string>>;
}

export interface RatingInput {
  readonly rating: number;
  readonly comment?: string;
}

/** The calls, as an interface so the controller's tests can fake them. */
/** `POST …/calls`'s answer (docs/widget.md#calls). */
export interface StartedCall {
  readonly ContactId: string;
  readonly ParticipantId: string;
  readonly JoinToken: string;
  readonly SignalingUrl: string;
}

export interface WidgetApi {
  getConfiguration(id: string): Promise<WidgetConfiguration>;
  startChat(id: string, input: StartChatInput): Promise<StartedChat>;
  rate(id: string, participantToken: string, input: RatingInput): Promise<void>;
  /** Leaves a message (a task for the agents); resolves its contact id. */
  leaveMessage(id: string, input: LeaveMessageInput): Promise<string>;
  /** Starts a web call ("Call us"); the same input as a chat. */
  startCall(id: string, input: StartChatInput): Promise<StartedCall>;
}

export type WidgetErrorKind =
  /** The server could not be reached. */
  | 'network'
  /** 429: `retryAfterS` says when to try again. */
  | 'throttled'
  /** 409: the contact center is closed (not available). */
  | 'closed'
  /** 409: this visitor already has an open chat. */
  | 'alreadyOpen'
  /** 409: the queue has too many contacts waiting (a message). */
  | 'full'
  /** 403: unknown configuration, or this site may not use it. */
  | 'forbidden'
  /** 400: the server refused the input; `message` says what (the server's words). */
  | 'invalid'
  /** Anything else (5xx, an answer that is not what the contract says). */
  | 'server';

export class WidgetError extends Error {
  override readonly name = 'WidgetError';
  constructor(
    readonly kind: WidgetErrorKind,
    message: string,
    readonly status = 0,
    readonly retryAfterS?: number,
  ) {
    super(message);
  }
}

/** `Retry-After` in seconds (delta or HTTP date), or undefined. */
export function retryAfterSeconds(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const n = Number(header);
  if (Number.isFinite(n) && n >= 0) return Math.ceil(n);
  const t = Date.parse(header);
  return Number.isFinite(t) ? Math.max(0, Math.ceil((t - now) / 1000)) : undefined;
}

async function errorOf(res: Response): Promise<WidgetError> {
  let message = '';
  let reason = '';
  try {
    const body = (await res.json()) as { message?: unknown; Message?: unknown; Reason?: unknown };
    message = String(body.message ?? body.Message ?? '');
    reason = typeof body.Reason === 'string' ? body.Reason : '';
  } catch {
    // not JSON: the status says enough
  }
  const type = res.headers.get('x-amzn-errortype')?.split(':')[0] ?? '';
  const s = res.status;
  if (s === 429 || type === 'ThrottlingException') {
    return new WidgetError('throttled', message, s, retryAfterSeconds(res.headers.get('retry-after')));
  }
  if (s === 409 || type === 'ConflictException') {
    // The server says which (Reason); older servers only in words.
    if (reason === 'QUEUE_FULL') return new WidgetError('full', message, s);
    const already = reason ? reason === 'VISITOR_LIMIT' : /already|open chat/i.test(message);
    return new WidgetError(already ? 'alreadyOpen' : 'closed', message, s);
  }
  if (s === 403 || s === 404) return new WidgetError('forbidden', message, s);
  if (s === 400) return new WidgetError('invalid', message, s);
  return new WidgetError('server', message || `HTTP ${s}`, s);
}

/** The routes over fetch. `server` is the Switchboard server's URL (`https://host`, or with a path prefix). */
export function httpWidgetApi(server: string, fetchImpl: typeof fetch = (...a) => globalThis.fetch(...a)): WidgetApi {
  const base = server.replace(/\/+$/, '');
  const url = (id: string, tail = '') => `${base}/widget/v1/configurations/${encodeURIComponent(id)}${tail}`;
  const call = async (input: string, init?: RequestInit): Promise<Response> => {
    let res: Response;
    try {
      res = await fetchImpl(input, { ...init, credentials: 'omit', mode: 'cors' });
    } catch (e) {
      throw new WidgetError('network', e instanceof Error ? e.message : String(e));
    }
    if (!res.ok) throw await errorOf(res);
    return res;
  };
  const json = { 'content-type': 'application/json' };
  return {
    async getConfiguration(id) {
      const res = await call(url(id), { headers: { accept: 'application/json' } });
      return readConfiguration(await res.json().catch(() => ({})), id);
    },
    async startChat(id, input) {
      const res = await call(url(id, '/chats'), {
        method: 'POST',
        headers: { ...json, 'x-switchboard-visitor': input.visitorId },
        body: JSON.stringify({ fields: input.fields, attributes: input.attributes }),
      });
      const body = (await res.json().catch(() => ({}))) as Partial<StartedChat>;
      const c = body.chat;
      const endpoint = body.participantEndpoint;
      if (
        !c?.ContactId ||
        !c.ParticipantId ||
        !c.ParticipantToken ||
        typeof endpoint !== 'string' ||
        !/^https?:\/\//i.test(endpoint)
      ) {
        throw new WidgetError('server', 'the server answered without the chat details');
      }
      return { chat: c, participantEndpoint: endpoint };
    },
    async rate(id, participantToken, input) {
      await call(url(id, '/rating'), {
        method: 'POST',
        headers: { ...json, 'x-amz-bearer': participantToken },
        body: JSON.stringify(input.comment ? input : { rating: input.rating }),
      });
    },
    async startCall(id, input) {
      const res = await call(url(id, '/calls'), {
        method: 'POST',
        headers: { ...json, 'x-switchboard-visitor': input.visitorId },
        body: JSON.stringify({ fields: input.fields, attributes: input.attributes }),
      });
      const body = (await res.json().catch(() => ({}))) as Partial<StartedCall>;
      if (!body.ContactId || !body.ParticipantId || !body.JoinToken || !/^wss?:\/\//i.test(body.SignalingUrl ?? ''))
        throw new WidgetError('server', 'the server answered without the call details');
      return body as StartedCall;
    },
    async leaveMessage(id, input) {
      const res = await call(url(id, '/messages'), { method: 'POST', headers: json, body: JSON.stringify(input) });
      const body = (await res.json().catch(() => ({}))) as { ContactId?: unknown };
      if (typeof body.ContactId !== 'string') throw new WidgetError('server', 'the server answered without the contact id');
      return body.ContactId;
    },
  };
}
