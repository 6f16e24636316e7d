/**
 * ARNs in Amazon Connect's real format. Clients parse them: Streams reads the region
 * from `agentARN.split(':')[3]`, the instance id with /instance\/([0-9a-fA-F|-]+)\//
 * and the account with /:([0-9]+):instance/ (shared/spec/wire-streams-ccp.md §5.6).
 */
export interface InstanceCoords {
  readonly region: string;
  readonly accountId: string;
  readonly instanceId: string;
}

/** The path segment Connect uses for each resource kind inside an instance ARN. */
export const ArnSegment = {
  user: 'agent',
  queue: 'queue',
  routingProfile: 'routing-profile',
  securityProfile: 'security-profile',
  agentStatus: 'agent-state',
  hoursOfOperation: 'operating-hours',
  quickConnect: 'transfer-destination',
  contactFlow: 'contact-flow',
  wrapUpCode: 'wrap-up-code',
  view: 'view',
  /** Switchboard's own: a customer chat widget configuration. */
  widget: 'widget',
  taskTemplate: 'task-template',
  contact: 'contact',
} as const;
export type ArnKind = keyof typeof ArnSegment;

export const instanceArn = (c: InstanceCoords): string => `arn:aws:connect:${c.region}:${c.accountId}:instance/${c.instanceId}`;

export const resourceArn = (c: InstanceCoords, kind: ArnKind, id: string): string =>
  `${instanceArn(c)}/${ArnSegment[kind]}/${id}`;

/** The per-agent queue Connect gives every user: `…/queue/agent/<userId>`. */
export const agentQueueArn = (c: InstanceCoords, userId: string): string => `${instanceArn(c)}/queue/agent/${userId}`;

export interface ParsedArn extends InstanceCoords {
  readonly segment?: string;
  readonly resourceId?: string;
}

const ARN_RE = /^arn:aws:connect:([a-z0-9-]+):(\d{12}):instance\/([0-9a-fA-F-]+)(?:\/([a-z-]+)\/(.+))?$/;

export const parseArn = (arn: string): ParsedArn | undefined => {
  const m = ARN_RE.exec(arn);
  if (!m) return undefined;
  const [, region, accountId, instanceId, segment, resourceId] = m as unknown as [
    string,
    string,
    string,
    string,
    string?,
    string?,
  ];
  return { region, accountId, instanceId, ...(segment ? { segment } : {}), ...(resourceId ? { resourceId } : {}) };
};

/**
 * Connect APIs accept either an id or a full ARN wherever an id is asked for.
 * Returns the bare id.
 */
export const idFromIdOrArn = (value: string): string => {
  const parsed = parseArn(value);
  if (parsed?.resourceId) return parsed.resourceId.split('/').pop() ?? value;
  if (parsed) return parsed.instanceId;
  return value;
};
