/** The instance file's `voice` section: good values pass through, bad ones are refused in words. */
import { describe, expect, it } from 'vitest';
import { formatConfigIssue } from './issues.js';
import { validateConfig } from './validate.js';
import { defaultVoiceConfig } from './voice-schema.js';

const withVoice = (voice: unknown) => validateConfig({ instance: { alias: 'v' }, voice });

/** Every issue's line as `switchboard config validate` prints it. */
const problems = (voice: unknown): string[] => {
  const r = withVoice(voice);
  if (r.ok) throw new Error('expected the voice section to be refused');
  return r.issues.map(formatConfigIssue);
};

describe('the voice section', () => {
  it('is optional; an empty one means no ports, no addresses, no ICE servers (defaultVoiceConfig)', () => {
    const r = validateConfig({ instance: { alias: 'v' } });
    expect(r.ok && r.config.voice).toBeUndefined();
    const empty = withVoice({});
    expect(empty.ok && empty.config.voice).toStrictEqual({ iceServers: [] });
    expect(defaultVoiceConfig()).toStrictEqual({ iceServers: [] });
  });

  it('takes ports, addresses, the hold music, static ICE servers and a TURN shared secret (TTL defaulting to 12 h)', () => {
    const voice = {
      icePortRange: [40_000, 40_199],
      announcedAddress: '203.0.113.7',
      hostAddresses: ['127.0.0.1', '::1'],
      holdMusicFile: '/srv/music.webm',
      iceServers: [
        { urls: ['stun:stun.example.com:3478'] },
        { urls: ['turn:relay.example.com:3478?transport=tcp'], username: 'u', credential: 'p' },
      ],
      turn: { urls: ['turn:turn.example.com:3478', 'turns:turn.example.com:5349'], secret: 'a-long-shared-secret' },
    };
    const r = withVoice(voice);
    expect(r.ok && r.config.voice).toStrictEqual({ ...voice, turn: { ...voice.turn, ttlSeconds: 43_200 } });
  });

  it('a single port is a range of one', () => {
    expect(withVoice({ icePortRange: [50_000, 50_000] }).ok).toBe(true);
  });

  it.each([
    [[40_100, 40_000], 'voice.icePortRange: the first port must not be above the last (got [40100, 40000])'],
    [[80, 40_000], 'voice.icePortRange[0]: must be a port from 1024 to 65535 (got 80)'],
    [[40_000, 70_000], 'voice.icePortRange[1]: must be a port from 1024 to 65535 (got 70000)'],
    [[40_000.5, 40_010], 'voice.icePortRange[0]: must be a whole port number from 1024 to 65535 (got 40000.5)'],
    ['40000-40100', 'voice.icePortRange: must be two ports [first, last], e.g. [40000, 40199] (got "40000-40100")'],
  ])('a bad port range %j: %s', (icePortRange, message) => {
    expect(problems({ icePortRange })).toContain(message);
  });

  it('addresses must be IP addresses: announced IPv4, host IPv4 or IPv6', () => {
    expect(problems({ announcedAddress: 'media.example.com' })).toStrictEqual([
      'voice.announcedAddress: must be an IPv4 address such as "203.0.113.7" (got "media.example.com")',
    ]);
    expect(problems({ announcedAddress: '203.0.113.300' })[0]).toContain('must be an IPv4 address');
    expect(problems({ hostAddresses: ['127.0.0.1', 'localhost'] })).toStrictEqual([
      'voice.hostAddresses[1]: must be an IPv4 or IPv6 address such as "127.0.0.1" (got "localhost")',
    ]);
  });

  it('ICE servers: stun/turn URLs only; a static TURN server needs its username and credential', () => {
    expect(problems({ iceServers: [{ urls: ['https://turn.example.com'] }] })).toStrictEqual([
      'voice.iceServers[0].urls[0]: must be a stun:, turn: or turns: URL, e.g. "turn:turn.example.com:3478" (got "https://turn.example.com")',
    ]);
    expect(problems({ iceServers: [{ urls: ['turn:turn.example.com'] }] })).toStrictEqual([
      'voice.iceServers[0]: a turn: or turns: server needs a username and a credential (or use voice.turn for a shared secret)',
    ]);
    expect(problems({ iceServers: [{ urls: [] }] })).toStrictEqual(['voice.iceServers[0].urls: must list at least one URL']);
  });

  it('turn: TURN URLs, a secret of 16 characters or more, a TTL from a minute to a week', () => {
    const turn = { urls: ['turn:turn.example.com:3478'], secret: 'a-long-shared-secret' };
    expect(problems({ turn: { ...turn, urls: ['stun:turn.example.com'] } })).toStrictEqual([
      'voice.turn.urls: must all be turn: or turns: URLs',
    ]);
    expect(problems({ turn: { ...turn, secret: 'short' } })).toStrictEqual([
      "voice.turn.secret: must be at least 16 characters (coturn's static-auth-secret)",
    ]);
    expect(problems({ turn: { ...turn, ttlSeconds: 10 } })).toStrictEqual([
      'voice.turn.ttlSeconds: must be from 60 to 604800 seconds (got 10)',
    ]);
    // The secret may come from SWITCHBOARD_TURN_SECRET instead (the CLI checks that one is given).
    expect(withVoice({ turn: { urls: turn.urls } }).ok).toBe(true);
  });

  it('unknown keys are refused with a suggestion', () => {
    expect(problems({ icePortRanges: [40_000, 40_100] })[0]).toContain('icePortRange');
  });
});
