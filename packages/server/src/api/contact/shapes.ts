/** Zod pieces of the contact operations' inputs (limits from the Connect model and docs). */
import { z } from 'zod';

export const ContactId = z.string().min(1).max(256);

/** Contact attributes: up to 32 KB in all (keys and values, UTF-8). */
export const ATTRIBUTES_MAX_BYTES = 32 * 1024;

export const attributesBytes = (attrs: Readonly<Record<string, string>>): number => {
  let n = 0;
  for (const [k, v] of Object.entries(attrs)) n += Buffer.byteLength(k) + Buffer.byteLength(v);
  return n;
};

export const Attributes = z
  .record(z.string().min(1).max(32767), z.string().max(32767))
  .refine((a) => attributesBytes(a) <= ATTRIBUTES_MAX_BYTES, {
    message: `Attributes must not exceed ${ATTRIBUTES_MAX_BYTES} bytes in total`,
  });

export const ClientToken = z.string().min(1).max(500);

/** The content types a chat may carry (StartChatContact's SupportedMessagingContentTypes). */
export const CHAT_CONTENT_TYPES = [
  'text/plain',
  'text/markdown',
  'application/json',
  'application/vnd.amazonaws.connect.message.interactive',
  'application/vnd.amazonaws.connect.message.interactive.response',
] as const;

/** A contact segment attribute value: one of ValueString, ValueInteger, ValueMap, ValueList, ValueArn. */
export const SegmentAttributes = z
  .record(z.string().min(1).max(128), z.record(z.string(), z.unknown()))
  .refine((m) => Object.keys(m).length <= 50, { message: 'At most 50 segment attributes' });
