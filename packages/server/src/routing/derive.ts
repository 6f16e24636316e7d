/** From instance resources to what the routing engine routes by. */
import type {
  AgentRouting,
  Channel,
  ChannelLimit,
  HoursOfOperation,
  Queue,
  QueueRouting,
  RoutingProfile,
  User,
} from '@switchboard/core';
import { CHANNELS } from '@switchboard/core';

export function queueRouting(q: Queue, hours: HoursOfOperation | undefined): QueueRouting {
  return {
    id: q.id,
    enabled: q.status === 'ENABLED',
    ...(q.maxContacts !== undefined ? { maxContacts: q.maxContacts } : {}),
    ...(hours ? { hours } : {}),
  };
}

const perChannel = <T>(f: (c: Channel) => T): Record<Channel, T> =>
  Object.fromEntries(CHANNELS.map((c) => [c, f(c)])) as Record<Channel, T>;

/** A user without a (known) routing profile handles nothing. */
export function agentRouting(user: User, profile: RoutingProfile | undefined): AgentRouting {
  const channels = perChannel<ChannelLimit>((c) => {
    const m = profile?.mediaConcurrencies.find((x) => x.channel === c);
    return { concurrency: m?.concurrency ?? 0, crossChannel: m?.crossChannelBehavior ?? 'ROUTE_CURRENT_CHANNEL_ONLY' };
  });
  return {
    agentId: user.id,
    routingProfileId: user.routingProfileId,
    channels,
    queues: (profile?.queueConfigs ?? []).map((e) => ({
      queueId: e.queueId,
      channel: e.channel,
      priority: e.priority,
      delayMs: e.delay * 1000,
    })),
    autoAccept: perChannel((c) => user.autoAccept[c] ?? user.phoneConfig.autoAccept),
    acwTimeoutMs: perChannel((c) => (user.afterContactWorkTimeLimit[c] ?? user.phoneConfig.afterContactWorkTimeLimit) * 1000),
  };
}
