/** One instance's resources as routing and snapshots need them, cached in memory. */
import type {
  AgentStatus,
  ContactFlow,
  HoursOfOperation,
  Instance,
  InstanceCoords,
  Queue,
  QuickConnect,
  QuickResponse,
  RoutingProfile,
  SecurityProfile,
  User,
  View,
  WidgetConfiguration,
  WrapUpCode,
} from '@switchboard/core';
import type { Store } from '../storage/types.js';

export interface InstanceConfigView {
  readonly instance: Instance;
  readonly coords: InstanceCoords;
  readonly users: ReadonlyMap<string, User>;
  readonly profiles: ReadonlyMap<string, RoutingProfile>;
  readonly queues: ReadonlyMap<string, Queue>;
  readonly hours: ReadonlyMap<string, HoursOfOperation>;
  readonly statuses: readonly AgentStatus[];
  readonly securityProfiles: ReadonlyMap<string, SecurityProfile>;
  readonly quickConnects: ReadonlyMap<string, QuickConnect>;
  readonly flows: ReadonlyMap<string, ContactFlow>;
  readonly views: ReadonlyMap<string, View>;
  /** By name. */
  readonly wrapUpCodes: readonly WrapUpCode[];
  readonly quickResponses: readonly QuickResponse[];
  /** Customer chat widget configurations, by id. */
  readonly widgets: ReadonlyMap<string, WidgetConfiguration>;
}

const byId = <T extends { id: string }>(xs: readonly T[]): Map<string, T> => new Map(xs.map((x) => [x.id, x]));

export async function loadInstanceConfig(store: Store, instance: Instance): Promise<InstanceConfigView> {
  const id = instance.id;
  const [
    users,
    profiles,
    queues,
    hours,
    statuses,
    securityProfiles,
    quickConnects,
    flows,
    views,
    wrapUpCodes,
    quickResponses,
    widgets,
  ] = await Promise.all([
    store.resources.all(id, 'user'),
    store.resources.all(id, 'routingProfile'),
    store.resources.all(id, 'queue'),
    store.resources.all(id, 'hoursOfOperation'),
    store.resources.all(id, 'agentStatus'),
    store.resources.all(id, 'securityProfile'),
    store.resources.all(id, 'quickConnect'),
    store.resources.all(id, 'contactFlow'),
    store.resources.all(id, 'view'),
    store.resources.all(id, 'wrapUpCode'),
    store.resources.all(id, 'quickResponse'),
    store.resources.all(id, 'widget'),
  ]);
  return {
    instance,
    coords: { region: instance.region, accountId: instance.accountId, instanceId: instance.id },
    users: byId(users),
    profiles: byId(profiles),
    queues: byId(queues),
    hours: byId(hours),
    statuses: [...statuses].sort((a, b) => a.displayOrder - b.displayOrder || a.name.localeCompare(b.name)),
    securityProfiles: byId(securityProfiles),
    quickConnects: byId(quickConnects),
    flows: byId(flows),
    views: byId(views),
    wrapUpCodes: [...wrapUpCodes].sort((a, b) => a.name.localeCompare(b.name)),
    quickResponses,
    widgets: byId(widgets),
  };
}

/** The union of the user's security profiles' permissions. */
export function permissionsOf(config: InstanceConfigView, user: User): string[] {
  const out = new Set<string>();
  for (const id of user.securityProfileIds) for (const p of config.securityProfiles.get(id)?.permissions ?? []) out.add(p);
  return [...out].sort();
}
