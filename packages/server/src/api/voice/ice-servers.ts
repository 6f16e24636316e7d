/**
 * The ICE servers a leg's browser gathers candidates with, handed over on the voice socket
 * (`{type:'config'}` → `{type:'config', iceServers}`) once the leg's token is checked, so
 * the widget and the agent desktop both get them through `@switchboard/voice` without
 * knowing. Static STUN/TURN servers go as written; a TURN server with coturn's shared
 * secret gets credentials minted per leg (the "TURN REST API": `use-auth-secret`,
 * `static-auth-secret`).
 */
import { createHmac } from 'node:crypto';
import type { VoiceConfig, VoiceIceServer } from '@switchboard/core';
import type { VoiceGrant } from './grants.js';

export interface TurnCredential {
  /** `<expiry, unix seconds>:<user>`: coturn refuses it after the expiry. */
  readonly username: string;
  /** base64(HMAC-SHA1(secret, username)). */
  readonly credential: string;
  /** The expiry, unix seconds. */
  readonly expiresAt: number;
}

/**
 * A TURN credential for `user` from coturn's static-auth-secret, valid `ttlSeconds` from
 * `nowMs`. Pure: the same inputs give the same credential.
 */
export function turnCredential(secret: string, user: string, ttlSeconds: number, nowMs: number): TurnCredential {
  const expiresAt = Math.floor(nowMs / 1000) + ttlSeconds;
  const username = `${expiresAt}:${user}`;
  const credential = createHmac('sha1', secret).update(username).digest('base64');
  return { username, credential, expiresAt };
}

/** The ICE servers of the instance file's `voice` section (the TURN secret resolved). */
export type IceServerSettings = Pick<VoiceConfig, 'iceServers' | 'turn'>;

/**
 * What each leg is handed: the static servers, then the shared-secret TURN server with a
 * credential for the leg (its id is the TURN user, so coturn's logs name the leg). A TURN
 * section without a secret is refused here: the CLI says how to give one.
 */
export function iceServersFor(settings: IceServerSettings, now: () => number): (grant: VoiceGrant) => readonly VoiceIceServer[] {
  const turn = settings.turn;
  if (turn && !turn.secret) throw new Error('voice.turn needs a secret (SWITCHBOARD_TURN_SECRET or voice.turn.secret)');
  const fixed: VoiceIceServer[] = settings.iceServers.map((s) => ({ ...s, urls: [...s.urls] }));
  return (grant) => {
    if (!turn?.secret) return fixed;
    const { username, credential } = turnCredential(turn.secret, grant.legId, turn.ttlSeconds, now());
    return [...fixed, { urls: [...turn.urls], username, credential }];
  };
}
