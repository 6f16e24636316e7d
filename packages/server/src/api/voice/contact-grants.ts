/**
 * The voice legs of contacts: a `voice` token (StartWebRTCContact's JoinToken for the
 * customer; the agent's, later, in their snapshot) opens the leg of its participant on the
 * call of its contact, while the contact has not ended. The call is the contact (its id);
 * the leg is the participant (its id). See grants.ts for the AuthorizeVoice contract.
 */
import { AccessDeniedException } from '@switchboard/core';
import type { TokenSigner } from '../../auth/tokens.js';
import type { RoutingService } from '../../routing/service.js';
import type { AuthorizeVoice } from './grants.js';

export function contactVoiceAuthorizer(deps: {
  readonly signer: TokenSigner;
  readonly routing: RoutingService;
  readonly now: () => number;
}): AuthorizeVoice {
  return async (token) => {
    const claims = token ? deps.signer.verify(token) : undefined;
    if (claims?.k !== 'voice')
      throw new AccessDeniedException(token ? 'The voice token is not valid' : 'A voice token is required');
    if (claims.e <= deps.now()) throw new AccessDeniedException('The voice token has expired');
    const live = deps.routing.served(claims.i)?.engine.contact(claims.c);
    if (!live || live.phase === 'ended' || live.phase === 'destroyed')
      throw new AccessDeniedException(`The call ${claims.c} has ended`);
    return { callId: claims.c, legId: claims.p };
  };
}
