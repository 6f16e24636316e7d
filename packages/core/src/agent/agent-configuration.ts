/** The configuration half of the agent data: name, routing profile, queues, statuses. */
import { agentQueueArn, resourceArn } from '../model/arn.js';
import { CHANNELS, type Channel, EnabledState, PhoneType } from '../model/constants.js';
import type { AgentConfiguration, AgentDataInput, QueueRef } from './snapshot-types.js';
import { agentDisplayName, queueArnFor, stateArn, streamsType } from './streams-names.js';

function buildConfiguration(input: AgentDataInput, agentName: string): AgentConfiguration {
  const { coords, user, routingProfile: profile, agent } = input;
  const queueRef = (queueId: string): QueueRef => {
    const queueARN = queueArnFor(coords, queueId);
    return { queueARN, queueId: queueARN, name: input.queues.get(queueId)?.name ?? queueId };
  };
  const queueIds = [...new Set(profile.queueConfigs.map((q) => q.queueId))];
  const routingProfileARN = resourceArn(coords, 'routingProfile', profile.id);
  const ownQueueARN = agentQueueArn(coords, user.id);
  const channelConcurrencyMap = Object.fromEntries(
    CHANNELS.map((ch) => [ch, agent.routing.channels[ch].concurrency] as const),
  ) as Record<Channel, number>;

  return {
    name: agentName,
    username: user.name,
    agentARN: resourceArn(coords, 'user', user.id),
    softphoneEnabled: user.phoneConfig.phoneType === PhoneType.SOFT_PHONE,
    softphoneAutoAccept: user.autoAccept.VOICE ?? user.phoneConfig.autoAccept,
    extension: user.phoneConfig.deskPhoneNumber ?? '',
    agentPreferences: {},
    routingProfile: {
      name: profile.name,
      routingProfileARN,
      routingProfileId: routingProfileARN,
      defaultOutboundQueue: queueRef(profile.defaultOutboundQueueId),
      queues: [...queueIds.map(queueRef), { queueARN: ownQueueARN, queueId: ownQueueARN, name: user.name }],
      channelConcurrencyMap,
    },
    agentStates: input.agentStatuses
      .filter((s) => s.state === EnabledState.ENABLED)
      .sort((a, b) => a.displayOrder - b.displayOrder)
      .map((s) => ({ agentStateARN: stateArn(coords, s.id), type: streamsType(s.type), name: s.name })),
    permissions: [...input.permissions],
    dialableCountries: [],
  };
}

/** The configuration half: changes only with the instance's resources (callers may cache it). */
export function buildAgentConfiguration(input: AgentDataInput): AgentConfiguration {
  return buildConfiguration(input, agentDisplayName(input.user));
}
