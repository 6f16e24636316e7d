/**
 * Surface parity with the real amazon-connect-streams runtime (2.28.2, with amazon-connect-taskjs
 * on top, as a page loads them; see real-streams.ts): every member of the runtime's classes and
 * objects listed in `SURFACES` exists on our `createConnect()` with the same kind (a function,
 * or a value), except the deliberate exclusions below, each with its reason. Deleting a member
 * of ours fails here; so does an exclusion we no longer need (the member appeared on ours) or
 * one the runtime does not have.
 */
import { describe, expect, it } from 'vitest';
import { createConnect } from '../src/connect.js';
import { loadRealStreams } from './real-streams.js';

type Kind = 'function' | 'value';
// biome-ignore lint/suspicious/noExplicitAny: both namespaces are walked as plain objects.
type Loose = any;

const real: Loose = loadRealStreams({ taskjs: true });
const ours: Loose = createConnect();

const kindOf = (d: PropertyDescriptor): Kind => ('value' in d && typeof d.value === 'function' ? 'function' : 'value');
/** The Object and Function prototypes of both realms end a walk (their members are no one's surface). */
function rootOf(o: object): object {
  let p = o;
  for (let up = Object.getPrototypeOf(p); up; up = Object.getPrototypeOf(p)) p = up;
  return p;
}
const builtIns = new Set<unknown>([
  Object.prototype,
  Function.prototype,
  rootOf(real.Agent.prototype),
  Object.getPrototypeOf(real.hitch),
]);

/** Own and inherited members of an instance or prototype (no `constructor`). */
function members(o: object): Map<string, Kind> {
  const out = new Map<string, Kind>();
  for (let p: object | null = o; p && !builtIns.has(p); p = Object.getPrototypeOf(p)) {
    for (const k of Object.getOwnPropertyNames(p)) {
      if (k === 'constructor' || out.has(k)) continue;
      out.set(k, kindOf(Object.getOwnPropertyDescriptor(p, k) as PropertyDescriptor));
    }
  }
  return out;
}

/** A class's statics (not the function's own `length`, `name`, `prototype`…). */
function statics(f: object): Map<string, Kind> {
  const out = new Map<string, Kind>();
  for (const k of Object.getOwnPropertyNames(f)) {
    if (['length', 'name', 'prototype', 'arguments', 'caller', 'rt'].includes(k)) continue;
    out.set(k, kindOf(Object.getOwnPropertyDescriptor(f, k) as PropertyDescriptor));
  }
  return out;
}

/** Only the listed members of `o` (for `connect.core` and the namespace: the spec's lists). */
function listed(o: object, names: readonly string[]): Map<string, Kind> {
  const all = members(o);
  return new Map(names.map((n) => [n, all.get(n) ?? (n in o ? 'value' : (undefined as unknown as Kind))]));
}

// `connect.core` members of api-streams-surface.md §3 marked ✅ or ➕ (not the 🔒 internals).
const CORE = [
  'initCCP',
  'getEventBus',
  'onAuthorizeSuccess',
  'onIframeRetriesExhausted',
  'onCTIAuthorizeRetriesExhausted',
  'onAuthorizeRetriesExhausted',
  'terminate',
  'viewContact',
  'onViewContact',
  'onAuthFail',
  'onAccessDenied',
  'getWebSocketManager',
  'onSoftphoneSessionInit',
  'onInitialized',
  'getFrameMediaDevices',
  'upstream',
  'getSDKClientConfig',
  'reauthenticateAfterLogout',
  'initSoftphoneManager',
  'terminateCustomView',
] as const;

// The namespace members of §2: its functions and constants, the classes exposed as values and
// the runtime extras it names.
const NAMESPACE = [
  ...['agent', 'contact', 'onWebsocketInitFailure', 'hitch', 'getLog', 'sendActivity'],
  ...['core', 'agentApp', 'globalResiliency', 'storageAccess', 'NetworkConnectionStatus'],
  ...['Agent', 'Contact', 'BaseConnection', 'VoiceConnection', 'ChatConnection', 'TaskConnection', 'EmailConnection'],
  ...['Endpoint', 'SoftphoneError', 'QuickResponses', 'SessionExpirationWarningManager'],
  ...['Address', 'Connection', 'AgentSnapshot', 'ContactSnapshot', 'ConnectionSnapshot', 'EventBus'],
  ...['StateError', 'ValueError', 'NotImplementedError', 'VoiceId', 'version', 'makeEnum', 'sprintf', 'assertNotNull'],
  ...['isFramed', 'isCCP', 'isCRM', 'ifMaster', 'becomeMaster', 'publishMetric', 'publishClickStreamData'],
] as const;

const LOG_TO_AMAZON = "ships logs to Amazon's servers or between CCP tabs: Switchboard's log stays in the page";
const TAB_IDENTITY = "the CCP tab and layer an entry came from, for Amazon's cross-tab log merge: one page, one log here";

/**
 * The deliberate exclusions, by surface. Underscore-prefixed members (the runtime's internals,
 * e.g. `_getData`, `_getSDKClient`, `_initMediaController`) are excluded everywhere and not
 * listed. Everything else of the agent, chat, task and voice scopes is on ours — members
 * Switchboard cannot honour throw, reject or fail their callbacks with a sentence that says so.
 */
const EXCLUDED: Record<string, Record<string, string>> = {
  namespace: {
    agentApp: 'multi-app embedding (Amazon Q, Customer Profiles, Custom Views apps): out of scope, not in Switchboard',
    globalResiliency: 'Amazon Connect Global Resiliency (cross-region failover): out of scope, Switchboard is one server',
    storageAccess: "Chrome third-party-cookie storage-access flow for Amazon's CCP domain: out of scope",
    VoiceId: "the runtime's Voice ID helper class; the VoiceConnection Voice ID methods are ours and reject in words",
  },
  logger: {
    setLogRollInterval: 'our log is a ring buffer capped by count (DEFAULT_LOG_CAPACITY), not rolled on a timer',
    sendInternalLogEntryToServer: LOG_TO_AMAZON,
    scheduleUpstreamLogPush: LOG_TO_AMAZON,
    reportMasterLogsUpStream: LOG_TO_AMAZON,
    scheduleDownstreamClientSideLogsPush: LOG_TO_AMAZON,
    pushClientSideLogsDownstream: LOG_TO_AMAZON,
  },
  logEntry: { tabId: TAB_IDENTITY, getTabId: TAB_IDENTITY, getContextLayer: TAB_IDENTITY },
};

interface Surface {
  readonly name: string;
  readonly real: Map<string, Kind>;
  readonly ours: Map<string, Kind>;
}

const SURFACES: readonly Surface[] = [
  { name: 'Agent', real: members(real.Agent.prototype), ours: members(ours.Agent.prototype) },
  { name: 'Contact', real: members(real.Contact.prototype), ours: members(ours.Contact.prototype) },
  { name: 'BaseConnection', real: members(real.BaseConnection.prototype), ours: members(ours.BaseConnection.prototype) },
  { name: 'Connection', real: members(real.Connection.prototype), ours: members(ours.Connection.prototype) },
  { name: 'VoiceConnection', real: members(real.VoiceConnection.prototype), ours: members(ours.VoiceConnection.prototype) },
  { name: 'ChatConnection', real: members(real.ChatConnection.prototype), ours: members(ours.ChatConnection.prototype) },
  { name: 'TaskConnection', real: members(real.TaskConnection.prototype), ours: members(ours.TaskConnection.prototype) },
  { name: 'EmailConnection', real: members(real.EmailConnection.prototype), ours: members(ours.EmailConnection.prototype) },
  { name: 'Endpoint', real: members(new real.Endpoint({})), ours: members(new ours.Endpoint({})) },
  { name: 'Endpoint statics', real: statics(real.Endpoint), ours: statics(ours.Endpoint) },
  { name: 'core', real: listed(real.core, CORE), ours: listed(ours.core, CORE) },
  { name: 'QuickResponses', real: statics(real.QuickResponses), ours: statics(ours.QuickResponses) },
  { name: 'EventBus', real: members(real.EventBus.prototype), ours: members(ours.EventBus.prototype) },
  { name: 'logger', real: members(real.getLog()), ours: members(ours.getLog()) },
  { name: 'logEntry', real: members(real.getLog().debug('surface')), ours: members(ours.getLog().debug('surface')) },
  { name: 'namespace', real: listed(real, NAMESPACE), ours: listed(ours, NAMESPACE) },
];

describe('surface parity with the amazon-connect-streams runtime', () => {
  it.each(SURFACES.map((s) => [s.name, s] as const))('%s: every runtime member is ours, same kind', (name, s) => {
    const excluded = EXCLUDED[name] ?? {};
    const gaps: string[] = [];
    let compared = 0;
    for (const [k, kind] of s.real) {
      if (k.startsWith('_') || k in excluded) continue;
      compared++;
      const mine = s.ours.get(k);
      if (mine !== kind) gaps.push(mine ? `${k} (a ${mine} here, a ${kind} in the runtime)` : `${k} (missing)`);
    }
    expect(gaps, `${name} differs from the runtime`).toEqual([]);
    expect(compared, `${name}: the walk found the runtime's members`).toBeGreaterThan(0);
  });

  it.each(Object.entries(EXCLUDED))('%s: each exclusion is a runtime member we do not have', (name, excluded) => {
    const s = SURFACES.find((x) => x.name === name) as Surface;
    for (const k of Object.keys(excluded)) {
      expect(s.real.has(k) && s.real.get(k) !== undefined, `${name}.${k} is in the runtime`).toBe(true);
      expect(s.ours.get(k), `${name}.${k} is ours now: drop the exclusion`).toBeUndefined();
    }
  });

  it('the spec lists name runtime members (core and namespace)', () => {
    for (const k of CORE) expect(k in real.core, `core.${k}`).toBe(true);
    for (const k of NAMESPACE) expect(k in real, k).toBe(true);
  });

  it('aliases are the same objects as in the runtime', () => {
    expect(real.Connection).toBe(real.VoiceConnection);
    expect(ours.Connection).toBe(ours.VoiceConnection);
    expect(real.Address).toBe(real.Endpoint);
    expect(ours.Address).toBe(ours.Endpoint);
    expect(ours.onWebSocketInitFailure).toBe(ours.onWebsocketInitFailure);
  });
});
