import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { demoConfig, formatConfigIssue } from '@switchboard/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfigText, readConfigFile } from './file.js';

const EXAMPLE = fileURLToPath(new URL('../../../../examples/demo.yaml', import.meta.url));

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'switchboard-config-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const write = async (name: string, text: string) => {
  const file = path.join(dir, name);
  await writeFile(file, text);
  return file;
};

const MINIMAL = `
instance:
  alias: tiny
hoursOfOperation:
  - name: Always
    timeZone: UTC
    alwaysOpen: true
queues:
  - name: Sales
    hoursOfOperation: Always
`;

describe('examples/demo.yaml', () => {
  it('validates and equals the built-in demo instance', async () => {
    const r = await readConfigFile(EXAMPLE);
    if (!r.ok) throw new Error(r.issues.map(formatConfigIssue).join('\n'));
    expect(r.config).toStrictEqual(demoConfig);
  });
});

describe('readConfigFile', () => {
  it('reads a YAML file', async () => {
    const r = await readConfigFile(await write('ok.yaml', MINIMAL));
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.config.queues).toStrictEqual([{ name: 'Sales', hoursOfOperation: 'Always', enabled: true }]);
  });

  it('reads a JSON file (tabs and all)', async () => {
    const json = JSON.stringify({ instance: { alias: 'tiny', accountId: '000000000042' } }, null, '\t');
    const r = await readConfigFile(await write('ok.json', json));
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.config.instance.accountId).toBe('000000000042');
  });

  it('accepts a byte-order mark, anchors and merge keys', async () => {
    const yaml = `\uFEFFinstance: { alias: tiny }
hoursOfOperation:
  - &nine-to-five
    name: Weekdays
    timeZone: Europe/Paris
    ranges: [{ day: MONDAY, start: "09:00", end: "17:00" }]
  - <<: *nine-to-five
    name: Weekdays (Lisbon)
    timeZone: Europe/Lisbon
`;
    const r = parseConfigText(yaml);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.config.hoursOfOperation[1]?.ranges).toStrictEqual([{ day: 'MONDAY', start: '09:00', end: '17:00' }]);
  });

  it('reports an unreadable file', async () => {
    const missing = path.join(dir, 'nope.yaml');
    expect(await readConfigFile(missing)).toStrictEqual({
      ok: false,
      issues: [{ path: '', message: `cannot read ${missing}: no such file` }],
    });
    expect(await readConfigFile(dir)).toStrictEqual({
      ok: false,
      issues: [{ path: '', message: `cannot read ${dir}: it is a directory, not a file` }],
    });
  });

  it('reports YAML syntax errors with line and column', async () => {
    const r = await readConfigFile(await write('bad.yaml', 'instance:\n  alias: x\nqueues: [\n  { name: a\n'));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.length).toBeGreaterThan(0);
    for (const i of r.issues) {
      expect(i.path).toBe('');
      expect(i.message).toMatch(/^YAML syntax error: /);
      expect(i.message).not.toMatch(/\n/);
      expect(i.line).toBeGreaterThanOrEqual(3);
      expect(i.column).toBeGreaterThanOrEqual(1);
    }
  });

  it('reports a duplicate key, tabs, and several documents, at their position', () => {
    expect(parseConfigText('instance:\n  alias: a\n  alias: b\n')).toStrictEqual({
      ok: false,
      issues: [{ path: '', message: 'YAML syntax error: Map keys must be unique', line: 3, column: 3 }],
    });
    expect(parseConfigText('instance:\n\talias: a\n')).toMatchObject({
      ok: false,
      issues: [{ path: '', message: 'YAML syntax error: Tabs are not allowed as indentation', line: 2, column: 1 }],
    });
    expect(parseConfigText('instance: { alias: a }\n---\nqueues: []\n')).toStrictEqual({
      ok: false,
      issues: [
        {
          path: '',
          message: 'YAML syntax error: the file must hold one YAML document (remove the "---" separator and what follows)',
          line: 2,
          column: 1,
        },
      ],
    });
  });

  it('reports an empty file', () => {
    const empty = {
      ok: false,
      issues: [{ path: '', message: 'the file is empty: it needs at least an instance: section', line: 1, column: 1 }],
    };
    expect(parseConfigText('')).toStrictEqual(empty);
    expect(parseConfigText('# nothing yet\n')).toStrictEqual(empty);
  });

  it('gives validation issues the position of the value in the file', async () => {
    const yaml = `instance:
  alias: tiny
  accountId: 123456789012
hoursOfOperation:
  - name: Always
    timeZone: Mars/Base
    alwaysOpen: true
queues:
  - name: Sales
    hoursOfOperation: Allways
    maxContact: 5
routingProfiles:
  - name: R
    concurrency: { CHAT: 11 }
    defaultOutboundQueue: Sales
wrapUpCodes:
`;
    const r = await readConfigFile(await write('invalid.yaml', yaml));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map(formatConfigIssue)).toStrictEqual([
      '3:14: instance.accountId: expected a string, got the number 123456789012 — in YAML, quote it: "123456789012"',
      '6:15: hoursOfOperation[0].timeZone: unknown time zone "Mars/Base" — use an IANA name such as "America/New_York", "Europe/Paris" or "UTC"',
      '10:23: queues[0].hoursOfOperation: unknown hours of operation "Allways" (known: Always)',
      '11:17: queues[0].maxContact: unknown key "maxContact" — did you mean "maxContacts"?',
      '14:26: routingProfiles[0].concurrency.CHAT: must be an integer from 1 to 10 (got 11)',
      '16:1: wrapUpCodes: expected a list, got an empty value (null) — write [] for an empty list, or remove the key',
    ]);
  });

  it('points a missing key at the object that lacks it', () => {
    const r = parseConfigText('instance:\n  region: eu-west-1\nusers:\n  - username: x\n    securityProfiles: [A]\n');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map(formatConfigIssue)).toStrictEqual([
      '2:3: instance.alias: is required',
      '4:5: users[0].routingProfile: is required',
      '5:24: users[0].securityProfiles[0]: unknown security profile "A" (no security profiles are defined)',
    ]);
  });
});
