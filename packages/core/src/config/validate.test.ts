import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { demoConfig } from './demo.js';
import { type ConfigIssue, formatConfigIssue, formatConfigPath, parseConfigPath } from './issues.js';
import type { InstanceConfig } from './schema.js';
import { validateConfig } from './validate.js';

/** A mutable deep copy of the demo, for breaking. */
type Mutable<T> = { -readonly [K in keyof T]: T[K] extends object ? Mutable<T[K]> : T[K] };
// biome-ignore lint/suspicious/noExplicitAny: tests break the config in ways its type forbids
const demo = (): any => structuredClone(demoConfig) as Mutable<InstanceConfig>;

const issuesOf = (data: unknown): ConfigIssue[] => {
  const r = validateConfig(data);
  if (r.ok) throw new Error('expected validation to fail');
  return r.issues;
};

describe('validateConfig: valid files', () => {
  it('accepts the demo instance, and returns it unchanged (all defaults are explicit)', () => {
    const r = validateConfig(demoConfig);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.config).toStrictEqual(demoConfig);
  });

  it('does not return the frozen demo object itself', () => {
    const r = validateConfig(demoConfig);
    expect(r.ok && r.config).not.toBe(demoConfig);
    expect(Object.isFrozen(demoConfig.users)).toBe(true);
  });

  it('applies defaults to a minimal file', () => {
    const r = validateConfig({ instance: { alias: 'tiny' } });
    expect(r).toStrictEqual({
      ok: true,
      config: {
        instance: { alias: 'tiny', region: 'us-east-1', accountId: '123456789012', approvedOrigins: [] },
        accessKeys: [],
        hoursOfOperation: [],
        securityProfiles: [],
        agentStatuses: [
          { name: 'Available', type: 'ROUTABLE', enabled: true },
          { name: 'Offline', type: 'OFFLINE', enabled: true },
        ],
        queues: [],
        routingProfiles: [],
        users: [],
        quickConnects: [],
        wrapUpCodes: [],
        quickResponses: [],
        chat: {
          messagesPerSecond: 10,
          burst: 20,
          socketsPerParticipant: 5,
          messageMaxLength: 1024,
          attachments: { maxSizeMb: 20, perChat: 20 },
        },
        views: [],
        contactFlows: [],
        widgets: [],
        taskTemplates: [],
      },
    });
  });

  it('fills per-resource defaults', () => {
    const r = validateConfig({
      instance: { alias: 'x' },
      hoursOfOperation: [{ name: 'H', timeZone: 'Europe/Paris', ranges: [{ day: 'MONDAY', start: '22:00', end: '06:00' }] }],
      queues: [{ name: 'Q', hoursOfOperation: 'H' }],
      securityProfiles: [{ name: 'S' }],
      routingProfiles: [
        { name: 'R', defaultOutboundQueue: 'Q', concurrency: { CHAT: 2 }, queues: [{ queue: 'Q', channel: 'CHAT' }] },
      ],
      users: [{ username: 'u', routingProfile: 'R', securityProfiles: ['S'] }],
      contactFlows: [{ name: 'F' }],
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.config.queues[0]).toStrictEqual({ name: 'Q', hoursOfOperation: 'H', enabled: true });
    expect(r.config.securityProfiles[0]).toStrictEqual({ name: 'S', permissions: [] });
    expect(r.config.routingProfiles[0]).toStrictEqual({
      name: 'R',
      defaultOutboundQueue: 'Q',
      concurrency: { CHAT: 2 },
      crossChannelBehavior: {
        VOICE: 'ROUTE_CURRENT_CHANNEL_ONLY',
        CHAT: 'ROUTE_CURRENT_CHANNEL_ONLY',
        TASK: 'ROUTE_CURRENT_CHANNEL_ONLY',
      },
      queues: [{ queue: 'Q', channel: 'CHAT', priority: 1, delay: 0 }],
      agentAvailabilityTimer: 'TIME_SINCE_LAST_ACTIVITY',
    });
    expect(r.config.users[0]).toStrictEqual({
      username: 'u',
      routingProfile: 'R',
      securityProfiles: ['S'],
      autoAccept: {},
      afterContactWorkTimeout: 0,
    });
    expect(r.config.contactFlows[0]).toStrictEqual({ name: 'F', type: 'CONTACT_FLOW' });
  });

  it('accepts "*" and origins with ports, 24:00 as an end, and an empty ranges list (always closed)', () => {
    const c = demo();
    c.instance.approvedOrigins = ['*', 'https://agents.example.com:8443', 'http://[::1]:3000'];
    c.hoursOfOperation[1].ranges[0].end = '24:00';
    c.hoursOfOperation.push({ name: 'Closed', timeZone: 'UTC', ranges: [] });
    expect(validateConfig(c).ok).toBe(true);
  });
});

describe('validateConfig: broken files, each problem with its exact path and message', () => {
  it('reports an unknown reference, listing the known names', () => {
    const c = demo();
    c.routingProfiles[1].queues[0].queue = 'Salez';
    expect(issuesOf(c)).toStrictEqual([
      { path: 'routingProfiles[1].queues[0].queue', message: 'unknown queue "Salez" (known: Sales, Support)' },
    ]);
  });

  it('reports references of every kind', () => {
    const c = demo();
    c.queues[0].hoursOfOperation = 'Nights';
    c.routingProfiles[0].defaultOutboundQueue = 'Nope';
    c.users[2].routingProfile = 'Managers';
    c.users[2].securityProfiles = ['Supervisor', 'Root'];
    c.quickConnects[2].user = 'alicia';
    c.contactFlows[0].queue = 'sales';
    expect(issuesOf(c)).toStrictEqual([
      { path: 'queues[0].hoursOfOperation', message: 'unknown hours of operation "Nights" (known: Always open, Business hours)' },
      { path: 'routingProfiles[0].defaultOutboundQueue', message: 'unknown queue "Nope" (known: Sales, Support)' },
      { path: 'users[2].routingProfile', message: 'unknown routing profile "Managers" (known: Sales agents, Support agents)' },
      { path: 'users[2].securityProfiles[1]', message: 'unknown security profile "Root" (known: Agent, Supervisor, Admin)' },
      { path: 'quickConnects[2].user', message: 'unknown user "alicia" (known: alice, bob, carol)' },
      { path: 'contactFlows[0].queue', message: 'unknown queue "sales" (known: Sales, Support)' },
    ]);
  });

  it('says so when nothing of the kind is defined', () => {
    const c = demo();
    c.wrapUpCodes = [];
    c.contactFlows = [];
    c.widgets = [];
    c.taskTemplates = [];
    c.quickConnects = [{ name: 'Q', type: 'QUEUE', queue: 'Sales', flow: 'Transfer' }];
    expect(issuesOf(c)).toStrictEqual([
      { path: 'quickConnects[0].flow', message: 'unknown contact flow "Transfer" (no contact flows are defined)' },
    ]);
  });

  it('reports a duplicate name', () => {
    const c = demo();
    c.queues.push({ name: 'Support', hoursOfOperation: 'Always open', enabled: true });
    c.users[2].username = 'alice';
    expect(issuesOf(c)).toStrictEqual([
      { path: 'queues[2].name', message: 'duplicate queue "Support" (queues[1] has the same name)' },
      { path: 'users[2].username', message: 'duplicate user "alice" (users[0] has the same username)' },
    ]);
  });

  it('reports CHAT concurrency 11', () => {
    const c = demo();
    c.routingProfiles[0].concurrency.CHAT = 11;
    expect(issuesOf(c)).toStrictEqual([
      { path: 'routingProfiles[0].concurrency.CHAT', message: 'must be an integer from 1 to 10 (got 11)' },
    ]);
  });

  it('reports VOICE concurrency 2, and TASK 0', () => {
    const c = demo();
    c.routingProfiles[0].concurrency.VOICE = 2;
    c.routingProfiles[0].concurrency.TASK = 0;
    expect(issuesOf(c)).toStrictEqual([
      {
        path: 'routingProfiles[0].concurrency.VOICE',
        message: 'must be 1: an agent handles one voice contact at a time (got 2)',
      },
      { path: 'routingProfiles[0].concurrency.TASK', message: 'must be an integer from 1 to 10 (got 0)' },
    ]);
  });

  it('reports a fractional concurrency', () => {
    const c = demo();
    c.routingProfiles[1].concurrency.CHAT = 2.5;
    expect(issuesOf(c)).toStrictEqual([
      { path: 'routingProfiles[1].concurrency.CHAT', message: 'expected an integer, got the number 2.5' },
    ]);
  });

  it('reports priorities 0 and 100, and a negative delay', () => {
    const c = demo();
    c.routingProfiles[0].queues[0].priority = 0;
    c.routingProfiles[0].queues[4].priority = 100;
    c.routingProfiles[1].queues[1].delay = -5;
    expect(issuesOf(c)).toStrictEqual([
      { path: 'routingProfiles[0].queues[0].priority', message: 'must be an integer from 1 to 99 (got 0)' },
      { path: 'routingProfiles[0].queues[4].priority', message: 'must be an integer from 1 to 99 (got 100)' },
      { path: 'routingProfiles[1].queues[1].delay', message: 'must be a number of seconds from 0 to 9999 (got -5)' },
    ]);
  });

  it('reports a routing-profile queue on a channel the profile does not enable', () => {
    const c = demo();
    // The Support agents' profile without calls, then a call queue added to it.
    delete c.routingProfiles[1].concurrency.VOICE;
    c.routingProfiles[1].queues = c.routingProfiles[1].queues.filter((q: { channel: string }) => q.channel !== 'VOICE');
    c.routingProfiles[1].queues.push({ queue: 'Sales', channel: 'VOICE', priority: 1, delay: 0 });
    expect(issuesOf(c)).toStrictEqual([
      {
        path: 'routingProfiles[1].queues[2].channel',
        message: 'VOICE is not enabled in this routing profile: add concurrency.VOICE or remove this entry (enabled: CHAT, TASK)',
      },
    ]);
  });

  it('reports a profile with no channel, and a queue listed twice for a channel', () => {
    const c = demo();
    c.routingProfiles[1].concurrency = {};
    c.routingProfiles[0].queues.push({ queue: 'Sales', channel: 'CHAT', priority: 5 });
    expect(issuesOf(c)).toStrictEqual([
      { path: 'routingProfiles[0].queues[6]', message: 'queue "Sales" is already listed for CHAT (queues[1])' },
      {
        path: 'routingProfiles[1].concurrency',
        message: 'must enable at least one channel, e.g. { VOICE: 1 } or { CHAT: 3, TASK: 5 }',
      },
    ]);
  });

  it('reports a bad time "25:00", and a range that starts when it ends', () => {
    const c = demo();
    c.hoursOfOperation[1].ranges[0].start = '25:00';
    c.hoursOfOperation[1].ranges[1].end = '9:00';
    c.hoursOfOperation[1].ranges[2].end = '09:00';
    expect(issuesOf(c)).toStrictEqual([
      { path: 'hoursOfOperation[1].ranges[0].start', message: 'must be a time "HH:MM" from 00:00 to 23:59 (got "25:00")' },
      { path: 'hoursOfOperation[1].ranges[1].end', message: 'must be a time "HH:MM" from 00:00 to 24:00 (got "9:00")' },
      {
        path: 'hoursOfOperation[1].ranges[2].end',
        message: 'must differ from start (for the whole day use start "00:00" and end "24:00")',
      },
    ]);
  });

  it('reports a bad time zone', () => {
    const c = demo();
    c.hoursOfOperation[0].timeZone = 'Mars/Olympus_Mons';
    expect(issuesOf(c)).toStrictEqual([
      {
        path: 'hoursOfOperation[0].timeZone',
        message: 'unknown time zone "Mars/Olympus_Mons" — use an IANA name such as "America/New_York", "Europe/Paris" or "UTC"',
      },
    ]);
  });

  it('reports hours with neither ranges nor alwaysOpen, and with both', () => {
    const c = demo();
    delete c.hoursOfOperation[0].alwaysOpen;
    c.hoursOfOperation[1].alwaysOpen = true;
    expect(issuesOf(c)).toStrictEqual([
      {
        path: 'hoursOfOperation[0]',
        message: 'give either ranges (e.g. [{ day: MONDAY, start: "09:00", end: "17:00" }]) or alwaysOpen: true',
      },
      { path: 'hoursOfOperation[1].ranges', message: 'cannot be combined with alwaysOpen: true (remove one of them)' },
    ]);
  });

  it('reports a top-level key typo with a suggestion', () => {
    const c = demo();
    c.wrapupCodes = [];
    expect(issuesOf(c)).toStrictEqual([
      { path: 'wrapupCodes', message: 'unknown key "wrapupCodes" — did you mean "wrapUpCodes"?' },
    ]);
  });

  it('reports nested key typos, suggesting a key or listing the allowed ones', () => {
    const c = demo();
    c.instance.regoin = 'eu-west-1';
    c.users[0].nickname = 'Al';
    c.routingProfiles[0].queues[0].prio = 3;
    expect(issuesOf(c)).toStrictEqual([
      { path: 'instance.regoin', message: 'unknown key "regoin" — did you mean "region"?' },
      {
        path: 'routingProfiles[0].queues[0].prio',
        message: 'unknown key "prio" (allowed here: queue, channel, priority, delay)',
      },
      {
        path: 'users[0].nickname',
        message:
          'unknown key "nickname" (allowed here: username, password, firstName, lastName, email, routingProfile, securityProfiles, autoAccept, afterContactWorkTimeout)',
      },
    ]);
  });

  it('reports wrong types with YAML hints', () => {
    const c = demo();
    c.instance.accountId = 123456789012;
    c.wrapUpCodes = null;
    c.users[1].afterContactWorkTimeout = '30';
    c.users[2].autoAccept.CHAT = 'yes';
    c.quickConnects.push({ name: 'Desk', type: 'PHONE_NUMBER', phoneNumber: 12025550143 });
    expect(issuesOf(c)).toStrictEqual([
      {
        path: 'instance.accountId',
        message: 'expected a string, got the number 123456789012 — in YAML, quote it: "123456789012"',
      },
      { path: 'users[1].afterContactWorkTimeout', message: 'expected a number, got the string "30" — remove the quotes' },
      { path: 'users[2].autoAccept.CHAT', message: 'expected true or false, got the string "yes"' },
      {
        path: 'quickConnects[4].phoneNumber',
        message: 'expected a string, got the number 12025550143 — in YAML, quote it: "12025550143"',
      },
      {
        path: 'wrapUpCodes',
        message: 'expected a list, got an empty value (null) — write [] for an empty list, or remove the key',
      },
    ]);
  });

  it('reports a misspelt enum value with a suggestion', () => {
    const c = demo();
    c.routingProfiles[0].queues[1].channel = 'chat';
    c.agentStatuses[1].type = 'NOT_ROUTEABLE';
    expect(issuesOf(c)).toStrictEqual([
      {
        path: 'agentStatuses[1].type',
        message: 'must be one of ROUTABLE, NOT_ROUTABLE, OFFLINE (got the string "NOT_ROUTEABLE") — did you mean NOT_ROUTABLE?',
      },
      {
        path: 'routingProfiles[0].queues[1].channel',
        message: 'must be one of VOICE, CHAT, TASK (got the string "chat") — did you mean CHAT?',
      },
    ]);
  });

  it('reports missing required fields', () => {
    const c = demo();
    delete c.instance.alias;
    delete c.users[0].routingProfile;
    delete c.users[0].securityProfiles;
    c.users[1].securityProfiles = [];
    expect(issuesOf(c)).toStrictEqual([
      { path: 'instance.alias', message: 'is required' },
      { path: 'users[0].routingProfile', message: 'is required' },
      { path: 'users[0].securityProfiles', message: 'is required' },
      { path: 'users[1].securityProfiles', message: 'must not be empty (list at least one)' },
    ]);
    expect(issuesOf({})).toStrictEqual([{ path: 'instance', message: 'is required' }]);
  });

  it('reports a file that is not an object', () => {
    const expected = (what: string) => [
      { path: '', message: `the file must be an object of sections (instance:, queues:, users:, …), got ${what}` },
    ];
    expect(issuesOf(null)).toStrictEqual(expected('an empty value (null)'));
    expect(issuesOf([])).toStrictEqual(expected('a list'));
    expect(issuesOf('instance: x')).toStrictEqual(expected('the string "instance: x"'));
  });

  it('reports a short password, a bad email, a bad username', () => {
    const c = demo();
    c.users[0].password = 'short';
    c.users[1].email = 'bob-at-example.com';
    c.users[2].username = 'carol chen';
    c.quickConnects[2].user = 'carol chen';
    expect(issuesOf(c)).toStrictEqual([
      { path: 'users[0].password', message: 'must be at least 8 characters long' },
      { path: 'users[1].email', message: 'must be an email address (got the string "bob-at-example.com")' },
      { path: 'users[2].username', message: 'may contain only letters, digits and _ . @ - (got "carol chen")' },
    ]);
  });

  it('reports a quick connect whose fields do not match its type', () => {
    const c = demo();
    c.quickConnects[0] = { name: 'Sales queue', type: 'QUEUE', user: 'alice' };
    c.quickConnects[1] = { name: 'Desk', type: 'PHONE_NUMBER', phoneNumber: '+12025550143', flow: 'Sales inbound' };
    c.quickConnects[2].phoneNumber = '555-0143';
    expect(issuesOf(c)).toStrictEqual([
      { path: 'quickConnects[0].user', message: 'not allowed for a QUEUE quick connect (it uses queue)' },
      { path: 'quickConnects[0].queue', message: 'is required for a QUEUE quick connect' },
      { path: 'quickConnects[1].flow', message: 'not allowed for a PHONE_NUMBER quick connect' },
      { path: 'quickConnects[2].phoneNumber', message: 'must be an E.164 phone number such as "+12025550143" (got "555-0143")' },
      { path: 'quickConnects[2].phoneNumber', message: 'not allowed for a USER quick connect (it uses user)' },
    ]);
  });

  it('reports a quick connect whose transfer flow has the wrong type', () => {
    const c = demo();
    c.quickConnects[0].flow = 'Sales inbound';
    c.contactFlows.push({ name: 'To agent', type: 'AGENT_TRANSFER' });
    c.quickConnects[2].flow = 'To agent';
    expect(issuesOf(c)).toStrictEqual([
      {
        path: 'quickConnects[0].flow',
        message: 'contact flow "Sales inbound" has type CONTACT_FLOW; a QUEUE quick connect needs a QUEUE_TRANSFER flow',
      },
    ]);
  });

  it('requires one enabled OFFLINE status and an enabled ROUTABLE one', () => {
    const c = demo();
    c.agentStatuses[0].enabled = false;
    c.agentStatuses[3].type = 'NOT_ROUTABLE';
    expect(issuesOf(c)).toStrictEqual([
      {
        path: 'agentStatuses',
        message: 'needs one status of type OFFLINE (e.g. { name: Offline, type: OFFLINE }): agents sign out with it',
      },
      {
        path: 'agentStatuses',
        message:
          'needs an enabled status of type ROUTABLE (e.g. { name: Available, type: ROUTABLE }): agents take contacts in it',
      },
    ]);
    const d = demo();
    d.agentStatuses.push({ name: 'Gone', type: 'OFFLINE', enabled: false });
    expect(issuesOf(d)).toStrictEqual([
      { path: 'agentStatuses[4].type', message: 'only one OFFLINE status is allowed (agentStatuses[3] is OFFLINE)' },
      { path: 'agentStatuses[4].enabled', message: 'the OFFLINE status cannot be disabled' },
    ]);
  });

  it('reports bad instance settings', () => {
    const c = demo();
    c.instance.id = '5b6c1d2e-0000-4000-8000-00000000demo';
    c.instance.alias = '-demo';
    c.instance.region = 'US East';
    c.instance.approvedOrigins = ['http://localhost:3000/', 'localhost:3000'];
    expect(issuesOf(c)).toStrictEqual([
      {
        path: 'instance.id',
        message:
          'must be a UUID like "5b6c1d2e-0000-4000-8000-000000000001" (got the string "5b6c1d2e-0000-4000-8000-00000000demo")',
      },
      {
        path: 'instance.alias',
        message: 'must be letters, digits and hyphens, not starting or ending with a hyphen (got "-demo")',
      },
      { path: 'instance.region', message: 'must be an AWS region name such as "us-east-1" (got "US East")' },
      {
        path: 'instance.approvedOrigins[0]',
        message:
          'must be a URL origin such as "https://agents.example.com" or "http://localhost:3000" (scheme, host and optional port; no path or trailing slash), or "*" for any origin (got "http://localhost:3000/") — did you mean "http://localhost:3000"?',
      },
      {
        path: 'instance.approvedOrigins[1]',
        message:
          'must be a URL origin such as "https://agents.example.com" or "http://localhost:3000" (scheme, host and optional port; no path or trailing slash), or "*" for any origin (got "localhost:3000")',
      },
    ]);
  });

  it('reports names that are empty, too long or padded', () => {
    const c = demo();
    c.wrapUpCodes = [{ name: '' }, { name: 'x'.repeat(128) }, { name: ' Resolved' }];
    expect(issuesOf(c)).toStrictEqual([
      { path: 'wrapUpCodes[0].name', message: 'must not be empty' },
      { path: 'wrapUpCodes[1].name', message: 'must be at most 127 characters long (got 128)' },
      { path: 'wrapUpCodes[2].name', message: 'must not start or end with whitespace or contain line breaks' },
    ]);
  });

  it('reports shape and reference problems together, in document order', () => {
    const c = demo();
    c.users[0].routingProfile = 'Nobody';
    c.routingProfiles[0].concurrency.CHAT = 11;
    c.queues[1].maxContacts = 0;
    c.instance.colour = 'blue';
    expect(issuesOf(c).map(formatConfigIssue)).toStrictEqual([
      'instance.colour: unknown key "colour" (allowed here: id, alias, region, accountId, approvedOrigins, taskExpiryMinutes)',
      'queues[1].maxContacts: must be at least 1 (got 0)',
      'routingProfiles[0].concurrency.CHAT: must be an integer from 1 to 10 (got 11)',
      'users[0].routingProfile: unknown routing profile "Nobody" (known: Sales agents, Support agents)',
    ]);
  });
});

describe('paths', () => {
  it('formats and parses paths', () => {
    const cases: [(string | number)[], string][] = [
      [[], ''],
      [['instance', 'alias'], 'instance.alias'],
      [['users', 0, 'routingProfile'], 'users[0].routingProfile'],
      [['routingProfiles', 1, 'queues', 10, 'queue'], 'routingProfiles[1].queues[10].queue'],
      [['$schema'], '$schema'],
      [['x', 'a b', 2, 'he said "hi"'], 'x["a b"][2]["he said \\"hi\\""]'],
      [['1st'], '["1st"]'],
    ];
    for (const [segs, text] of cases) {
      expect(formatConfigPath(segs)).toBe(text);
      expect(parseConfigPath(text)).toStrictEqual(segs);
    }
    expect(parseConfigPath('a..b')).toBeUndefined();
    expect(parseConfigPath('a[x]')).toBeUndefined();
  });

  it('round-trips any path', () => {
    const seg = fc.oneof(fc.nat(), fc.string());
    fc.assert(
      fc.property(fc.array(seg), (segs) => {
        expect(parseConfigPath(formatConfigPath(segs))).toStrictEqual(segs);
      }),
    );
  });

  it('formats issues', () => {
    expect(formatConfigIssue({ path: 'a.b', message: 'm' })).toBe('a.b: m');
    expect(formatConfigIssue({ path: '', message: 'm' })).toBe('m');
    expect(formatConfigIssue({ path: 'a', message: 'm', line: 3, column: 7 })).toBe('3:7: a: m');
  });
});

describe('validateConfig never throws', () => {
  const check = (data: unknown) => {
    const r = validateConfig(data);
    if (!r.ok) {
      expect(r.issues.length).toBeGreaterThan(0);
      for (const i of r.issues) {
        expect(typeof i.message).toBe('string');
        expect(parseConfigPath(i.path)).toBeDefined();
      }
    }
  };

  it('an array of widget attributes whose own "constructor" is false (found by the property below, seed 902100171)', () => {
    const c = structuredClone(demoConfig) as unknown as { widgets: { attributes: unknown[] }[] };
    const attributes: unknown[] = [...c.widgets[0]!.attributes];
    Object.defineProperty(attributes, 'constructor', { value: false, enumerable: true });
    c.widgets[0]!.attributes = attributes;
    expect(() => validateConfig(c)).not.toThrow();
    check(c);
  });

  it('on any JSON value', () => {
    fc.assert(fc.property(fc.jsonValue(), check), { numRuns: 500 });
  });

  it('on anything at all', () => {
    fc.assert(
      fc.property(
        fc.anything({
          withBigInt: true,
          withDate: true,
          withMap: true,
          withSet: true,
          withNullPrototype: true,
          withSparseArray: true,
          withBoxedValues: true,
          withTypedArray: true,
        }),
        check,
      ),
      { numRuns: 500 },
    );
  });

  it('on the demo with any value put anywhere', () => {
    /** Every path into the demo. */
    const paths: (string | number)[][] = [];
    const walk = (v: unknown, path: (string | number)[]) => {
      paths.push(path);
      if (Array.isArray(v)) for (const [i, x] of v.entries()) walk(x, [...path, i]);
      else if (typeof v === 'object' && v !== null) for (const [k, x] of Object.entries(v)) walk(x, [...path, k]);
    };
    walk(demoConfig, []);
    const keyish = fc.constantFrom(
      'name',
      'queue',
      'type',
      'channel',
      '__proto__',
      'constructor',
      'VOICE',
      'ranges',
      'alwaysOpen',
    );
    fc.assert(
      fc.property(fc.constantFrom(...paths), fc.option(keyish), fc.anything(), (path, extraKey, value) => {
        const c = demo();
        let target = c;
        const at = extraKey === null ? path : [...path, extraKey];
        for (const seg of at.slice(0, -1)) {
          if (typeof target[seg] !== 'object' || target[seg] === null) return;
          target = target[seg];
        }
        const last = at[at.length - 1];
        if (last === undefined) check(value);
        else {
          Object.defineProperty(target, last, { value, enumerable: true, configurable: true, writable: true });
          check(c);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
