/**
 * A file checked against the configuration's `attachments` before anything is uploaded, so
 * the customer learns at once, in words, why a file cannot go (the server checks again).
 */
import type { AttachmentRules } from './configuration.js';
import { fileSize, fill } from './format.js';
import type { Strings } from './strings/en.js';

/** What is needed of a File. */
export interface FileLike {
  readonly name: string;
  readonly size: number;
  readonly type: string;
}

export type AttachmentCheck =
  | { readonly ok: true; readonly contentType: string }
  | { readonly ok: false; readonly reason: 'disabled' | 'empty' | 'tooLarge' | 'type'; readonly contentType: string };

/** Browsers leave `type` empty for extensions they do not know: the common ones, by name. */
const BY_EXTENSION: Readonly<Record<string, string>> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  heic: 'image/heic',
  pdf: 'application/pdf',
  txt: 'text/plain',
  csv: 'text/csv',
  md: 'text/markdown',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ppt: 'application/vnd.ms-powerpoint',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  mp3: 'audio/mpeg',
  wav: 'audio/wav',
  mp4: 'video/mp4',
};

/** The file's MIME type: its own, else the one its extension names, else octet-stream. */
export function contentTypeOf(file: FileLike): string {
  const own = file.type.split(';')[0]!.trim().toLowerCase();
  if (own) return own;
  const ext = /\.([a-z0-9]+)$/i.exec(file.name)?.[1]?.toLowerCase();
  return (ext && BY_EXTENSION[ext]) || 'application/octet-stream';
}

const accepts = (pattern: string, type: string): boolean => {
  const p = pattern.trim().toLowerCase();
  if (p === '*/*' || p === type) return true;
  return p.endsWith('/*') && type.startsWith(p.slice(0, -1));
};

export function checkAttachment(file: FileLike, rules: AttachmentRules): AttachmentCheck {
  const contentType = contentTypeOf(file);
  if (!rules.enabled) return { ok: false, reason: 'disabled', contentType };
  if (file.size <= 0) return { ok: false, reason: 'empty', contentType };
  if (file.size > rules.maxSizeBytes) return { ok: false, reason: 'tooLarge', contentType };
  if (rules.contentTypes.length > 0 && !rules.contentTypes.some((p) => accepts(p, contentType))) {
    return { ok: false, reason: 'type', contentType };
  }
  return { ok: true, contentType };
}

/** `image/png` → `PNG`; `application/vnd…wordprocessingml.document` → `DOCX`: names a person knows. */
export function typeLabel(contentType: string): string {
  const t = contentType.toLowerCase();
  const ext = Object.entries(BY_EXTENSION).find(([, v]) => v === t)?.[0];
  if (ext) return (ext === 'jpeg' ? 'jpg' : ext).toUpperCase();
  if (t.endsWith('/*')) return `${t.slice(0, -2)} files`;
  return t.split('/').pop()!.toUpperCase();
}

/** The check's refusal in words. */
export function attachmentProblem(
  file: FileLike,
  check: Extract<AttachmentCheck, { ok: false }>,
  rules: AttachmentRules,
  s: Strings,
  locale?: string,
): string {
  switch (check.reason) {
    case 'disabled':
      return s.filesDisabled;
    case 'empty':
      return fill(s.fileEmpty, { name: file.name });
    case 'tooLarge':
      return fill(s.fileTooLarge, {
        name: file.name,
        size: fileSize(file.size, locale),
        max: fileSize(rules.maxSizeBytes, locale),
      });
    default:
      return fill(s.fileWrongType, {
        name: file.name,
        types: [...new Set(rules.contentTypes.map(typeLabel))].join(', '),
      });
  }
}

/** The `accept` attribute of the file picker. */
export const acceptAttribute = (rules: AttachmentRules): string => rules.contentTypes.join(',');
