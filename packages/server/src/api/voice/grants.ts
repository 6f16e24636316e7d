/**
 * Who may open a voice leg. The signalling socket asks an `AuthorizeVoice` function about
 * the token it was given; the grant says which leg of which call the token opens.
 *
 * The app's default check is a contact's voice token (contact-grants.ts: the contact is
 * the call, the participant the leg). `MediaGrants` here are random bearer tokens minted
 * in this process, for tests and internal callers that drive the media without contacts.
 */
import { randomBytes } from 'node:crypto';
import { AccessDeniedException } from '@switchboard/core';

/** One leg of one call. */
export interface VoiceGrant {
  readonly callId: string;
  readonly legId: string;
  /** A contact's call: its instance (the call controller finds the contact by it). */
  readonly instanceId?: string;
}

/** Resolves a socket's token to its grant; rejects with AccessDeniedException otherwise. */
export type AuthorizeVoice = (token: string | undefined) => Promise<VoiceGrant>;

/** In-memory voice tokens. */
export class MediaGrants {
  private readonly grants = new Map<string, VoiceGrant>();

  /** A new token for `grant` (32 random bytes, base64url). */
  mint(grant: VoiceGrant): string {
    const token = randomBytes(32).toString('base64url');
    this.grants.set(token, { callId: grant.callId, legId: grant.legId });
    return token;
  }

  revoke(token: string): void {
    this.grants.delete(token);
  }

  readonly authorize: AuthorizeVoice = async (token) => {
    const grant = token === undefined ? undefined : this.grants.get(token);
    if (!grant) throw new AccessDeniedException(token ? 'The voice token is not valid' : 'A voice token is required');
    return grant;
  };
}
