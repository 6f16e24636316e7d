import { beforeAll, describe, expect, it } from 'vitest';
import { loadRealStreams, type RealConnect } from '../test/real-streams.js';
import * as enums from './enums.js';

/** Enum-like: a plain object whose values are all strings or numbers, or an array of strings. */
const isEnumLike = (v: unknown): boolean =>
  Array.isArray(v)
    ? v.every((x) => typeof x === 'string')
    : typeof v === 'object' &&
      v !== null &&
      Object.getPrototypeOf(Object.getPrototypeOf(v)) === null &&
      Object.values(v).length > 0 &&
      Object.values(v).every((x) => typeof x === 'string' || typeof x === 'number');

/** Plain data of this realm (the runtime's objects come from the vm context's realm). */
const plain = (v: unknown): unknown => JSON.parse(JSON.stringify(v));

/** Ours but not on streams' runtime `connect`, on purpose (see enums.ts). */
const NOT_ON_STREAMS_RUNTIME = ['ReferenceType', 'VDIPlatformType'];

let real: RealConnect;
let realWithTaskjs: RealConnect;
beforeAll(() => {
  real = loadRealStreams();
  realWithTaskjs = loadRealStreams({ taskjs: true });
});

const ours = Object.entries(enums) as [string, unknown][];

describe('enums equal the real amazon-connect-streams runtime', () => {
  it('loads the real release (2.28.2 package; its runtime says version 2.28.1)', () => {
    expect(real.version).toBe('2.28.1');
    expect(ours.length).toBeGreaterThan(60);
  });

  it.each(ours.filter(([name]) => !NOT_ON_STREAMS_RUNTIME.includes(name)))('%s deep-equals connect.%s', (name, value) => {
    expect(real[name], `connect.${name} is missing at runtime`).toBeDefined();
    expect(value).toEqual(plain(real[name]));
  });

  it('exports every enum-like object the runtime has on connect', () => {
    const runtimeEnums = Object.keys(real).filter((k) => isEnumLike(real[k]));
    expect(runtimeEnums.length).toBeGreaterThan(60);
    const missing = runtimeEnums.filter((k) => !(k in enums));
    expect(missing).toEqual([]);
  });

  it('the aliases are the same objects, as at runtime', () => {
    expect(enums.AgentStatusType).toBe(enums.AgentStateType);
    expect(enums.ContactStatusType).toBe(enums.ContactStateType);
    expect(enums.ConnectionStatusType).toBe(enums.ConnectionStateType);
    expect(enums.AddressType).toBe(enums.EndpointType);
    expect(enums.ConnnectionEvents).toBe(enums.ConnectionEvents);
    expect(real.AgentStatusType).toBe(real.AgentStateType);
    expect(real.ConnnectionEvents).toBe(real.ConnectionEvents);
  });

  it('ReferenceType equals what amazon-connect-taskjs puts on connect (streams alone has none)', () => {
    expect(real.ReferenceType).toBeUndefined();
    expect(enums.ReferenceType).toEqual(plain(realWithTaskjs.ReferenceType));
  });

  it('VDIPlatformType is not on the runtime connect (its values are the d.ts ones)', () => {
    expect(real.VDIPlatformType).toBeUndefined();
    expect(Object.values(enums.VDIPlatformType)).toEqual(['CITRIX', 'AWS_WORKSPACE', 'OMNISSA', 'CITRIX_413', 'AZURE']);
  });

  it('uses the runtime values where the typings differ', () => {
    expect(enums.AgentEvents.STATE_CHANGE).toBe('agent::state_change');
    expect(enums.ContactEvents.CONNECTED).toBe('contact::connected');
    expect(enums.MasterTopics.SOFTPHONE).toBe('connect::softphone');
    expect('PAUSED' in enums.ContactEvents).toBe(false);
    expect('API_PROXY' in enums.EventType).toBe(false);
    expect(enums.CONTACT_ACTIVE_STATES.PAUSED).toBe('paused');
    expect(Object.keys(enums.ClientMethods)).toHaveLength(37);
    expect(enums.CONNECTION_ACTIVE_STATES).toEqual({ connecting: 1, connected: 1, hold: 1, silent_monitor: 1, barge: 1 });
  });

  it('types: each union is its values (the set-like constants: their keys)', () => {
    const event: enums.ContactEvents = 'contact::accepted';
    // @ts-expect-error the bare d.ts value is not a runtime value
    const bare: enums.ContactEvents = 'accepted';
    const active: enums.CONNECTION_ACTIVE_STATES = 'hold';
    // @ts-expect-error 'disconnected' is not an active connection state
    const inactive: enums.CONNECTION_ACTIVE_STATES = 'disconnected';
    const method: enums.ClientMethods = 'acceptContact';
    const level: enums.LogLevel = 'CRITICAL';
    expect([event, bare, active, inactive, method, level]).toHaveLength(6);
  });
});
