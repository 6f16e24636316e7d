/**
 * The instance file's `voice` section: the media server's network (the UDP ports ICE
 * binds, the addresses it announces), its hold music, and the ICE servers (STUN, TURN)
 * handed to browsers when their voice socket opens. The CLI's flags (--ice-ports,
 * --announced-address, --turn-url, SWITCHBOARD_TURN_SECRET) override it and are checked
 * with the same parts. The reference is docs/config.md#voice and docs/voice.md.
 */
import { z } from 'zod';
import { got } from './schema-parts.js';

/** The ports ICE may bind: unprivileged ones. */
export const ICE_PORT_MIN = 1024;
export const ICE_PORT_MAX = 65_535;
/** How long TURN credentials minted from the shared secret last when the file says nothing: 12 hours (the agent's voice token lasts as long). */
export const DEFAULT_TURN_TTL_SECONDS = 12 * 60 * 60;

const IPV4 = z.ipv4();
const IPV6 = z.ipv6();
export const isIpv4 = (s: string): boolean => IPV4.safeParse(s).success;
export const isIpAddress = (s: string): boolean => isIpv4(s) || IPV6.safeParse(s).success;

const port = z
  .int({ error: (iss) => `must be a whole port number from ${ICE_PORT_MIN} to ${ICE_PORT_MAX} (got ${String(iss.input)})` })
  .min(ICE_PORT_MIN, { error: (iss) => `must be a port from ${ICE_PORT_MIN} to ${ICE_PORT_MAX} (got ${String(iss.input)})` })
  .max(ICE_PORT_MAX, { error: (iss) => `must be a port from ${ICE_PORT_MIN} to ${ICE_PORT_MAX} (got ${String(iss.input)})` });

export const IcePortRangeSchema = z
  .tuple([port, port], {
    error: (iss) => `must be two ports [first, last], e.g. [40000, 40199] (got ${got(iss.input)})`,
  })
  .refine(([min, max]) => min <= max, {
    error: (iss) => {
      const [min, max] = iss.input as [number, number];
      return `the first port must not be above the last (got [${min}, ${max}])`;
    },
  })
  .describe(
    `The UDP ports the media server binds for ICE, [first, last] inclusive, from ${ICE_PORT_MIN} to ${ICE_PORT_MAX}; open them in the firewall. One port per call leg at a time. Default: any port the system gives.`,
  );

export const AnnouncedAddressSchema = z
  .string()
  .refine(isIpv4, {
    error: (iss) => `must be an IPv4 address such as "203.0.113.7" (got ${got(iss.input)})`,
  })
  .describe(
    "Behind a 1:1 NAT (a cloud VM's public IP): the IPv4 address browsers reach the media server at. The answer's IPv4 host candidates, loopback excepted, announce it instead of the interface's.",
  );

const hostAddress = z.string().refine(isIpAddress, {
  error: (iss) => `must be an IPv4 or IPv6 address such as "127.0.0.1" (got ${got(iss.input)})`,
});

const ICE_URL = /^(stun|stuns|turn|turns):[^\s]+$/;
const iceUrl = z.string().regex(ICE_URL, {
  error: (iss) => `must be a stun:, turn: or turns: URL, e.g. "turn:turn.example.com:3478" (got ${got(iss.input)})`,
});
const iceUrls = z.array(iceUrl).min(1, { error: 'must list at least one URL' });
const isTurnUrl = (u: string) => u.startsWith('turn:') || u.startsWith('turns:');

export const IceServerConfigSchema = z
  .strictObject({
    urls: iceUrls.describe('The server\'s URLs, e.g. ["stun:stun.example.com:3478"] or ["turn:turn.example.com:3478"].'),
    username: z.string().min(1).max(512).optional().describe('For turn: URLs, the static username.'),
    credential: z.string().min(1).max(512).optional().describe('For turn: URLs, the static password.'),
  })
  .refine((s) => !s.urls.some(isTurnUrl) || (s.username !== undefined && s.credential !== undefined), {
    error: 'a turn: or turns: server needs a username and a credential (or use voice.turn for a shared secret)',
  })
  .describe('An ICE server given to browsers as it is written (RTCIceServer).');

export const TurnConfigSchema = z
  .strictObject({
    urls: iceUrls
      .refine((us) => us.every(isTurnUrl), { error: 'must all be turn: or turns: URLs' })
      .describe('The TURN server\'s URLs, e.g. ["turn:turn.example.com:3478", "turns:turn.example.com:5349"].'),
    secret: z
      .string()
      .min(16, { error: "must be at least 16 characters (coturn's static-auth-secret)" })
      .max(512)
      .regex(/^\S+$/, { error: 'must not contain whitespace' })
      .optional()
      .describe(
        "coturn's static-auth-secret (use-auth-secret). Better kept out of the file: SWITCHBOARD_TURN_SECRET sets it and wins over this.",
      ),
    ttlSeconds: z
      .int()
      .min(60, { error: (iss) => `must be from 60 to 604800 seconds (got ${String(iss.input)})` })
      .max(604_800, { error: (iss) => `must be from 60 to 604800 seconds (got ${String(iss.input)})` })
      .default(DEFAULT_TURN_TTL_SECONDS)
      .describe(
        'How long each minted credential lasts, in seconds (60..604800); a call longer than this loses its relay. Default 43200 (12 hours).',
      ),
  })
  .describe(
    'A TURN server using the "TURN REST API" shared secret (coturn: use-auth-secret, static-auth-secret): each leg gets a username "<expiry>:<leg id>" and the credential base64(HMAC-SHA1(secret, username)) when its voice socket opens.',
  );

export const VoiceConfigSchema = z
  .strictObject({
    icePortRange: IcePortRangeSchema.optional(),
    announcedAddress: AnnouncedAddressSchema.optional(),
    hostAddresses: z
      .array(hostAddress)
      .max(16)
      .optional()
      .describe(
        'Extra host candidates besides the interfaces\' own; werift leaves out loopback, so "127.0.0.1" adds it (browsers on the same machine).',
      ),
    holdMusicFile: z
      .string()
      .min(1, { error: 'must not be empty' })
      .optional()
      .describe('The hold music: Opus in WebM or MP4, two channels (a path on the server). Default: the built-in tone.'),
    iceServers: z
      .array(IceServerConfigSchema)
      .max(8)
      .default([])
      .describe('STUN or TURN servers with static credentials, handed to browsers as they are.'),
    turn: TurnConfigSchema.optional(),
  })
  .describe(
    "Web voice: the media server's ports and addresses, the hold music, and the ICE servers browsers use (docs/voice.md).",
  );

export type VoiceConfig = z.output<typeof VoiceConfigSchema>;

/** The settings of a file without a `voice` section: any port, the interfaces' addresses, no ICE servers. */
export const defaultVoiceConfig = (): VoiceConfig => VoiceConfigSchema.parse({});
export type IceServerConfig = VoiceConfig['iceServers'][number];
export type TurnConfig = NonNullable<VoiceConfig['turn']>;
