/**
 * The agent data shape amazon-connect-streams' getters read (shared/spec/wire-streams-ccp.md
 * §3.5), as a zod schema over the wire form (ISO timestamps), plus the revived check
 * (real Dates). Written from the spec, not from our builder.
 */
import { type AgentDataWire, reviveAgentData } from '@switchboard/core';
import { expect } from 'vitest';
import { z } from 'zod';

const iso = z.iso.datetime({ offset: true });
const arn = z.string().regex(/^arn:aws:connect:[a-z0-9-]+:[0-9]{12}:instance\/[0-9a-fA-F-]+\//);
const queueRef = z.object({ queueARN: arn, queueId: arn, name: z.string() });

const connection = z.object({
  connectionId: z.string().min(1),
  type: z.enum(['agent', 'inbound', 'outbound', 'monitoring']),
  initial: z.boolean(),
  state: z.object({
    type: z.enum(['init', 'connecting', 'connected', 'hold', 'disconnected', 'silent_monitor', 'barge']),
    timestamp: iso,
  }),
  endpoint: z
    .object({ type: z.enum(['phone_number', 'agent', 'queue']) })
    .loose()
    .optional(),
  chatMediaInfo: z
    .object({
      chatAutoAccept: z.boolean().optional(),
      connectionData: z.string().optional(),
      customerName: z.string().optional(),
      agentName: z.string().optional(),
    })
    .optional(),
  // Voice (shared/spec/voice-webrtc.md §3): Streams' getSoftphoneMediaInfo(), isMute(), isForcedMute().
  softphoneMediaInfo: z
    .object({
      autoAccept: z.boolean().optional(),
      callConfigJson: z.string().optional(),
      callContextToken: z.string().optional(),
      callType: z.enum(['audio_only', 'audio_video']).optional(),
      mediaLegContextToken: z.string().optional(),
    })
    .optional(),
  mute: z.boolean().optional(),
  forcedMute: z.boolean().optional(),
  // Supervisors: Streams' getMonitorStatus(), getMonitorCapabilities(), getMonitorInfo().
  monitorStatus: z.enum(['SILENT_MONITOR', 'BARGE']).optional(),
  monitorCapabilities: z.array(z.enum(['SILENT_MONITOR', 'BARGE'])).optional(),
  monitoringInfo: z.object({ agentName: z.string(), customerName: z.string().optional(), joinTime: iso }).optional(),
});

const contact = z.object({
  contactId: z.string().min(1),
  initialContactId: z.string().optional(),
  type: z.enum(['voice', 'queue_callback', 'chat', 'task', 'email']),
  state: z.object({
    type: z.enum(['init', 'incoming', 'pending', 'connecting', 'connected', 'missed', 'error', 'ended', 'rejected', 'paused']),
    timestamp: iso,
  }),
  queue: queueRef.optional(),
  queueTimestamp: iso.optional(),
  connections: z.array(connection),
  attributes: z.record(z.string(), z.object({ name: z.string(), value: z.string() })),
  agentContactHandlingConfig: z.object({ autoAccept: z.boolean() }).optional(),
});

export const AgentDataWireSchema = z.object({
  snapshot: z.object({
    state: z.object({
      agentStateARN: z.string().optional(),
      type: z.enum(['init', 'routable', 'not_routable', 'offline', 'system', 'error']),
      name: z.string().min(1),
      startTimestamp: iso,
    }),
    nextState: z.object({ agentStateARN: z.string(), name: z.string(), type: z.string() }).loose().nullable().optional(),
    agentAvailabilityState: z.object({ state: z.string(), timeStamp: iso, type: z.string().optional() }).optional(),
    contacts: z.array(contact),
    snapshotTimestamp: iso,
  }),
  configuration: z.object({
    name: z.string(),
    username: z.string(),
    agentARN: arn,
    softphoneEnabled: z.boolean(),
    softphoneAutoAccept: z.boolean(),
    extension: z.string(),
    routingProfile: z.object({
      name: z.string(),
      routingProfileARN: arn,
      routingProfileId: arn,
      defaultOutboundQueue: queueRef,
      queues: z.array(queueRef),
      channelConcurrencyMap: z.object({ VOICE: z.number(), CHAT: z.number(), TASK: z.number() }).partial().optional(),
    }),
    agentStates: z.array(z.object({ agentStateARN: arn, type: z.string(), name: z.string() })),
    permissions: z.array(z.string()),
    dialableCountries: z.array(z.string()),
  }),
});

/** Fails the test unless `data` has the Streams shape, on the wire and once revived. */
export function expectStreamsShape(data: AgentDataWire): void {
  const r = AgentDataWireSchema.safeParse(data);
  if (!r.success) expect.fail(`not the Streams shape: ${JSON.stringify(r.error.issues.slice(0, 3))}`);
  // The getters Streams' Contact/Connection classes call.
  const arnRe = /instance\/([0-9a-fA-F|-]+)\//;
  expect(arnRe.test(data.configuration.routingProfile.routingProfileId)).toBe(true);
  expect(data.configuration.agentARN.split(':')[3]).toMatch(/^[a-z]{2}-[a-z]+-\d$/);
  // Every agent has a personal queue among its routing profile queues (`…/queue/agent/<id>`).
  expect(data.configuration.routingProfile.queues.some((q) => q.queueARN.includes('/queue/agent/'))).toBe(true);
  for (const c of data.snapshot.contacts) {
    // Streams' getAgentConnection() is the first `agent` or `monitoring` connection: the
    // viewer's own, an agent's or a supervisor's monitoring one (then no `agent` is listed).
    const own = c.connections.find((x) => x.type === 'agent' || x.type === 'monitoring');
    const agents = c.connections.filter((x) => x.type === 'agent').length;
    expect(agents + (own?.type === 'monitoring' ? 1 : 0)).toBe(1);
    expect(c.connections.filter((x) => x.initial)).toHaveLength(1);
    if (c.type === 'chat') {
      const agentConn = c.connections.find((x) => x.type === 'agent');
      const token = JSON.parse(agentConn?.chatMediaInfo?.connectionData ?? '{}') as { ConnectionAuthenticationToken?: string };
      expect(token.ConnectionAuthenticationToken).toBeTruthy();
    }
  }
  const revived = reviveAgentData(data, Date.now());
  expect(revived.snapshot.state.startTimestamp).toBeInstanceOf(Date);
  expect(revived.snapshot.snapshotTimestamp).toBeInstanceOf(Date);
  for (const c of revived.snapshot.contacts) {
    expect(c.state.timestamp).toBeInstanceOf(Date);
    for (const x of c.connections) {
      expect(x.state.timestamp).toBeInstanceOf(Date);
      if (x.monitoringInfo) expect(x.monitoringInfo.joinTime).toBeInstanceOf(Date);
    }
  }
}
