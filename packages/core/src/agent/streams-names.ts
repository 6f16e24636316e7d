/** Our values as Streams spells them: status types, ARNs, agent names, times. */
import { agentQueueArn, type InstanceCoords, resourceArn } from '../model/arn.js';
import type { AgentStatusType } from '../model/constants.js';
import type { User } from '../model/entities.js';
import { isoTime } from '../model/iso-time.js';
import { isAgentQueueId } from '../routing/types.js';
import type { StreamsAgentStateType } from './snapshot-types.js';

const STREAMS_TYPE: Readonly<Record<AgentStatusType, StreamsAgentStateType>> = {
  ROUTABLE: 'routable',
  NOT_ROUTABLE: 'not_routable',
  OFFLINE: 'offline',
};

/** Our status type as Streams spells it. */
export const streamsType = (type: AgentStatusType): StreamsAgentStateType => STREAMS_TYPE[type];

/** A queue id's ARN: `agent/<userId>` ids are personal agent queues. */
export const queueArnFor = (coords: InstanceCoords, queueId: string): string =>
  isAgentQueueId(queueId) ? agentQueueArn(coords, queueId.slice('agent/'.length)) : resourceArn(coords, 'queue', queueId);

/** The name Streams shows for a user: first + last name, or the username. */
export const agentDisplayName = (user: User): string =>
  [user.identityInfo.firstName, user.identityInfo.lastName]
    .map((s) => s?.trim() ?? '')
    .filter((s) => s !== '')
    .join(' ') || user.name;

export const iso = isoTime;

export const stateArn = (coords: InstanceCoords, statusId: string): string => resourceArn(coords, 'agentStatus', statusId);
