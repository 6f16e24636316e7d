/**
 * Web voice's settings for `switchboard start`: the instance file's `voice` section with
 * the command line's flags and SWITCHBOARD_TURN_SECRET over it. Each value is checked with
 * the instance file's own schema parts, so a flag is refused in the same words as the file.
 */
import { AnnouncedAddressSchema, IcePortRangeSchema, TurnConfigSchema, type VoiceConfig } from '@switchboard/core';

export interface VoiceFlags {
  /** `--ice-ports first-last`. */
  readonly icePorts?: string | undefined;
  /** `--announced-address ip`. */
  readonly announcedAddress?: string | undefined;
  /** `--turn-url url`, repeatable. */
  readonly turnUrls?: readonly string[] | undefined;
}

export const TURN_SECRET_ENV = 'SWITCHBOARD_TURN_SECRET';

/** The first issue's message of a failed zod parse. */
const firstIssue = (r: { error: { issues: readonly { message: string }[] } }): string =>
  r.error.issues[0]?.message ?? 'is not valid';

/**
 * The voice settings to start with, or the problem in words (a usage error). `file` is the
 * instance file's (already valid) `voice` section.
 */
export function resolveVoice(
  flags: VoiceFlags,
  env: Readonly<Record<string, string | undefined>>,
  file: VoiceConfig,
): { readonly voice: VoiceConfig } | { readonly problem: string } {
  let voice: VoiceConfig = file;
  if (flags.icePorts !== undefined) {
    const m = /^\s*(\d+)\s*-\s*(\d+)\s*$/.exec(flags.icePorts);
    if (!m) return { problem: `--ice-ports must be two ports first-last, e.g. 40000-40199 (got "${flags.icePorts}")` };
    const r = IcePortRangeSchema.safeParse([Number(m[1]), Number(m[2])]);
    if (!r.success) return { problem: `--ice-ports: ${firstIssue(r)}` };
    voice = { ...voice, icePortRange: r.data };
  }
  if (flags.announcedAddress !== undefined) {
    const r = AnnouncedAddressSchema.safeParse(flags.announcedAddress);
    if (!r.success) return { problem: `--announced-address: ${firstIssue(r)}` };
    voice = { ...voice, announcedAddress: r.data };
  }
  const secret = env[TURN_SECRET_ENV];
  if (flags.turnUrls?.length || secret !== undefined) {
    const urls = flags.turnUrls?.length ? flags.turnUrls : voice.turn?.urls;
    if (!urls) {
      return {
        problem: `${TURN_SECRET_ENV} needs the TURN server's URLs: --turn-url turn:turn.example.com:3478 (or voice.turn.urls in the instance file)`,
      };
    }
    const r = TurnConfigSchema.safeParse({ ...voice.turn, urls, ...(secret !== undefined ? { secret } : {}) });
    if (!r.success) {
      const field = r.error.issues[0]?.path[0];
      const where = field === 'secret' ? TURN_SECRET_ENV : field === 'urls' ? '--turn-url' : `voice.turn.${String(field)}`;
      return { problem: `${where}: ${r.error.issues[0]?.message ?? 'is not valid'}` };
    }
    voice = { ...voice, turn: r.data };
  }
  if (voice.turn && !voice.turn.secret) {
    return {
      problem: `TURN needs coturn's shared secret (static-auth-secret): set ${TURN_SECRET_ENV} (or voice.turn.secret in the instance file)`,
    };
  }
  return { voice };
}
