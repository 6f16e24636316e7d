/**
 * Switchboard's own admin endpoints for call recordings (not in Connect's API; the same
 * SigV4 keys and instance scopes as the admin API):
 *
 * - `GET /recordings/{InstanceId}/{ContactId}` (ListContactRecordings): the contact's
 *   recording — status, who is recorded, pauses — and its files once finished;
 * - `GET /recordings/{InstanceId}/{ContactId}/{FileName}`: one file's bytes
 *   (`audio/webm`, its exact `Content-Length`).
 *
 * Ids and file names are checked before they become a path (no traversal): ids as the
 * server makes them, names `<id>.webm`, and only files the contact's recording lists.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { idFromIdOrArn, InvalidRequestException, type RecordingState, ResourceNotFoundException } from '@switchboard/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { defineOperation, type Operation } from '../../http/operation.js';
import type { Recordings } from '../../voice/recordings.js';
import { SAFE_ID } from '../../voice/recordings.js';
import { findDoc } from '../contact/docs.js';
import { type AdminContext, epochSeconds, requireInstance } from './context.js';
import { InstanceId } from './shapes.js';

const op = defineOperation<AdminContext>();

const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}\.webm$/;

/** The path a file is downloaded from (DescribeContact's `Location` too). */
export const recordingPath = (instanceId: string, contactId: string, name: string): string =>
  `/recordings/${encodeURIComponent(instanceId)}/${encodeURIComponent(contactId)}/${encodeURIComponent(name)}`;

const ListInput = z.object({ InstanceId, ContactId: z.string().min(1).max(256) });

async function recordingOf(
  ctx: AdminContext,
  input: { InstanceId: string; ContactId: string },
): Promise<{ instanceId: string; contactId: string; recording: RecordingState | undefined }> {
  const instance = await requireInstance(ctx, input.InstanceId);
  const contactId = idFromIdOrArn(input.ContactId);
  if (!SAFE_ID.test(contactId)) throw new InvalidRequestException('ContactId: not a contact id');
  const doc = await findDoc(ctx, ctx.routing.instance(instance.id), contactId);
  if (!doc) throw new ResourceNotFoundException(`Contact not found: ${contactId}`, { ResourceId: contactId });
  return { instanceId: instance.id, contactId, recording: doc.recording };
}

export const recordingListOperation: Operation<AdminContext> = op({
  name: 'ListContactRecordings',
  method: 'GET',
  path: '/recordings/{InstanceId}/{ContactId}',
  input: ListInput,
  handler: async (input, ctx) => {
    const { instanceId, contactId, recording } = await recordingOf(ctx, input);
    const seconds = (ms: number | undefined) => (ms === undefined ? undefined : epochSeconds(ms));
    return {
      ContactId: contactId,
      Status:
        recording?.status === 'idle' && recording.participants.length > 0 ? 'ARMED' : (recording?.status ?? 'idle').toUpperCase(),
      RecordedParticipants: recording?.participants ?? [],
      StartTimestamp: seconds(recording?.startedAt),
      StopTimestamp: seconds(recording?.stoppedAt),
      Pauses: (recording?.pauses ?? []).map((p) => ({ StartTimestamp: seconds(p.from), StopTimestamp: seconds(p.to) })),
      Files: (recording?.files ?? []).map((f) => ({
        Name: f.name,
        ParticipantType: f.participant,
        LegId: f.legId,
        SizeInBytes: f.bytes,
        StartTimestamp: seconds(f.startedAt),
        StopTimestamp: seconds(f.stoppedAt),
        Location: recordingPath(instanceId, contactId, f.name),
      })),
    };
  },
}) as unknown as Operation<AdminContext>;

/** `GET /recordings/{InstanceId}/{ContactId}/{FileName}`: the file, to an authenticated caller of its instance. */
export function registerRecordingDownloads(
  app: FastifyInstance,
  deps: { readonly recordings: Recordings; readonly context: (req: FastifyRequest) => Promise<AdminContext> },
): void {
  app.get<{ Params: { InstanceId: string; ContactId: string; FileName: string } }>(
    '/recordings/:InstanceId/:ContactId/:FileName',
    async (req, reply) => {
      const ctx = await deps.context(req);
      const { InstanceId: instanceIdOrArn, ContactId: contactIdOrArn, FileName: name } = req.params;
      if (!FILE_NAME.test(name)) throw new InvalidRequestException('FileName: not a recording file name');
      const { instanceId, contactId, recording } = await recordingOf(ctx, {
        InstanceId: instanceIdOrArn,
        ContactId: contactIdOrArn,
      });
      if (!recording?.files?.some((f) => f.name === name))
        throw new ResourceNotFoundException(`Contact ${contactId} has no recording file ${name}`, { ResourceId: name });
      const file = `${deps.recordings.dirOf(instanceId, contactId)}/${name}`;
      const size = (await stat(file).catch(() => undefined))?.size;
      if (size === undefined)
        throw new ResourceNotFoundException(`The recording file ${name} is missing from storage`, { ResourceId: name });
      return (
        reply
          .code(200)
          .header('content-type', 'audio/webm')
          .header('content-length', String(size))
          .header('content-disposition', `attachment; filename="${contactId}-${name}"`)
          .header('x-content-type-options', 'nosniff')
          .header('cache-control', 'private, no-store')
          // One download, one connection: a streamed answer's keep-alive connection was seen
          // outliving the server's close (Node's idle-connection check missed it).
          .header('connection', 'close')
          .send(createReadStream(file))
      );
    },
  );
}
