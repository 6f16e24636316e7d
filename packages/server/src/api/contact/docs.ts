/**
 * Finding contact documents for the contact API: live ones from routing, finished ones
 * from storage, and the wire form DescribeContact answers with.
 */
import type { ContactRuntime, InstanceCoords } from '@switchboard/core';
import { pausedMillis, resourceArn } from '@switchboard/core';
import type { ContactDoc } from '../../routing/contact-doc.js';
import type { InstanceRouting } from '../../routing/instance.js';
import type { AdminContext } from '../admin/context.js';
import { epochSeconds } from '../admin/context.js';

/** The contact's routing state now: the engine's for a live contact, else the document's last. */
export const runtimeOf = (ir: InstanceRouting, doc: ContactDoc): ContactRuntime =>
  ir.engine.contact(doc.contactId) ?? doc.runtime;

/**
 * A contact's document: the live one, else the stored one. A contact that has just
 * finished leaves `ir.docs` before its last write is committed, so a miss waits for
 * pending writes and looks again.
 */
export async function findDoc(
  ctx: Pick<AdminContext, 'store' | 'routing'>,
  ir: InstanceRouting,
  contactId: string,
): Promise<ContactDoc | undefined> {
  const live = ir.docs.get(contactId);
  if (live) return live;
  let stored = await ctx.store.contacts.get(ir.instanceId, contactId);
  if (!stored) {
    await ctx.routing.persister.flush();
    const again = ir.docs.get(contactId);
    if (again) return again;
    stored = await ctx.store.contacts.get(ir.instanceId, contactId);
  }
  return stored ? (JSON.parse(stored.body) as ContactDoc) : undefined;
}

/**
 * Every contact of a chain (the initial contact and its transfers), oldest first: live
 * documents as they are now, finished ones as stored.
 */
export async function chainDocs(
  ctx: Pick<AdminContext, 'store' | 'routing'>,
  ir: InstanceRouting,
  initialContactId: string,
): Promise<ContactDoc[]> {
  let stored = await ctx.store.contacts.listByInitial(ir.instanceId, initialContactId);
  // A stored contact that is neither finished nor live was read before its last write.
  if (stored.some((s) => s.phase !== 'destroyed' && !ir.docs.has(s.contactId))) {
    await ctx.routing.persister.flush();
    stored = await ctx.store.contacts.listByInitial(ir.instanceId, initialContactId);
  }
  const chain = new Map<string, ContactDoc>();
  for (const s of stored) if (!ir.docs.has(s.contactId)) chain.set(s.contactId, JSON.parse(s.body) as ContactDoc);
  for (const d of ir.docs.values()) if (runtimeOf(ir, d).initialContactId === initialContactId) chain.set(d.contactId, d);
  return [...chain.values()].sort((a, b) => a.initiatedAt - b.initiatedAt || (a.contactId < b.contactId ? -1 : 1));
}

const seconds = (ms: number | undefined): number | undefined => (ms === undefined ? undefined : epochSeconds(ms));

/** DescribeContact's `Contact` (only members of the SDK's Contact shape; times in epoch seconds). */
export function contactWire(doc: ContactDoc, runtime: ContactRuntime, c: InstanceCoords, now: number) {
  const agent = doc.agents.at(-1);
  const lastUpdate = Math.max(runtime.phaseSince, doc.disconnectedAt ?? 0, agent?.connectedAt ?? 0, doc.initiatedAt);
  return {
    Arn: resourceArn(c, 'contact', doc.contactId),
    Id: doc.contactId,
    InitialContactId: runtime.initialContactId,
    PreviousContactId: runtime.previousContactId,
    RelatedContactId: runtime.relatedContactId ?? doc.relatedContactId,
    InitiationMethod: doc.initiationMethod,
    Name: doc.name,
    Description: doc.description,
    Channel: doc.channel,
    QueueInfo: runtime.queueId !== undefined ? { Id: runtime.queueId, EnqueueTimestamp: seconds(runtime.enqueuedAt) } : undefined,
    AgentInfo: agent
      ? {
          Id: agent.userId,
          AcceptedByAgentTimestamp: seconds(agent.connectedAt),
          ConnectedToAgentTimestamp: seconds(agent.connectedAt),
        }
      : undefined,
    InitiationTimestamp: epochSeconds(doc.initiatedAt),
    DisconnectTimestamp: seconds(doc.disconnectedAt),
    LastUpdateTimestamp: epochSeconds(lastUpdate),
    ScheduledTimestamp: seconds(runtime.scheduled?.at),
    DisconnectReason: runtime.endReason,
    TotalPauseCount: runtime.pauses?.count,
    TotalPauseDurationInSeconds: runtime.pauses ? Math.floor(pausedMillis(runtime, now) / 1000) : undefined,
    Attributes: doc.attributes,
    SegmentAttributes: doc.segmentAttributes,
    TaskTemplateInfo: doc.task?.template
      ? { Arn: resourceArn(c, 'taskTemplate', doc.task.template.id), Name: doc.task.template.name }
      : undefined,
    Recordings: recordingsWire(doc, c.instanceId),
  };
}

/**
 * A voice contact's finished recording files as Connect's `RecordingInfo` (api/admin/recordings.ts):
 * `Location` is the admin path the file is downloaded from; no `StorageType` (the files are
 * in the data directory, which none of Connect's storage types names).
 */
function recordingsWire(doc: ContactDoc, instanceId: string) {
  const files = doc.recording?.files;
  if (!files?.length) return undefined;
  return files.map((f) => ({
    Location: `/recordings/${encodeURIComponent(instanceId)}/${encodeURIComponent(doc.contactId)}/${encodeURIComponent(f.name)}`,
    MediaStreamType: 'AUDIO',
    ParticipantType: f.participant,
    StartTimestamp: epochSeconds(f.startedAt),
    StopTimestamp: epochSeconds(f.stoppedAt),
    Status: 'AVAILABLE',
  }));
}
