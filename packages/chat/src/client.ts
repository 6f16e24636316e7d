/**
 * The participant service over HTTP (restJson1, `X-Amz-Bearer`), with global `fetch`.
 * Hand-written rather than `@aws-sdk/client-connectparticipant`: the service needs no SigV4
 * (its docs say so, and Switchboard ignores it), and the SDK's client with its signer and
 * middleware would be most of this package's size — ChatJS ships its own copy of it.
 *
 * Retries: network failures, throttling and 5xx are tried `attempts` times with
 * exponential backoff and jitter (honouring Retry-After); every other answer is final.
 */
import { asChatError, ChatError, isRetryable, networkError } from './errors.js';
import type { Logger } from './logger.js';
import { sleep } from './util.js';

export interface ResponseMetadata {
  readonly $metadata: { readonly httpStatusCode: number; readonly requestId?: string };
}

export interface Item {
  readonly AbsoluteTime: string;
  readonly Content?: string;
  readonly ContentType: string;
  readonly Id: string;
  readonly Type: string;
  readonly ParticipantId?: string;
  readonly DisplayName?: string;
  readonly ParticipantRole?: string;
  readonly Attachments?: readonly {
    readonly ContentType: string;
    readonly AttachmentId: string;
    readonly AttachmentName: string;
    readonly Status: string;
  }[];
  readonly MessageMetadata?: {
    readonly MessageId: string;
    readonly Receipts?: readonly {
      readonly DeliveredTimestamp?: string;
      readonly ReadTimestamp?: string;
      readonly RecipientParticipantId: string;
    }[];
    readonly MessageProcessingStatus?: string;
    readonly MessageCompleted?: boolean;
    readonly ChunkNumber?: number;
  };
  readonly RelatedContactId?: string;
  readonly ContactId?: string;
  readonly InitialContactId?: string;
}

export interface ConnectionOutput extends ResponseMetadata {
  readonly Websocket?: { readonly Url: string; readonly ConnectionExpiry: string };
  readonly ConnectionCredentials?: { readonly ConnectionToken: string; readonly Expiry: string };
}

export interface SendOutput extends ResponseMetadata {
  readonly Id: string;
  readonly AbsoluteTime: string;
}

export interface TranscriptInput {
  readonly ContactId?: string;
  readonly MaxResults?: number;
  readonly NextToken?: string;
  readonly ScanDirection?: 'FORWARD' | 'BACKWARD';
  readonly SortOrder?: 'ASCENDING' | 'DESCENDING';
  readonly StartPosition?: { readonly Id?: string; readonly AbsoluteTime?: string; readonly MostRecent?: number };
}

export interface TranscriptOutput extends ResponseMetadata {
  readonly InitialContactId?: string;
  readonly Transcript: Item[];
  readonly NextToken?: string;
}

export interface StartUploadOutput extends ResponseMetadata {
  readonly AttachmentId: string;
  readonly UploadMetadata: {
    readonly Url: string;
    readonly UrlExpiry: string;
    readonly HeadersToInclude?: Record<string, string>;
  };
}

export interface GetAttachmentOutput extends ResponseMetadata {
  readonly Url: string;
  readonly UrlExpiry: string;
  readonly AttachmentSizeInBytes?: number;
}

export interface ClientOptions {
  /** Base URL of the participant service, e.g. `https://chat.example.com` (a path prefix is kept). */
  readonly endpoint: string;
  readonly attempts: number;
  readonly logger: Logger;
  /** Injected for tests; defaults to the global fetch. */
  readonly fetch?: typeof fetch;
}

const MAX_RETRY_WAIT_MS = 5_000;

/** `x-amzn-errortype` as the AWS SDKs read it: cut at `:` and `,`, then what follows `#`. */
export function errorTypeOf(header: string | null, body: Record<string, unknown> | undefined, status: number): string {
  const raw =
    header ??
    (typeof body?.code === 'string' ? body.code : undefined) ??
    (typeof body?.__type === 'string' ? body.__type : undefined);
  if (!raw) return status >= 500 ? 'InternalServerException' : `HTTP${status}`;
  const cut = raw.split(':')[0]!.split(',')[0]!;
  return cut.includes('#') ? cut.slice(cut.lastIndexOf('#') + 1) : cut;
}

export class ParticipantClient {
  private readonly base: string;
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly opts: ClientOptions) {
    this.base = opts.endpoint.replace(/\/+$/, '');
    this.fetchImpl = opts.fetch ?? ((...a) => globalThis.fetch(...a));
  }

  createParticipantConnection(
    participantToken: string,
    input: { Type?: readonly string[]; ConnectParticipant?: boolean },
  ): Promise<ConnectionOutput> {
    return this.call('CreateParticipantConnection', 'POST', '/participant/connection', participantToken, input);
  }

  disconnectParticipant(connectionToken: string, clientToken: string): Promise<ResponseMetadata> {
    return this.call('DisconnectParticipant', 'POST', '/participant/disconnect', connectionToken, { ClientToken: clientToken });
  }

  sendMessage(
    connectionToken: string,
    input: { ContentType: string; Content: string; ClientToken: string },
  ): Promise<SendOutput> {
    return this.call('SendMessage', 'POST', '/participant/message', connectionToken, input);
  }

  sendEvent(connectionToken: string, input: { ContentType: string; Content?: string; ClientToken: string }): Promise<SendOutput> {
    return this.call('SendEvent', 'POST', '/participant/event', connectionToken, input);
  }

  getTranscript(connectionToken: string, input: TranscriptInput): Promise<TranscriptOutput> {
    return this.call('GetTranscript', 'POST', '/participant/transcript', connectionToken, input);
  }

  startAttachmentUpload(
    connectionToken: string,
    input: { ContentType: string; AttachmentSizeInBytes: number; AttachmentName: string; ClientToken: string },
  ): Promise<StartUploadOutput> {
    return this.call('StartAttachmentUpload', 'POST', '/participant/start-attachment-upload', connectionToken, input);
  }

  completeAttachmentUpload(
    connectionToken: string,
    input: { AttachmentIds: string[]; ClientToken: string },
  ): Promise<ResponseMetadata> {
    return this.call('CompleteAttachmentUpload', 'POST', '/participant/complete-attachment-upload', connectionToken, input);
  }

  getAttachment(
    connectionToken: string,
    input: { AttachmentId: string; UrlExpiryInSeconds?: number },
  ): Promise<GetAttachmentOutput> {
    return this.call('GetAttachment', 'POST', '/participant/attachment', connectionToken, input);
  }

  describeView(connectionToken: string, viewToken: string): Promise<ResponseMetadata & { View: Record<string, unknown> }> {
    return this.call('DescribeView', 'GET', `/participant/views/${encodeURIComponent(viewToken)}`, connectionToken);
  }

  getAuthenticationUrl(
    connectionToken: string,
    input: { SessionId: string; RedirectUri: string },
  ): Promise<ResponseMetadata & { AuthenticationUrl: string }> {
    return this.call('GetAuthenticationUrl', 'POST', '/participant/authentication-url', connectionToken, input);
  }

  cancelParticipantAuthentication(connectionToken: string, input: { SessionId: string }): Promise<ResponseMetadata> {
    return this.call('CancelParticipantAuthentication', 'POST', '/participant/cancel-authentication', connectionToken, input);
  }

  /** One operation, tried up to `attempts` times while the failure is worth retrying. */
  private async call<T>(op: string, method: 'GET' | 'POST', path: string, token: string, body?: object): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.once<T>(method, path, token, body);
      } catch (e) {
        const err = asChatError(e);
        const wait = (err as ChatError & { retryAfterMs?: number }).retryAfterMs;
        if (!err.error.retryable || attempt >= this.opts.attempts) {
          this.opts.logger.warn(`${op} failed: ${err.error.type}: ${err.message}`);
          throw err;
        }
        const backoff = Math.min(MAX_RETRY_WAIT_MS, wait ?? 100 * 2 ** (attempt - 1) * (0.5 + Math.random()));
        this.opts.logger.info(
          `${op}: ${err.error.type}, attempt ${attempt} of ${this.opts.attempts}; again in ${Math.round(backoff)} ms`,
        );
        await sleep(backoff);
      }
    }
  }

  private async once<T>(method: 'GET' | 'POST', path: string, token: string, body?: object): Promise<T> {
    const headers: Record<string, string> = { 'x-amz-bearer': token };
    if (body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await this.fetchImpl(`${this.base}${path}`, {
        method,
        headers,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    } catch (e) {
      throw networkError(e);
    }
    let text: string;
    try {
      text = await res.text();
    } catch (e) {
      throw networkError(e);
    }
    let json: Record<string, unknown> | undefined;
    try {
      json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      json = undefined;
    }
    const $metadata = { httpStatusCode: res.status, requestId: res.headers.get('x-amzn-requestid') ?? undefined };
    if (res.ok && json !== undefined) return { ...json, $metadata } as T;
    const type = errorTypeOf(res.headers.get('x-amzn-errortype'), json, res.status);
    const message =
      (typeof json?.message === 'string' && json.message) ||
      (typeof json?.Message === 'string' && json.Message) ||
      (res.ok ? 'The chat service answered with something that is not JSON' : `The chat service answered ${res.status}`);
    const err = new ChatError({ type, message, statusCode: res.status, retryable: isRetryable(type, res.status) });
    const after = Number(res.headers.get('retry-after'));
    if (Number.isFinite(after) && after > 0) Object.assign(err, { retryAfterMs: after * 1000 });
    throw err;
  }
}
