/**
 * Web voice's settings on the command line: --ice-ports, --announced-address, --turn-url and
 * SWITCHBOARD_TURN_SECRET over the instance file's `voice` section; bad values are usage
 * errors in words (exit 2), a bad section in the file is listed like any other problem
 * (exit 1), and a server started with them hands a leg its TURN credential.
 */
import { createHmac } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConnectClient, ListContactFlowsCommand, StartWebRTCContactCommand } from '@aws-sdk/client-connect';
import { defaultVoiceConfig } from '@switchboard/core';
import type { RunningServer } from '@switchboard/server';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { HELP, main } from './index.js';
import { resolveVoice } from './voice.js';

const run = async (argv: string[], env: Record<string, string> = {}) => {
  const out: string[] = [];
  const err: string[] = [];
  const result = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l), env });
  return { result, out: out.join('\n'), err: err.join('\n') };
};
const tmp = () => mkdtempSync(path.join(tmpdir(), 'sb-cli-voice-'));
const SECRET = 'coturn-static-auth-secret';
const none = defaultVoiceConfig();

describe('resolveVoice: the flags over the instance file', () => {
  it('nothing given: the file as it is', () => {
    expect(resolveVoice({}, {}, none)).toStrictEqual({ voice: none });
  });

  it("flags replace the file's ports, address and TURN URLs; the secret comes from the environment; the TTL stays", () => {
    const file = {
      iceServers: [],
      icePortRange: [40_000, 40_099] as [number, number],
      turn: { urls: ['turn:old.example.com'], secret: 'file-secret-0123456789', ttlSeconds: 600 },
    };
    const r = resolveVoice(
      {
        icePorts: '50000-50199',
        announcedAddress: '198.51.100.4',
        turnUrls: ['turn:t.example.com:3478', 'turns:t.example.com:5349'],
      },
      { SWITCHBOARD_TURN_SECRET: SECRET },
      file,
    );
    expect(r).toStrictEqual({
      voice: {
        iceServers: [],
        icePortRange: [50_000, 50_199],
        announcedAddress: '198.51.100.4',
        turn: { urls: ['turn:t.example.com:3478', 'turns:t.example.com:5349'], secret: SECRET, ttlSeconds: 600 },
      },
    });
  });

  it("SWITCHBOARD_TURN_SECRET gives the file's TURN URLs their secret; a TURN URL alone gets the default TTL", () => {
    const file = { iceServers: [], turn: { urls: ['turn:t.example.com'], ttlSeconds: 600 } };
    expect(resolveVoice({}, { SWITCHBOARD_TURN_SECRET: SECRET }, file)).toStrictEqual({
      voice: { iceServers: [], turn: { urls: ['turn:t.example.com'], secret: SECRET, ttlSeconds: 600 } },
    });
    expect(resolveVoice({ turnUrls: ['turn:t.example.com'] }, { SWITCHBOARD_TURN_SECRET: SECRET }, none)).toStrictEqual({
      voice: { iceServers: [], turn: { urls: ['turn:t.example.com'], secret: SECRET, ttlSeconds: 43_200 } },
    });
  });

  it.each([
    [{ icePorts: '40000' }, {}, '--ice-ports must be two ports first-last, e.g. 40000-40199 (got "40000")'],
    [{ icePorts: '40100-40000' }, {}, '--ice-ports: the first port must not be above the last (got [40100, 40000])'],
    [{ icePorts: '80-90' }, {}, '--ice-ports: must be a port from 1024 to 65535 (got 80)'],
    [{ icePorts: '40000-70000' }, {}, '--ice-ports: must be a port from 1024 to 65535 (got 70000)'],
    [
      { announcedAddress: 'media.example.com' },
      {},
      '--announced-address: must be an IPv4 address such as "203.0.113.7" (got "media.example.com")',
    ],
    [
      { turnUrls: ['https://t.example.com'] },
      { SWITCHBOARD_TURN_SECRET: SECRET },
      '--turn-url: must be a stun:, turn: or turns: URL, e.g. "turn:turn.example.com:3478" (got "https://t.example.com")',
    ],
    [
      { turnUrls: ['turn:t.example.com'] },
      { SWITCHBOARD_TURN_SECRET: 'short' },
      "SWITCHBOARD_TURN_SECRET: must be at least 16 characters (coturn's static-auth-secret)",
    ],
    [
      { turnUrls: ['turn:t.example.com'] },
      {},
      "TURN needs coturn's shared secret (static-auth-secret): set SWITCHBOARD_TURN_SECRET (or voice.turn.secret in the instance file)",
    ],
    [
      {},
      { SWITCHBOARD_TURN_SECRET: SECRET },
      "SWITCHBOARD_TURN_SECRET needs the TURN server's URLs: --turn-url turn:turn.example.com:3478 (or voice.turn.urls in the instance file)",
    ],
  ])('%j with %j: %s', (flags, env, problem) => {
    expect(resolveVoice(flags, env, none)).toStrictEqual({ problem });
  });
});

describe('switchboard start with voice settings', () => {
  it('--help lists the voice flags and SWITCHBOARD_TURN_SECRET', async () => {
    const { out } = await run(['--help']);
    expect(out).toBe(HELP);
    for (const word of ['--ice-ports', '--announced-address', '--turn-url', 'SWITCHBOARD_TURN_SECRET'])
      expect(out).toContain(word);
  });

  it('a bad flag is a usage error in words, before anything starts (exit 2, no stack trace)', async () => {
    const { result, err } = await run(['start', '--port', '0', '--data-dir', tmp(), '--ice-ports', '50100-50000']);
    expect(result).toBe(2);
    expect(err).toBe('switchboard: --ice-ports: the first port must not be above the last (got [50100, 50000])');
  });

  it("a bad voice section in the instance file is listed with its line like the file's other problems (exit 1)", async () => {
    const dir = tmp();
    const file = path.join(dir, 'shop.yaml');
    writeFileSync(
      file,
      'instance: { alias: shop }\nvoice:\n  icePortRange: [40100, 40000]\n  announcedAddress: media.example.com\n',
    );
    const { result, err } = await run(['start', '--port', '0', '--data-dir', dir, '--config', file]);
    expect(result).toBe(1);
    expect(err).toContain(`${file}: 2 problems`);
    expect(err).toContain('voice.icePortRange: the first port must not be above the last (got [40100, 40000])');
    expect(err).toContain('voice.announcedAddress: must be an IPv4 address such as "203.0.113.7" (got "media.example.com")');
    expect(err).not.toMatch(/\n\s+at /);
  });

  it("the server started with --turn-url and SWITCHBOARD_TURN_SECRET hands a caller's leg its TURN credential", async () => {
    const { result } = await run(
      [
        'start',
        '--port',
        '0',
        '--log-level',
        'silent',
        '--data-dir',
        tmp(),
        '--ice-ports',
        '47000-47099',
        '--turn-url',
        'turn:turn.example.com:3478',
      ],
      { SWITCHBOARD_TURN_SECRET: SECRET },
    );
    const server = result as RunningServer;
    try {
      const connect = new ConnectClient({
        region: 'us-east-1',
        endpoint: server.url,
        credentials: { accessKeyId: 'SBDEMOACCESSKEY00001', secretAccessKey: 'switchboard-demo-secret-key-change-me' },
        maxAttempts: 1,
      });
      const InstanceId = server.instance.id;
      const flows = (await connect.send(new ListContactFlowsCommand({ InstanceId }))).ContactFlowSummaryList ?? [];
      const out = await connect.send(
        new StartWebRTCContactCommand({
          InstanceId,
          ContactFlowId: flows.find((f) => f.Name === 'Support inbound')?.Id,
          ParticipantDetails: { DisplayName: 'Jane Caller' },
        }),
      );
      const token = encodeURIComponent(out.ConnectionData?.Attendee?.JoinToken ?? '');
      const ws = new WebSocket(`${server.url.replace(/^http/, 'ws')}/voice/v1/ws?token=${token}`);
      const frame = await new Promise<{ type: string; iceServers: { urls: string[]; username: string; credential: string }[] }>(
        (resolve, reject) => {
          ws.once('open', () => ws.send(JSON.stringify({ type: 'config' })));
          ws.once('message', (raw) => resolve(JSON.parse(String(raw))));
          ws.once('error', reject);
        },
      );
      ws.close();
      expect(frame.type).toBe('config');
      const [turn] = frame.iceServers;
      expect(frame.iceServers).toHaveLength(1);
      expect(turn?.urls).toStrictEqual(['turn:turn.example.com:3478']);
      const [expiry, user] = (turn?.username ?? '').split(':');
      expect(user).toBe(out.ParticipantId);
      // The default TTL, 12 hours, from now.
      expect(Number(expiry) - Date.now() / 1000).toBeGreaterThan(43_200 - 60);
      expect(Number(expiry) - Date.now() / 1000).toBeLessThanOrEqual(43_200);
      expect(turn?.credential).toBe(
        createHmac('sha1', SECRET)
          .update(turn?.username ?? '')
          .digest('base64'),
      );
    } finally {
      await server.close();
    }
  });
});
