/** The contacts of an agent's snapshot: one Streams contact per assignment, in offer order. */
import { type InstanceCoords, resourceArn } from '../model/arn.js';
import type { Channel } from '../model/constants.js';
import type { Queue, User } from '../model/entities.js';
import { agentQueueId, type AgentRuntime, type Assignment, ContactPhase } from '../routing/types.js';
import type { AgentDataInput, ConnectionData, ContactData, ContactView, QueueRef } from './snapshot-types.js';
import { withSupervisors } from './snapshot-monitor.js';
import { agentDisplayName, iso, queueArnFor } from './streams-names.js';

/** What every contact of one agent's snapshot shares. */
export interface ContactContext {
  readonly coords: InstanceCoords;
  readonly agent: AgentRuntime;
  readonly user: User;
  readonly queues: ReadonlyMap<string, Queue>;
  readonly agentName: string;
}

export function buildContact<T>(ctx: ContactContext, a: Assignment, view: ContactView, t: (ms: number) => T): ContactData<T> {
  const { coords, agent, user, agentName } = ctx;
  const username = user.name;
  const rt = view.runtime;
  const chat = a.channel === 'CHAT';
  const autoAccept = agent.routing.autoAccept[a.channel];

  const agentConnection: ConnectionData<T> = {
    connectionId: a.connectionId,
    type: 'agent',
    initial: false,
    state: { type: a.connectionState, timestamp: t(a.connectionSince) },
    endpoint: { type: 'agent', name: username, agentLogin: username, endpointARN: resourceArn(coords, 'user', user.id) },
    ...(chat
      ? {
          chatMediaInfo: {
            chatAutoAccept: autoAccept,
            ...(view.agentConnectionToken !== undefined
              ? { connectionData: JSON.stringify({ ConnectionAuthenticationToken: view.agentConnectionToken }) }
              : {}),
            agentName,
          },
        }
      : {}),
    ...(view.voice ? agentVoiceFields(view.voice, a, autoAccept) : {}),
  };
  const customerGone = rt.phase === ContactPhase.ENDED || rt.phase === ContactPhase.DESTROYED;
  const held = view.voice?.call.customer;
  const gone = { type: 'disconnected', timestamp: t(rt.endedAt ?? rt.phaseSince) } as const;
  const customerConnection: ConnectionData<T> = {
    connectionId: view.customerConnectionId,
    type: 'inbound',
    initial: true,
    state: customerGone
      ? gone
      : held?.held
        ? { type: 'hold', timestamp: t(held.heldSince ?? rt.phaseSince) }
        : { type: 'connected', timestamp: t(rt.createdAt) },
    endpoint: { type: 'phone_number', ...(view.customerName !== undefined ? { name: view.customerName } : {}) },
    ...(chat ? { chatMediaInfo: view.customerName !== undefined ? { customerName: view.customerName } : {} } : {}),
    ...(view.voice ? { mute: view.voice.call.customer.muted, forcedMute: false } : {}),
  };

  // A consult: who the agent called, as Streams' third (outbound) connection.
  const third = view.voice && !view.voice.consulted ? view.voice.call.third : undefined;
  const thirdConnection: ConnectionData<T> | undefined = third && {
    connectionId: third.connectionId,
    type: 'outbound',
    initial: false,
    state: customerGone
      ? gone
      : third.legId === undefined
        ? { type: 'connecting', timestamp: t(third.since) }
        : third.held
          ? { type: 'hold', timestamp: t(third.heldSince ?? third.since) }
          : { type: 'connected', timestamp: t(third.connectedAt ?? third.since) },
    endpoint: { type: third.endpoint.type, name: third.endpoint.name, endpointARN: third.endpoint.arn },
    mute: third.muted,
    forcedMute: false,
  };

  let queue: QueueRef | undefined;
  if (rt.queueId !== undefined) {
    const queueARN = queueArnFor(coords, rt.queueId);
    const name =
      view.queueName ??
      ctx.queues.get(rt.queueId)?.name ??
      (rt.queueId === agentQueueId(user.id) ? username : undefined) ??
      rt.queueId;
    queue = { queueARN, name, queueId: queueARN };
  }

  return {
    contactId: rt.contactId,
    initialContactId: rt.initialContactId,
    ...(rt.relatedContactId !== undefined ? { relatedContactId: rt.relatedContactId } : {}),
    ...(rt.previousContactId !== undefined ? { previousContactId: rt.previousContactId } : {}),
    type: a.channel.toLowerCase() as Lowercase<Channel>,
    state: { type: a.state, timestamp: t(a.since) },
    ...(queue ? { queue } : {}),
    ...(rt.enqueuedAt !== undefined ? { queueTimestamp: t(rt.enqueuedAt) } : {}),
    connections: view.voice
      ? withSupervisors(
          thirdConnection ? [agentConnection, customerConnection, thirdConnection] : [agentConnection, customerConnection],
          a,
          rt.contactId,
          view.voice,
          t,
        )
      : [agentConnection, customerConnection],
    attributes: Object.fromEntries(Object.entries(view.attributes).map(([k, v]) => [k, { name: k, value: v }])),
    segmentAttributes: {},
    agentContactHandlingConfig: { autoAccept },
    initiationMethod: view.initiationMethod,
    ...(view.name !== undefined ? { name: view.name } : {}),
    ...(view.description !== undefined ? { description: view.description } : {}),
    ...(view.task ? taskFields(view, t) : {}),
    ...(view.voice?.call.digits ? { customerDigits: view.voice.call.digits } : {}),
    ...(view.voice?.consulted ? { calledIn: true } : {}),
    ...(view.voice?.recording && a.state === 'connected' ? { recording: view.voice.recording } : {}),
  };
}

/** What a voice call adds to the agent's connection: how to join (Streams' softphoneMediaInfo) and the mute flags. */
function agentVoiceFields(
  voice: NonNullable<ContactView['voice']>,
  a: Assignment,
  autoAccept: boolean,
): Pick<ConnectionData<unknown>, 'softphoneMediaInfo' | 'mute' | 'forcedMute'> {
  const call = voice.call;
  const own = voice.consulted ? call.third : call.agent;
  return {
    softphoneMediaInfo: {
      callType: 'audio_only',
      autoAccept,
      ...(voice.callContextToken !== undefined ? { callContextToken: voice.callContextToken } : {}),
    },
    mute: own?.legId === a.connectionId && own.muted,
    forcedMute: !voice.consulted && own?.legId === a.connectionId && call.agent?.forcedMute === true,
  };
}

/** What a task's contact adds: references, its times, its pauses, its template. */
function taskFields<T>(view: ContactView, t: (ms: number) => T): Partial<ContactData<T>> {
  const rt = view.runtime;
  const task = view.task;
  const references: Record<string, { type: string; value: string }> = {};
  for (const [name, r] of Object.entries(task?.references ?? {})) references[name] = { type: r.type, value: r.value };
  return {
    references,
    ...(rt.scheduled ? { scheduledTimestamp: t(rt.scheduled.at) } : {}),
    ...(rt.expiresAt !== undefined ? { expiryTimestamp: t(rt.expiresAt) } : {}),
    ...(rt.pauses ? { totalPauseCount: rt.pauses.count, totalPauseDurationInSeconds: Math.round(rt.pauses.totalMs / 1000) } : {}),
    ...(task?.template ? { taskTemplate: { id: task.template.id, name: task.template.name } } : {}),
  };
}

/** The agent's assignments in snapshot order (oldest offer first). */
export const snapshotOrder = (agent: AgentRuntime): readonly Assignment[] => {
  // The engine keeps them in offer order already: checked, then copied and sorted only if
  // not (every push of every agent comes through here).
  const list = agent.assignments;
  for (let i = 1; i < list.length; i++) {
    if ((list[i] as Assignment).offeredAt < (list[i - 1] as Assignment).offeredAt) {
      return [...list].sort((a, b) => a.offeredAt - b.offeredAt);
    }
  }
  return list;
};

export const contactContext = (input: AgentDataInput): ContactContext => ({
  coords: input.coords,
  agent: input.agent,
  user: input.user,
  queues: input.queues,
  agentName: agentDisplayName(input.user),
});

/** Builds the agent's contacts one at a time (see {@link agentSnapshotParts}). */
export function contactBuilder(input: AgentDataInput): (a: Assignment, view: ContactView) => ContactData<string> {
  const ctx = contactContext(input);
  return (a, view) => buildContact(ctx, a, view, iso);
}
