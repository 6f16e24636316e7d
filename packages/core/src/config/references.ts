/**
 * Rules that span resources: names are unique within each kind, every name referred to
 * exists, routing-profile queues use enabled channels, quick connects carry the field
 * their type needs, the agent statuses include what the runtime relies on, quick
 * response shortcuts are unique, and widgets start their chats in an inbound flow.
 *
 * Runs on the RAW input, not zod's output, so these problems are reported together with
 * shape problems in one pass. Anything malformed is skipped here: the schema reports it.
 */
import { CHANNELS, type Channel, ContactFlowType, type QuickConnectType } from '../model/constants.js';
import { type ConfigPathSegment, listNames, quote } from './issues.js';
import { templateDefinitionIssues } from '../task/template.js';
import { widgetRuleIssues } from '../widget/rules.js';
import { DEFAULT_AGENT_STATUSES } from './schema.js';
import { TaskTemplateConfigSchema } from './task-template-schema.js';

export interface RawIssue {
  readonly path: ConfigPathSegment[];
  readonly message: string;
}

type Rec = Readonly<Record<string, unknown>>;

const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const own = (o: Rec, k: string): unknown => (Object.hasOwn(o, k) ? o[k] : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

interface Kind {
  readonly section: string;
  readonly key: string;
  readonly label: string;
  readonly plural: string;
}

const KINDS = {
  hours: { section: 'hoursOfOperation', key: 'name', label: 'hours of operation', plural: 'hours of operation' },
  securityProfile: { section: 'securityProfiles', key: 'name', label: 'security profile', plural: 'security profiles' },
  agentStatus: { section: 'agentStatuses', key: 'name', label: 'agent status', plural: 'agent statuses' },
  queue: { section: 'queues', key: 'name', label: 'queue', plural: 'queues' },
  routingProfile: { section: 'routingProfiles', key: 'name', label: 'routing profile', plural: 'routing profiles' },
  user: { section: 'users', key: 'username', label: 'user', plural: 'users' },
  quickConnect: { section: 'quickConnects', key: 'name', label: 'quick connect', plural: 'quick connects' },
  wrapUpCode: { section: 'wrapUpCodes', key: 'name', label: 'wrap-up code', plural: 'wrap-up codes' },
  quickResponse: { section: 'quickResponses', key: 'name', label: 'quick response', plural: 'quick responses' },
  view: { section: 'views', key: 'name', label: 'view', plural: 'views' },
  contactFlow: { section: 'contactFlows', key: 'name', label: 'contact flow', plural: 'contact flows' },
  widget: { section: 'widgets', key: 'name', label: 'widget', plural: 'widgets' },
  taskTemplate: { section: 'taskTemplates', key: 'name', label: 'task template', plural: 'task templates' },
  accessKey: { section: 'accessKeys', key: 'accessKeyId', label: 'access key id', plural: 'access keys' },
} as const satisfies Record<string, Kind>;
type KindName = keyof typeof KINDS;

/** What the quick-connect types need: the field naming the target, and the transfer-flow type. */
const QUICK_CONNECT_TARGET: Readonly<Record<QuickConnectType, { field: string; flowType?: ContactFlowType }>> = {
  USER: { field: 'user', flowType: ContactFlowType.AGENT_TRANSFER },
  QUEUE: { field: 'queue', flowType: ContactFlowType.QUEUE_TRANSFER },
  PHONE_NUMBER: { field: 'phoneNumber' },
};
const TARGET_FIELDS = ['user', 'queue', 'phoneNumber'] as const;

export function checkReferences(data: unknown): RawIssue[] {
  const issues: RawIssue[] = [];
  if (!isRec(data)) return issues;
  const add = (path: ConfigPathSegment[], message: string) => issues.push({ path, message });

  /** The section's items with their index; a missing section is its default. */
  const items = (section: string): [Rec, number][] => {
    let v = own(data, section);
    if (v === undefined && section === 'agentStatuses') v = DEFAULT_AGENT_STATUSES;
    if (!Array.isArray(v)) return [];
    const out: [Rec, number][] = [];
    v.forEach((item: unknown, i) => {
      if (isRec(item)) out.push([item, i]);
    });
    return out;
  };

  // Names, and duplicates.
  const names = {} as Record<KindName, Map<string, number>>;
  for (const [kind, k] of Object.entries(KINDS) as [KindName, Kind][]) {
    const seen = new Map<string, number>();
    for (const [item, i] of items(k.section)) {
      const n = str(own(item, k.key));
      if (n === undefined) continue;
      const first = seen.get(n);
      if (first === undefined) seen.set(n, i);
      else
        add(
          [k.section, i, k.key],
          `duplicate ${k.label} ${quote(n)} (${k.section}[${first}] has the same ${k.key === 'name' ? 'name' : k.key})`,
        );
    }
    names[kind] = seen;
  }

  /** Reports `value` unless it names an existing resource of `kind`; true when it does. */
  const ref = (kind: KindName, value: unknown, path: ConfigPathSegment[]): boolean => {
    const n = str(value);
    if (n === undefined) return false;
    const known = names[kind];
    if (known.has(n)) return true;
    const k = KINDS[kind];
    const list = known.size > 0 ? `known: ${listNames([...known.keys()])}` : `no ${k.plural} are defined`;
    add(path, `unknown ${k.label} ${quote(n)} (${list})`);
    return false;
  };

  // Hours of operation: `alwaysOpen: true` or `ranges`, and ranges that have a length.
  for (const [h, i] of items('hoursOfOperation')) {
    const always = own(h, 'alwaysOpen');
    const ranges = own(h, 'ranges');
    if (always === true && ranges !== undefined) {
      add(['hoursOfOperation', i, 'ranges'], 'cannot be combined with alwaysOpen: true (remove one of them)');
    } else if (always !== true && ranges === undefined && (always === undefined || typeof always === 'boolean')) {
      add(
        ['hoursOfOperation', i],
        'give either ranges (e.g. [{ day: MONDAY, start: "09:00", end: "17:00" }]) or alwaysOpen: true',
      );
    }
    if (Array.isArray(ranges)) {
      ranges.forEach((r: unknown, j) => {
        if (!isRec(r)) return;
        const start = own(r, 'start');
        const end = own(r, 'end');
        if (typeof start === 'string' && start === end) {
          add(
            ['hoursOfOperation', i, 'ranges', j, 'end'],
            'must differ from start (for the whole day use start "00:00" and end "24:00")',
          );
        }
      });
    }
  }

  // Agent statuses: exactly one OFFLINE (enabled), at least one enabled ROUTABLE.
  const statusesRaw = own(data, 'agentStatuses') ?? DEFAULT_AGENT_STATUSES;
  if (Array.isArray(statusesRaw)) {
    const statuses = items('agentStatuses');
    const wellFormed =
      statuses.length === statusesRaw.length &&
      statuses.every(([s]) => ['ROUTABLE', 'NOT_ROUTABLE', 'OFFLINE'].includes(own(s, 'type') as string));
    if (wellFormed) {
      const offline = statuses.filter(([s]) => own(s, 'type') === 'OFFLINE');
      const [firstOffline] = offline;
      if (firstOffline === undefined) {
        add(
          ['agentStatuses'],
          'needs one status of type OFFLINE (e.g. { name: Offline, type: OFFLINE }): agents sign out with it',
        );
      }
      for (const [, i] of offline.slice(1)) {
        add(['agentStatuses', i, 'type'], `only one OFFLINE status is allowed (agentStatuses[${firstOffline?.[1]}] is OFFLINE)`);
      }
      for (const [s, i] of offline) {
        if (own(s, 'enabled') === false) add(['agentStatuses', i, 'enabled'], 'the OFFLINE status cannot be disabled');
      }
      if (!statuses.some(([s]) => own(s, 'type') === 'ROUTABLE' && own(s, 'enabled') !== false)) {
        add(
          ['agentStatuses'],
          'needs an enabled status of type ROUTABLE (e.g. { name: Available, type: ROUTABLE }): agents take contacts in it',
        );
      }
    }
  }

  // Queues.
  for (const [q, i] of items('queues')) {
    ref('hours', own(q, 'hoursOfOperation'), ['queues', i, 'hoursOfOperation']);
    const qcs = own(q, 'quickConnects');
    if (Array.isArray(qcs)) {
      const seen = new Map<string, number>();
      qcs.forEach((qc: unknown, j) => {
        if (!ref('quickConnect', qc, ['queues', i, 'quickConnects', j])) return;
        const first = seen.get(qc as string);
        if (first !== undefined)
          add(['queues', i, 'quickConnects', j], `${quote(qc as string)} is listed twice (also at quickConnects[${first}])`);
        else seen.set(qc as string, j);
      });
    }
  }

  // Routing profiles.
  for (const [p, i] of items('routingProfiles')) {
    const at = (...rest: ConfigPathSegment[]) => ['routingProfiles', i, ...rest];
    ref('queue', own(p, 'defaultOutboundQueue'), at('defaultOutboundQueue'));
    const conc = own(p, 'concurrency');
    const enabled = isRec(conc) ? new Set(CHANNELS.filter((c) => own(conc, c) !== undefined)) : undefined;
    if (enabled !== undefined && enabled.size === 0) {
      add(at('concurrency'), 'must enable at least one channel, e.g. { VOICE: 1 } or { CHAT: 3, TASK: 5 }');
    }
    const queues = own(p, 'queues');
    if (!Array.isArray(queues)) continue;
    const seen = new Map<string, number>();
    queues.forEach((e: unknown, j) => {
      if (!isRec(e)) return;
      const queueOk = ref('queue', own(e, 'queue'), at('queues', j, 'queue'));
      const ch = own(e, 'channel');
      if (!(CHANNELS as readonly unknown[]).includes(ch)) return;
      if (enabled !== undefined && enabled.size > 0 && !enabled.has(ch as Channel)) {
        add(
          at('queues', j, 'channel'),
          `${ch as string} is not enabled in this routing profile: add concurrency.${ch as string} or remove this entry (enabled: ${[...enabled].join(', ')})`,
        );
      }
      if (!queueOk) return;
      const key = `${own(e, 'queue') as string}\u0000${ch as string}`;
      const first = seen.get(key);
      if (first !== undefined) {
        add(
          at('queues', j),
          `queue ${quote(own(e, 'queue') as string)} is already listed for ${ch as string} (queues[${first}])`,
        );
      } else seen.set(key, j);
    });
  }

  // Users.
  for (const [u, i] of items('users')) {
    ref('routingProfile', own(u, 'routingProfile'), ['users', i, 'routingProfile']);
    const sps = own(u, 'securityProfiles');
    if (!Array.isArray(sps)) continue;
    const seen = new Map<string, number>();
    sps.forEach((sp: unknown, j) => {
      if (!ref('securityProfile', sp, ['users', i, 'securityProfiles', j])) return;
      const first = seen.get(sp as string);
      if (first !== undefined)
        add(['users', i, 'securityProfiles', j], `${quote(sp as string)} is listed twice (also at securityProfiles[${first}])`);
      else seen.set(sp as string, j);
    });
  }

  // Contact flows: their type, for quick connects below.
  const flowTypes = new Map<string, unknown>();
  for (const [f] of items('contactFlows')) {
    const n = str(own(f, 'name'));
    if (n !== undefined && !flowTypes.has(n)) flowTypes.set(n, own(f, 'type') ?? ContactFlowType.CONTACT_FLOW);
  }
  for (const [f, i] of items('contactFlows')) ref('queue', own(f, 'queue'), ['contactFlows', i, 'queue']);

  // Quick connects: the field that matches the type, and a transfer flow of the right type.
  for (const [qc, i] of items('quickConnects')) {
    const type = own(qc, 'type');
    if (!Object.hasOwn(QUICK_CONNECT_TARGET, type as string)) continue;
    const target = QUICK_CONNECT_TARGET[type as QuickConnectType];
    for (const field of TARGET_FIELDS) {
      const v = own(qc, field);
      if (field === target.field) {
        if (v === undefined) add(['quickConnects', i, field], `is required for a ${type as string} quick connect`);
      } else if (v !== undefined) {
        add(['quickConnects', i, field], `not allowed for a ${type as string} quick connect (it uses ${target.field})`);
      }
    }
    if (type === 'QUEUE') ref('queue', own(qc, 'queue'), ['quickConnects', i, 'queue']);
    if (type === 'USER') ref('user', own(qc, 'user'), ['quickConnects', i, 'user']);
    const flow = own(qc, 'flow');
    if (flow === undefined) continue;
    if (target.flowType === undefined) {
      add(['quickConnects', i, 'flow'], `not allowed for a ${type as string} quick connect`);
    } else if (ref('contactFlow', flow, ['quickConnects', i, 'flow'])) {
      const ft = flowTypes.get(flow as string);
      if (typeof ft === 'string' && ft !== target.flowType) {
        add(
          ['quickConnects', i, 'flow'],
          `contact flow ${quote(flow as string)} has type ${ft}; a ${type as string} quick connect needs a ${target.flowType} flow`,
        );
      }
    }
  }

  // Widgets: the rules across their fields, an inbound flow, and ids (when given) unique.
  const widgetIds = new Map<string, number>();
  for (const [w, i] of items('widgets')) {
    const attributes = own(w, 'attributes');
    const form = own(w, 'preChatForm');
    const fields = isRec(form) ? own(form, 'fields') : undefined;
    // Array.from, not v.map: map reads `v.constructor` (species), which a file may set to anything.
    const records = (v: unknown) => (Array.isArray(v) ? Array.from(v as unknown[], (x) => (isRec(x) ? x : {})) : []);
    for (const issue of widgetRuleIssues({ attributes: records(attributes), preChatForm: { fields: records(fields) } }))
      add(['widgets', i, ...issue.path], issue.message);
    const flow = own(w, 'flow');
    if (ref('contactFlow', flow, ['widgets', i, 'flow'])) {
      const ft = flowTypes.get(flow as string);
      if (typeof ft === 'string' && ft !== ContactFlowType.CONTACT_FLOW)
        add(
          ['widgets', i, 'flow'],
          `contact flow ${quote(flow as string)} has type ${ft}; a widget's chats start in a CONTACT_FLOW flow`,
        );
    }
    const id = str(own(w, 'id'))?.toLowerCase();
    if (id === undefined) continue;
    const first = widgetIds.get(id);
    if (first === undefined) widgetIds.set(id, i);
    else add(['widgets', i, 'id'], `duplicate widget id ${quote(id)} (widgets[${first}] has the same id)`);
  }

  // Task templates: an existing flow, and the rules across their fields (once well-formed).
  for (const [t, i] of items('taskTemplates')) {
    const flow = own(t, 'flow');
    if (flow !== undefined) ref('contactFlow', flow, ['taskTemplates', i, 'flow']);
    const parsed = TaskTemplateConfigSchema.safeParse(t);
    if (parsed.success)
      for (const issue of templateDefinitionIssues(parsed.data)) add(['taskTemplates', i, ...issue.path], issue.message);
  }

  // Quick responses: shortcuts are unique, ignoring case (agents type them in any case).
  const shortcuts = new Map<string, number>();
  for (const [r, i] of items('quickResponses')) {
    const sc = str(own(r, 'shortcut'));
    if (sc === undefined) continue;
    const first = shortcuts.get(sc.toLowerCase());
    if (first === undefined) shortcuts.set(sc.toLowerCase(), i);
    else
      add(
        ['quickResponses', i, 'shortcut'],
        `duplicate shortcut ${quote(sc)} (quickResponses[${first}] has the same one; case does not count)`,
      );
  }

  return issues;
}
