/**
 * The attachment PUT to the URL StartAttachmentUpload returned, with progress. Browsers and
 * workers use XMLHttpRequest, the one API that reports upload progress over HTTP/1.1
 * (a streamed fetch body needs HTTP/2 in Chromium); elsewhere (Node) fetch sends the Blob
 * and progress is reported at the start and the end.
 */
import { ChatError, networkError } from './errors.js';
import { errorTypeOf } from './client.js';

export interface UploadProgress {
  readonly loaded: number;
  readonly total: number;
}

interface XhrLike {
  open(method: string, url: string): void;
  setRequestHeader(name: string, value: string): void;
  send(body: Blob): void;
  readonly status: number;
  readonly responseText: string;
  getResponseHeader(name: string): string | null;
  onload: (() => void) | null;
  onerror: (() => void) | null;
  onabort: (() => void) | null;
  upload: { onprogress: ((ev: { loaded: number; total: number; lengthComputable: boolean }) => void) | null };
}

const failed = (status: number, header: string | null, text: string): ChatError => {
  let body: Record<string, unknown> | undefined;
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    body = undefined;
  }
  const type = errorTypeOf(header, body, status);
  const message =
    (typeof body?.message === 'string' && body.message) ||
    (typeof body?.Message === 'string' && body.Message) ||
    `The attachment upload was refused (${status})`;
  return new ChatError({ type, message, statusCode: status });
};

export function upload(
  url: string,
  headers: Record<string, string>,
  blob: Blob,
  onProgress: ((p: UploadProgress) => void) | undefined,
  fetchImpl: typeof fetch,
): Promise<void> {
  const total = blob.size;
  const report = (loaded: number) => {
    try {
      onProgress?.({ loaded, total });
    } catch {
      // A progress callback that throws must not fail the upload.
    }
  };
  const Xhr = (globalThis as { XMLHttpRequest?: new () => XhrLike }).XMLHttpRequest;
  if (Xhr) {
    return new Promise((resolve, reject) => {
      const xhr = new Xhr();
      xhr.open('PUT', url);
      for (const [k, v] of Object.entries(headers)) xhr.setRequestHeader(k, v);
      xhr.upload.onprogress = (ev) => report(ev.lengthComputable ? ev.loaded : 0);
      xhr.onload = () => {
        if (xhr.status >= 200 && xhr.status < 300) {
          report(total);
          resolve();
        } else reject(failed(xhr.status, xhr.getResponseHeader('x-amzn-errortype'), xhr.responseText));
      };
      xhr.onerror = () => reject(networkError(new Error('the upload failed')));
      xhr.onabort = () => reject(networkError(new Error('the upload was aborted')));
      report(0);
      xhr.send(blob);
    });
  }
  report(0);
  return fetchImpl(url, { method: 'PUT', headers, body: blob }).then(
    async (res) => {
      if (!res.ok) throw failed(res.status, res.headers.get('x-amzn-errortype'), await res.text().catch(() => ''));
      await res.arrayBuffer().catch(() => undefined);
      report(total);
    },
    (e: unknown) => {
      throw networkError(e);
    },
  );
}
