/**
 * The voice legs of contacts: a `voice` token (StartWebRTCContact's JoinToken for the
 * customer; the agent's `softphoneMediaInfo.callContextToken` in their snapshot) opens the
 * leg of its participant on the call of its contact, while the contact has not ended — the
 * agent's only while their offer rings or the call is connected (not once missed, rejected
 * or in after-contact work). The call is the contact it began on (its id; a consulted
 * agent's contact joins that call); the leg is the participant (the customer's participant
 * id, the agent's connection id). See grants.ts for the
 * AuthorizeVoice contract.
 */
import { AccessDeniedException } from '@switchboard/core';
import type { TokenSigner } from '../../auth/tokens.js';
import type { RoutingService } from '../../routing/service.js';
import { callOf, holderOf } from '../../voice/call-doc.js';
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
    const ir = deps.routing.served(claims.i);
    const live = ir?.engine.contact(claims.c);
    if (!ir || !live || live.phase === 'ended' || live.phase === 'destroyed')
      throw new AccessDeniedException(`The call ${claims.c} has ended`);
    // The customer's leg, or the agent's while their offer rings or the call is connected.
    const customer = ir.docs.get(claims.c)?.customer?.participantId;
    if (claims.p !== customer) {
      const agent = live.agentId !== undefined ? ir.engine.agent(live.agentId) : undefined;
      const own = agent?.assignments.find((x) => x.contactId === claims.c && x.connectionId === claims.p);
      if (!own || (own.state !== 'connecting' && own.state !== 'connected'))
        throw new AccessDeniedException(`The connection ${claims.p} is not on the call ${claims.c}`);
    }
    // The media call: the contact the call began on (a consult contact joins the consulting
    // agent's call; a transferred call keeps its first id).
    const doc = ir.docs.get(claims.c);
    const callId = doc ? callOf(holderOf(ir, doc)).callId : claims.c;
    return { callId, legId: claims.p, instanceId: claims.i };
  };
}
