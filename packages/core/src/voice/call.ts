/**
 * A voice contact's call (issue 23): who is on it and with what flags, as the contact's
 * document keeps it, and how each thing that happens to the contact changes it. Pure: the
 * server's call controller (packages/server/src/voice/) runs the effects (the media
 * server's `applyRoutes`, `closeLeg`, `endCall`; ending contacts; recording a digit).
 *
 * The call belongs to the contact that holds the customer. Its legs are the customer's
 * participant, the agent's connection once they accepted, and a **third party** while the
 * agent consults: another agent reached through a quick connect (an agent or a queue),
 * who comes on their own contact (`third.contactId`) and joins the same media call once
 * they accept. Hold, swap and conference are flags of the customer and the third party;
 * when the agent leaves a call that has a third party, the call **moves** to the third
 * party's contact (a warm transfer: `move`), and a cold transfer moves it to the new
 * contact with nobody yet (the customer hears the hold music while it is queued). A moved
 * call keeps its media call id (`callId`, the contact that started it), so no browser
 * reconnects.
 *
 * **Supervisors** (MonitorContact) join the call from their own monitoring contact
 * (`monitors`): a silent monitor hears every active party and nobody hears them; a barging
 * one is heard by all. A barging supervisor may mute the agent: a **forced mute**
 * (`agent.forcedMute`) the agent cannot undo, lifted by the supervisor, or when no
 * supervisor barges any more. Monitors end with the call, and when it moves (a transfer):
 * they watched an agent who is no longer on it.
 *
 * The parties `audioRoutes` (bridge.ts) hears by are derived from this state
 * (`callParties`), never stored apart from it.
 */
import { AccessDeniedException, InvalidParameterException, InvalidStateException } from '../errors.js';
import type { Millis } from '../routing/types.js';
import type { Party } from './bridge.js';
import type { VoiceCallProgress } from './signalling.js';

/** Digits of the customer's DTMF a call keeps (the newest). */
export const MAX_CALL_DIGITS = 32;

/** RFC 4733 events 0–15 as keys. */
const DIGIT = /^[0-9*#A-D]$/;

/** Who a consult called (Streams' endpoint of the outbound connection). */
export interface VoiceEndpoint {
  readonly type: 'agent' | 'queue';
  readonly name: string;
  /** The quick connect's target ARN (the user or the queue). */
  readonly arn: string;
}

/** A consulted party: on the call from their own contact, once they accept. */
export interface VoiceThirdParty {
  /** Their connection on the consulting contact (Streams' outbound connection id). */
  readonly connectionId: string;
  /** Their own contact (a consult contact queued for them). */
  readonly contactId: string;
  readonly endpoint: VoiceEndpoint;
  /** When the consult began (the connection's timestamp until they accept). */
  readonly since: Millis;
  /** Their leg (the consulted agent's connection id), from the moment they accepted. */
  readonly legId?: string;
  readonly connectedAt?: Millis;
  readonly held: boolean;
  readonly heldSince?: Millis;
  readonly muted: boolean;
}

/** Connect's MonitorCapability: what a supervisor does on a call (Streams' MonitoringMode). */
export type MonitorMode = 'SILENT_MONITOR' | 'BARGE';

/** A supervisor on the call (MonitorContact), from their own monitoring contact. */
export interface VoiceMonitor {
  /** Their monitoring contact (MonitorContact's answer). */
  readonly contactId: string;
  /** Their leg: their connection on the monitoring contact. */
  readonly legId: string;
  readonly userId: string;
  readonly mode: MonitorMode;
  /** What they may do (MonitorContact's AllowedMonitorCapabilities; SILENT_MONITOR always). */
  readonly capabilities: readonly MonitorMode[];
  /** When they joined, and when the current mode began. */
  readonly since: Millis;
  readonly modeSince: Millis;
  /** Their own mute (heard by nobody while barging). */
  readonly muted: boolean;
}

export interface VoiceCallState {
  /** The media call: the contact the call began on (it keeps this id when the call moves). */
  readonly callId: string;
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
  /**
   * The agent's leg (their connection id), from the moment they accepted. `forcedMute`: a
   * barging supervisor muted them (heard by nobody; only the supervisor unmutes them).
   */
  readonly agent?: { readonly legId: string; readonly muted: boolean; readonly forcedMute?: true };
  /** A consult in progress (or a conference). */
  readonly third?: VoiceThirdParty;
  /** Supervisors monitoring the call (absent: none). */
  readonly monitors?: readonly VoiceMonitor[];
  /** The customer's DTMF digits, oldest first: the newest MAX_CALL_DIGITS. */
  readonly digits: string;
  /** The contact ended: nothing changes any more (every leg closed, or the call moved on). */
  readonly ended: boolean;
  /** The call continues on this contact (a transfer); set with `ended`. */
  readonly movedTo?: string;
}

export type VoiceCallEvent =
  /** The agent accepted: their connection joins the call, active and unmuted; the customer is taken off hold. */
  | { readonly type: 'agent_connected'; readonly connectionId: string }
  /** An offer not taken (missed, rejected; the agent's or a consulted one's): the leg opened while it rang is closed. */
  | { readonly type: 'offer_withdrawn'; readonly connectionId: string }
  /**
   * Streams' holdConnection / resumeConnection, on the customer's connection or the third
   * party's (`legId` is the connection id on this contact).
   */
  | { readonly type: 'hold'; readonly legId: string; readonly at: Millis }
  | { readonly type: 'resume'; readonly legId: string }
  /**
   * Streams' muteParticipant / unmuteParticipant: a server-side mute of that leg. `by`: a
   * supervisor's monitoring contact (their own leg, or, while they barge, another's: the
   * agent's is a forced mute).
   */
  | { readonly type: 'mute'; readonly legId: string; readonly by?: string }
  | { readonly type: 'unmute'; readonly legId: string; readonly by?: string }
  /** MonitorContact: a supervisor joins the connected call from their monitoring contact. */
  | {
      readonly type: 'monitor';
      readonly monitor: Pick<VoiceMonitor, 'contactId' | 'legId' | 'userId' | 'mode' | 'capabilities'>;
      readonly at: Millis;
    }
  /** Streams' updateMonitorParticipantState on the monitoring contact: silent monitor ⇄ barge. */
  | { readonly type: 'monitor_mode'; readonly contactId: string; readonly mode: MonitorMode; readonly at: Millis }
  /** The monitoring contact ended (the supervisor hung up): they leave the call. */
  | { readonly type: 'monitor_left'; readonly contactId: string }
  /** Streams' createAdditionalConnection: the customer is held and `third` is called on their own contact. */
  | {
      readonly type: 'consult';
      readonly third: Pick<VoiceThirdParty, 'connectionId' | 'contactId' | 'endpoint'>;
      readonly at: Millis;
    }
  /** The consulted agent accepted their contact: their leg joins, active. */
  | { readonly type: 'third_connected'; readonly contactId: string; readonly legId: string; readonly at: Millis }
  /** The consult contact ended (the consulted agent hung up, or was hung up on): they leave the call. */
  | { readonly type: 'third_ended'; readonly contactId: string }
  /** Streams' toggleActiveConnections: the held one of the customer and the third party is resumed, the other held. */
  | { readonly type: 'swap'; readonly at: Millis }
  /** Streams' conferenceConnections: the customer and the third party are both resumed. */
  | { readonly type: 'conference' }
  /** A DTMF digit a leg sent; only the customer's count. */
  | { readonly type: 'digit'; readonly legId: string; readonly digit: string }
  /**
   * A leg is gone: hung up (`hungUp`: the browser's hangup frame), or lost (its socket
   * closed, ICE failed: a reload, a new network; the browser may rejoin).
   */
  | { readonly type: 'leg_closed'; readonly legId: string; readonly hungUp: boolean }
  /**
   * The contact ended. The agent leaving a call with a third party moves it to the third
   * party's contact; anything else (the customer, StopContact, a flow) ends the call.
   */
  | { readonly type: 'ended'; readonly agentLeft?: boolean }
  /** A cold transfer: the contact ended for the agent, the call moves to `contactId` (queued, nobody on it yet). */
  | { readonly type: 'transferred'; readonly contactId: string };

export interface VoiceCallEffects {
  /** The parties changed: apply their routes (`media.applyRoutes(callId, parties)`). */
  readonly parties?: readonly Party[];
  /** Legs to hang up. */
  readonly closeLegs?: readonly string[];
  /** End every leg of the call (`media.endCall(callId)`). */
  readonly endCall?: true;
  /** The customer hung up: the contact ends with this reason. */
  readonly endContact?: 'CUSTOMER_DISCONNECT';
  /**
   * The customer's leg was lost, not hung up: the contact ends (CUSTOMER_DISCONNECT) after
   * a grace period unless the customer's leg opens again first (a reload, a new network).
   */
  readonly awaitRejoin?: true;
  /** Other contacts to end with the call (a consult contact when the customer hangs up). */
  readonly endContacts?: readonly string[];
  /** The call now belongs to this contact, in this state (the contact's document takes it). */
  readonly move?: { readonly contactId: string; readonly call: VoiceCallState };
  /** A digit the customer pressed, to record (`voice.dtmf`). */
  readonly digit?: string;
}

export interface VoiceCallStep {
  readonly state: VoiceCallState;
  readonly effects: VoiceCallEffects;
}

/** A new call: the customer alone, not held, not muted. */
export function newVoiceCall(customerLegId: string, callId: string): VoiceCallState {
  return { callId, customer: { legId: customerLegId, held: false, muted: false }, digits: '', ended: false };
}

/**
 * The parties `audioRoutes` hears by. The customer hears the hold music while held and
 * while no agent is on the call yet (queued); the third party once they accepted. None once
 * ended.
 */
export function callParties(s: VoiceCallState): readonly Party[] {
  if (s.ended) return [];
  const parties: Party[] = [
    {
      id: s.customer.legId,
      role: 'customer',
      state: s.customer.held || (!s.agent && !s.third?.legId) ? 'held' : 'active',
      muted: s.customer.muted,
    },
  ];
  if (s.agent)
    parties.push({ id: s.agent.legId, role: 'agent', state: 'active', muted: s.agent.muted || s.agent.forcedMute === true });
  const t = s.third;
  if (t?.legId !== undefined) parties.push({ id: t.legId, role: 'agent', state: t.held ? 'held' : 'active', muted: t.muted });
  for (const m of s.monitors ?? [])
    parties.push({ id: m.legId, role: 'supervisor', state: m.mode === 'BARGE' ? 'barge' : 'monitor', muted: m.muted });
  return parties;
}

const unchanged = (state: VoiceCallState): VoiceCallStep => ({ state, effects: {} });
const routed = (state: VoiceCallState): VoiceCallStep => ({ state, effects: { parties: callParties(state) } });

const held = <T extends { held: boolean; heldSince?: Millis }>(x: T, on: boolean, at: Millis): T => {
  if (x.held === on) return x;
  const { heldSince: _h, ...rest } = x;
  return (on ? { ...rest, held: true, heldSince: at } : { ...rest, held: false }) as T;
};

/**
 * The call after `event`. Commands (hold, resume, mute, unmute, consult, swap, conference)
 * need a connected call and a leg on it (InvalidStateException, InvalidParameterException
 * otherwise); doing what is already done changes nothing and has no effects (a second
 * click is harmless). Nothing changes a call that ended except that leg events are ignored.
 */
export function voiceCallStep(s: VoiceCallState, event: VoiceCallEvent): VoiceCallStep {
  switch (event.type) {
    case 'agent_connected': {
      if (s.ended) return unchanged(s);
      return routed({ ...s, customer: held(s.customer, false, 0), agent: { legId: event.connectionId, muted: false } });
    }
    case 'offer_withdrawn':
      if (s.agent?.legId === event.connectionId || s.third?.legId === event.connectionId) return unchanged(s);
      return { state: s, effects: { closeLegs: [event.connectionId] } };
    case 'hold':
    case 'resume': {
      requireConnected(s);
      const on = event.type === 'hold';
      const at = event.type === 'hold' ? event.at : 0;
      if (event.legId === s.customer.legId) {
        if (s.customer.held === on) return unchanged(s);
        return routed({ ...s, customer: held(s.customer, on, at) });
      }
      const t = s.third;
      if (t && event.legId === t.connectionId) {
        if (t.legId === undefined) throw new InvalidStateException(`${t.endpoint.name} has not answered yet`);
        if (t.held === on) return unchanged(s);
        return routed({ ...s, third: held(t, on, at) });
      }
      throw new InvalidParameterException(
        `Connection ${event.legId} cannot be ${on ? 'held' : 'resumed'}: only the customer's or a consulted party's connection is held on a call`,
      );
    }
    case 'mute':
    case 'unmute': {
      const agent = requireConnected(s);
      const muted = event.type === 'mute';
      if (event.by !== undefined) return supervisorMute(s, agent, event.by, event.legId, muted);
      if (event.legId === s.customer.legId) {
        if (s.customer.muted === muted) return unchanged(s);
        return routed({ ...s, customer: { ...s.customer, muted } });
      }
      const t = s.third;
      if (t && (event.legId === t.connectionId || event.legId === t.legId)) {
        if (t.muted === muted) return unchanged(s);
        return routed({ ...s, third: { ...t, muted } });
      }
      if (event.legId !== agent.legId) throw new InvalidParameterException(`Connection ${event.legId} is not on the call`);
      if (!muted && agent.forcedMute) throw new InvalidStateException('A supervisor muted you: only they can unmute you');
      if (agent.muted === muted) return unchanged(s);
      return routed({ ...s, agent: { ...agent, muted } });
    }
    case 'monitor': {
      requireConnected(s);
      const m = event.monitor;
      if (s.monitors?.some((x) => x.userId === m.userId || x.contactId === m.contactId))
        throw new InvalidStateException('This user is already monitoring the call');
      if (!m.capabilities.includes(m.mode)) throw new AccessDeniedException(`${m.mode} is not allowed for this user`);
      const monitor: VoiceMonitor = { ...m, since: event.at, modeSince: event.at, muted: false };
      return routed({ ...s, monitors: [...(s.monitors ?? []), monitor] });
    }
    case 'monitor_mode': {
      if (s.ended) throw new InvalidStateException('The call has ended');
      const m = s.monitors?.find((x) => x.contactId === event.contactId);
      if (!m) throw new InvalidStateException('You are not monitoring this call');
      if (m.mode === event.mode) return unchanged(s);
      if (!m.capabilities.includes(event.mode))
        throw new AccessDeniedException(
          event.mode === 'BARGE'
            ? 'Barge is not allowed: MonitorContact allowed silent monitoring only'
            : `${event.mode} is not allowed`,
        );
      const monitors = (s.monitors ?? []).map((x) => (x === m ? { ...x, mode: event.mode, modeSince: event.at } : x));
      return routed(liftForcedMute({ ...s, monitors }));
    }
    case 'monitor_left': {
      const m = s.monitors?.find((x) => x.contactId === event.contactId);
      if (s.ended || !m) return unchanged(s);
      const rest = (s.monitors ?? []).filter((x) => x !== m);
      const { monitors: _m, ...without } = s;
      const next = routed(liftForcedMute(rest.length > 0 ? { ...without, monitors: rest } : without));
      return { state: next.state, effects: { ...next.effects, closeLegs: [m.legId] } };
    }
    case 'consult': {
      requireConnected(s);
      if (s.third)
        throw new InvalidStateException(
          `${s.third.endpoint.name} is already on the call: hang up on them (or leave the conference) before calling someone else`,
        );
      return routed({
        ...s,
        customer: held(s.customer, true, event.at),
        third: { ...event.third, since: event.at, held: false, muted: false },
      });
    }
    case 'third_connected': {
      const t = s.third;
      if (s.ended || t?.contactId !== event.contactId || t.legId !== undefined) return unchanged(s);
      return routed({ ...s, third: { ...t, legId: event.legId, connectedAt: event.at } });
    }
    case 'third_ended': {
      const t = s.third;
      if (s.ended || t?.contactId !== event.contactId) return unchanged(s);
      const { third: _t, ...rest } = s;
      const next = routed(rest);
      return t.legId !== undefined ? { state: next.state, effects: { ...next.effects, closeLegs: [t.legId] } } : next;
    }
    case 'swap': {
      const t = requireThird(s);
      if (s.customer.held === t.held)
        throw new InvalidStateException(
          s.customer.held ? 'Both connections are on hold: resume one first' : 'Nobody is on hold: this is a conference',
        );
      return routed({ ...s, customer: held(s.customer, !s.customer.held, event.at), third: held(t, !t.held, event.at) });
    }
    case 'conference': {
      const t = requireThird(s);
      if (!s.customer.held && !t.held) return unchanged(s);
      return routed({ ...s, customer: held(s.customer, false, 0), third: held(t, false, 0) });
    }
    case 'digit':
      if (s.ended || event.legId !== s.customer.legId || !DIGIT.test(event.digit)) return unchanged(s);
      return { state: { ...s, digits: (s.digits + event.digit).slice(-MAX_CALL_DIGITS) }, effects: { digit: event.digit } };
    case 'leg_closed':
      // The customer hanging up ends the contact; a lost leg may come back (a reload, a new
      // network), the customer's within a grace period, an agent's any time.
      if (s.ended || event.legId !== s.customer.legId) return unchanged(s);
      return { state: s, effects: event.hungUp ? { endContact: 'CUSTOMER_DISCONNECT' } : { awaitRejoin: true } };
    case 'ended': {
      if (s.ended) return unchanged(s);
      const t = s.third;
      if (t && event.agentLeft)
        return moveTo(s, t.contactId, t.legId !== undefined ? { legId: t.legId, muted: t.muted } : undefined);
      const ending = [...(t ? [t.contactId] : []), ...monitorContacts(s)];
      return { state: { ...s, ended: true }, effects: { endCall: true, ...(ending.length > 0 ? { endContacts: ending } : {}) } };
    }
    case 'transferred': {
      if (s.ended) return unchanged(s);
      const moved = moveTo(s, event.contactId, undefined);
      const t = s.third;
      if (!t) return moved;
      const endContacts = [t.contactId, ...(moved.effects.endContacts ?? [])];
      const closeLegs = [...(t.legId !== undefined ? [t.legId] : []), ...(moved.effects.closeLegs ?? [])];
      return {
        state: moved.state,
        effects: { ...moved.effects, endContacts, ...(closeLegs.length > 0 ? { closeLegs } : {}) },
      };
    }
  }
}

/**
 * The call handed to `contactId` with `agent` on it (or nobody yet): the customer is
 * resumed; supervisors leave (their monitoring contacts end, their legs close).
 */
function moveTo(s: VoiceCallState, contactId: string, agent: VoiceCallState['agent']): VoiceCallStep {
  const call: VoiceCallState = {
    callId: s.callId,
    customer: held(s.customer, false, 0),
    ...(agent ? { agent } : {}),
    digits: s.digits,
    ended: false,
  };
  const monitors = s.monitors ?? [];
  return {
    state: { ...s, ended: true, movedTo: contactId },
    effects: {
      move: { contactId, call },
      parties: callParties(call),
      ...(monitors.length > 0 ? { endContacts: monitorContacts(s), closeLegs: monitors.map((m) => m.legId) } : {}),
    },
  };
}

const monitorContacts = (s: VoiceCallState): string[] => (s.monitors ?? []).map((m) => m.contactId);

/** No supervisor barges any more: the agent's forced mute is lifted. */
function liftForcedMute(s: VoiceCallState): VoiceCallState {
  if (!s.agent?.forcedMute || s.monitors?.some((m) => m.mode === 'BARGE')) return s;
  const { forcedMute: _f, ...agent } = s.agent;
  return { ...s, agent };
}

/**
 * A supervisor's mute or unmute (from their monitoring contact `by`): their own leg at any
 * time; while they barge, the agent's (a forced mute), the customer's or the third party's.
 */
function supervisorMute(
  s: VoiceCallState,
  agent: NonNullable<VoiceCallState['agent']>,
  by: string,
  legId: string,
  muted: boolean,
): VoiceCallStep {
  const m = s.monitors?.find((x) => x.contactId === by);
  if (!m) throw new InvalidStateException('You are not monitoring this call');
  if (legId === m.legId) {
    if (m.muted === muted) return unchanged(s);
    return routed({ ...s, monitors: (s.monitors ?? []).map((x) => (x === m ? { ...x, muted } : x)) });
  }
  if (m.mode !== 'BARGE') throw new InvalidStateException('Barge in first: a silent monitor mutes and unmutes only themselves');
  if (legId === agent.legId) {
    if ((agent.forcedMute === true) === muted) return unchanged(s);
    const { forcedMute: _f, ...rest } = agent;
    return routed({ ...s, agent: muted ? { ...rest, forcedMute: true } : rest });
  }
  if (legId === s.customer.legId) {
    if (s.customer.muted === muted) return unchanged(s);
    return routed({ ...s, customer: { ...s.customer, muted } });
  }
  const t = s.third;
  if (t?.legId !== undefined && (legId === t.connectionId || legId === t.legId)) {
    if (t.muted === muted) return unchanged(s);
    return routed({ ...s, third: { ...t, muted } });
  }
  throw new InvalidParameterException(`Connection ${legId} is not on the call`);
}

function requireConnected(s: VoiceCallState): NonNullable<VoiceCallState['agent']> {
  if (s.ended) throw new InvalidStateException('The call has ended');
  if (!s.agent) throw new InvalidStateException('The call is not connected yet: accept it first');
  return s.agent;
}

function requireThird(s: VoiceCallState): VoiceThirdParty {
  requireConnected(s);
  const t = s.third;
  if (!t) throw new InvalidStateException('Nobody else is on the call: consult someone first');
  if (t.legId === undefined) throw new InvalidStateException(`${t.endpoint.name} has not answered yet`);
  return t;
}

/** Where the call stands for the customer (the `progress` frame); undefined once it ended. */
export function callProgress(call: VoiceCallState): VoiceCallProgress | undefined {
  if (call.ended) return undefined;
  if (!call.agent) return 'waiting';
  return call.customer.held ? 'held' : 'connected';
}
