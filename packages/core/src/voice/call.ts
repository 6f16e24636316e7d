/**
 * A voice contact's call (issue 23): who is on it and with what flags, as the contact's
 * document keeps it, and how each thing that happens to the contact changes it. Pure: the
 * server's call controller (packages/server/src/voice/) runs the effects (the media
 * server's `applyRoutes`, `closeLeg`, `endCall`; ending the contact; recording a digit).
 *
 * The call is the contact; its legs are the customer's participant and, once the agent has
 * accepted, the agent's connection. The parties `audioRoutes` (bridge.ts) hears by are
 * derived from this state (`callParties`), never stored apart from it.
 */
import { InvalidParameterException, InvalidStateException } from '../errors.js';
import type { Millis } from '../routing/types.js';
import type { Party } from './bridge.js';
import type { VoiceCallProgress } from './signalling.js';

/** Digits of the customer's DTMF a call keeps (the newest). */
export const MAX_CALL_DIGITS = 32;

/** RFC 4733 events 0–15 as keys. */
const DIGIT = /^[0-9*#A-D]$/;

export interface VoiceCallState {
  /** The customer's leg: their participant id. */
  readonly customer: {
    readonly legId: string;
    /** On hold: hears the hold music, heard by nobody. */
    readonly held: boolean;
    /** When the current hold began (set while held). */
    readonly heldSince?: Millis;
    /** Heard by nobody (server side). */
    readonly muted: boolean;
  };
  /** The agent's leg (their connection id), from the moment they accepted. */
  readonly agent?: { readonly legId: string; readonly muted: boolean };
  /** The customer's DTMF digits, oldest first: the newest MAX_CALL_DIGITS. */
  readonly digits: string;
  /** The contact ended: every leg is closed and nothing changes any more. */
  readonly ended: boolean;
}

export type VoiceCallEvent =
  /** The agent accepted: their connection joins the call, active and unmuted; the customer is taken off hold. */
  | { readonly type: 'agent_connected'; readonly connectionId: string }
  /** An offer the agent did not take (missed, rejected): the leg they may have opened while it rang is closed. */
  | { readonly type: 'offer_withdrawn'; readonly connectionId: string }
  /** Streams' holdConnection / resumeConnection: only the customer's connection is held. */
  | { readonly type: 'hold'; readonly legId: string; readonly at: Millis }
  | { readonly type: 'resume'; readonly legId: string }
  /** Streams' muteParticipant / unmuteParticipant: a server-side mute of that leg. */
  | { readonly type: 'mute'; readonly legId: string }
  | { readonly type: 'unmute'; readonly legId: string }
  /** A DTMF digit a leg sent; only the customer's count. */
  | { readonly type: 'digit'; readonly legId: string; readonly digit: string }
  /** A leg is gone (hung up, the socket closed, ICE failed). */
  | { readonly type: 'leg_closed'; readonly legId: string }
  /** The contact ended, for any reason (the customer, the agent, StopContact, a transfer). */
  | { readonly type: 'ended' };

export interface VoiceCallEffects {
  /** The parties changed: apply their routes (`media.applyRoutes(contactId, parties)`). */
  readonly parties?: readonly Party[];
  /** Legs to hang up. */
  readonly closeLegs?: readonly string[];
  /** End every leg of the call (`media.endCall(contactId)`). */
  readonly endCall?: true;
  /** The customer hung up: the contact ends with this reason. */
  readonly endContact?: 'CUSTOMER_DISCONNECT';
  /** A digit the customer pressed, to record (`voice.dtmf`). */
  readonly digit?: string;
}

export interface VoiceCallStep {
  readonly state: VoiceCallState;
  readonly effects: VoiceCallEffects;
}

/** A new call: the customer alone, not held, not muted. */
export function newVoiceCall(customerLegId: string): VoiceCallState {
  return { customer: { legId: customerLegId, held: false, muted: false }, digits: '', ended: false };
}

/** The parties `audioRoutes` hears by: the customer, and the agent once connected. None once ended. */
export function callParties(s: VoiceCallState): readonly Party[] {
  if (s.ended) return [];
  const customer: Party = {
    id: s.customer.legId,
    role: 'customer',
    state: s.customer.held ? 'held' : 'active',
    muted: s.customer.muted,
  };
  return s.agent ? [customer, { id: s.agent.legId, role: 'agent', state: 'active', muted: s.agent.muted }] : [customer];
}

const unchanged = (state: VoiceCallState): VoiceCallStep => ({ state, effects: {} });
const routed = (state: VoiceCallState): VoiceCallStep => ({ state, effects: { parties: callParties(state) } });

/**
 * The call after `event`. Hold, resume, mute and unmute need a connected call and a leg on
 * it (InvalidStateException, InvalidParameterException otherwise); doing what is already
 * done changes nothing and has no effects (a second click is harmless). Nothing changes a
 * call that ended except that leg events are ignored.
 */
export function voiceCallStep(s: VoiceCallState, event: VoiceCallEvent): VoiceCallStep {
  switch (event.type) {
    case 'agent_connected': {
      if (s.ended) return unchanged(s);
      const { heldSince: _h, ...customer } = s.customer;
      return routed({ ...s, customer: { ...customer, held: false }, agent: { legId: event.connectionId, muted: false } });
    }
    case 'offer_withdrawn':
      if (s.agent?.legId === event.connectionId) return unchanged(s);
      return { state: s, effects: { closeLegs: [event.connectionId] } };
    case 'hold':
    case 'resume': {
      requireConnected(s);
      if (event.legId !== s.customer.legId)
        throw new InvalidParameterException(
          `Connection ${event.legId} cannot be ${event.type === 'hold' ? 'held' : 'resumed'}: only the customer's connection is held on a call`,
        );
      const held = event.type === 'hold';
      if (s.customer.held === held) return unchanged(s);
      const { heldSince: _h, ...customer } = s.customer;
      return routed({
        ...s,
        customer: event.type === 'hold' ? { ...customer, held: true, heldSince: event.at } : { ...customer, held: false },
      });
    }
    case 'mute':
    case 'unmute': {
      const agent = requireConnected(s);
      const muted = event.type === 'mute';
      if (event.legId === s.customer.legId) {
        if (s.customer.muted === muted) return unchanged(s);
        return routed({ ...s, customer: { ...s.customer, muted } });
      }
      if (event.legId !== agent.legId) throw new InvalidParameterException(`Connection ${event.legId} is not on the call`);
      if (agent.muted === muted) return unchanged(s);
      return routed({ ...s, agent: { ...agent, muted } });
    }
    case 'digit':
      if (s.ended || event.legId !== s.customer.legId || !DIGIT.test(event.digit)) return unchanged(s);
      return { state: { ...s, digits: (s.digits + event.digit).slice(-MAX_CALL_DIGITS) }, effects: { digit: event.digit } };
    case 'leg_closed':
      // The customer hanging up ends the contact; the agent's leg may come back (a reload).
      if (s.ended || event.legId !== s.customer.legId) return unchanged(s);
      return { state: s, effects: { endContact: 'CUSTOMER_DISCONNECT' } };
    case 'ended':
      if (s.ended) return unchanged(s);
      return { state: { ...s, ended: true }, effects: { endCall: true } };
  }
}

function requireConnected(s: VoiceCallState): NonNullable<VoiceCallState['agent']> {
  if (s.ended) throw new InvalidStateException('The call has ended');
  if (!s.agent) throw new InvalidStateException('The call is not connected yet: accept it first');
  return s.agent;
}

/** Where the call stands for the customer (the `progress` frame); undefined once it ended. */
export function callProgress(call: VoiceCallState): VoiceCallProgress | undefined {
  if (call.ended) return undefined;
  if (!call.agent) return 'waiting';
  return call.customer.held ? 'held' : 'connected';
}
