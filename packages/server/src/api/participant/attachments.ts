/**
 * The participant service's attachment operations (restJson1, `X-Amz-Bearer` connection
 * token), as amazon-connect-chatjs (`sendAttachment`, `downloadAttachment`) and
 * @aws-sdk/client-connectparticipant call them. The upload and download themselves go to
 * the URLs these answers carry (see chat/attachments.ts).
 */
import { z } from 'zod';
import type { Attachments } from '../../chat/attachments.js';
import { defineOperation } from '../../http/operation.js';
import type { ParticipantContext } from './context.js';

/** A participant context that can also reach the attachments. */
export interface ParticipantAttachmentContext extends ParticipantContext {
  readonly attachments: Attachments;
}

const op = defineOperation<ParticipantAttachmentContext>();
// Required by the model (1..500), but the SDKs always fill it in: accepted when absent.
const ClientToken = z.string().min(1).max(500).optional();

const StartAttachmentUpload = op({
  name: 'StartAttachmentUpload',
  method: 'POST',
  path: '/participant/start-attachment-upload',
  input: z.object({
    ContentType: z.string().min(1).max(255),
    AttachmentSizeInBytes: z.int().min(1),
    AttachmentName: z.string().min(1).max(256),
    ClientToken,
  }),
  handler: async (input, ctx) => ctx.attachments.start(await ctx.connection(), input),
});

const CompleteAttachmentUpload = op({
  name: 'CompleteAttachmentUpload',
  method: 'POST',
  path: '/participant/complete-attachment-upload',
  input: z.object({
    AttachmentIds: z.array(z.string().min(1).max(256)).length(1),
    ClientToken,
  }),
  handler: async (input, ctx) => ctx.attachments.complete(await ctx.connection(), input),
});

const GetAttachment = op({
  name: 'GetAttachment',
  method: 'POST',
  path: '/participant/attachment',
  input: z.object({
    AttachmentId: z.string().min(1).max(256),
    UrlExpiryInSeconds: z.int().min(5).max(300).optional(),
  }),
  handler: async (input, ctx) => ctx.attachments.get(await ctx.connection(), input),
});

export const participantAttachmentOperations = [StartAttachmentUpload, CompleteAttachmentUpload, GetAttachment];
