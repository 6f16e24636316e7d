/**
 * The call controller (issue 23): keeps each VOICE contact's call in step with the contact
 * and the media. The decisions are core's (`voiceCallStep`, voice/call.ts); this shell
 * feeds it what happens and runs what it says:
 *
 * - routing commits (a CommitObserver): the agent accepted, an offer missed or rejected,
 *   the contact ended — the call's new state is written into the contact's document in the
 *   same transaction, and the media follows once it is committed;
 * - the media's legs (the voice socket): the customer hanging up ends the contact
 *   (CUSTOMER_DISCONNECT); their leg lost (a reload, a new network, ICE failed) ends it
 *   only if it is not back within `rejoinGraceMs`; a leg connecting gets the call's
 *   routes (also after a restart, when the media server knows nothing of the call); DTMF digits;
 * - the agent's commands: hold / resume / mute / unmute, consult (a third party on their
 *   own contact, `ContactDoc.voiceCallOf`), swap, conference, hanging up on the third party;
 * - supervisors (MonitorContact): a monitoring contact (`ContactDoc.voiceMonitor`) joins the
 *   call as a monitor once connected (it is connected at once) and leaves it when it ends
 *   (then it is cleared at once: no after-contact work for a monitor); silent monitor ⇄
 *   barge (`monitorMode`); the supervisor's mute, a forced one on the agent.
 *
 * A call lives in the document of the contact that holds the customer. A consult contact
 * points at it (`voiceCallOf`); its routing events (accepted, missed, ended) change that
 * call. When the consulting agent leaves, or transfers cold, the call moves into the
 * other contact's document in the same transaction (`InstanceRouting.alsoWrite`). The
 * media call keeps its id (`call.callId`) throughout.
 *
 * Every change is committed before the media changes (what the agent is shown is what a
 * restart would know).
 */
import { randomUUID } from 'node:crypto';
import {
  callParties,
  callProgress,
  type ChatItem,
  type DomainEvent,
  InvalidStateException,
  type MonitorMode,
  type VoiceCallEffects,
  type VoiceCallEvent,
  type VoiceCallState,
  voiceCallStep,
  type VoiceEndpoint,
  type VoiceServerFrame,
} from '@switchboard/core';
import type { VoiceGrant } from '../api/voice/grants.js';
import type { MediaServer } from '../media/index.js';
import type { ContactDoc } from '../routing/contact-doc.js';
import { callOf, holderOf } from './call-doc.js';
import type { CommitObserver, InstanceRouting } from '../routing/instance.js';
import type { RoutingService } from '../routing/service.js';

/** A command on a call: hold / resume (a held connection), mute / unmute (a leg), swap, conference. */
export type VoiceCommand = 'hold' | 'resume' | 'mute' | 'unmute' | 'swap' | 'conference';

/** What the agent API needs of the calls (CommandContext.voice). */
export interface VoiceControl {
  /** Runs `command` on the contact's call, for connection `connectionId`; resolves once committed and applied. */
  command(ir: InstanceRouting, contactId: string, command: VoiceCommand, connectionId: string): Promise<void>;
  /**
   * Streams' createAdditionalConnection: the customer is held and `queueId` (an agent's
   * personal queue or a queue) gets a consult contact whose agent joins the call.
   * Resolves with the new contact's id once committed.
   */
  consult(
    ir: InstanceRouting,
    contactId: string,
    target: { readonly queueId: string; readonly endpoint: VoiceEndpoint; readonly newContactId: string },
  ): Promise<string>;
  /** The contact's call (the one it holds, or the one it consults on); undefined for other contacts. */
  callOf(ir: InstanceRouting, contactId: string): VoiceCallState | undefined;
  /** Hangs up on the third party of the contact's call: their contact ends, the customer stays. */
  hangUpThird(ir: InstanceRouting, contactId: string): Promise<void>;
  /** Streams' updateMonitorParticipantState on a supervisor's monitoring contact: silent monitor ⇄ barge. */
  monitorMode(ir: InstanceRouting, contactId: string, mode: MonitorMode): Promise<void>;
}

export interface VoiceCallsDeps {
  readonly routing: RoutingService;
  readonly media: MediaServer;
  readonly now: () => number;
  /** Ids of consult connections (default: random UUIDs). */
  readonly newId?: () => string;
  readonly log: { info(obj: unknown, msg?: string): void; warn(obj: unknown, msg?: string): void };
  /** Sends a frame to a leg's signalling socket (the customer's `progress`). */
  readonly notify?: (legId: string, frame: VoiceServerFrame) => void;
  /** How long a customer's lost leg may take to rejoin before the contact ends; default 20 s. */
  readonly rejoinGraceMs?: number;
  /** Runs `fn` after `ms` (default setTimeout); returns its cancel. */
  readonly setTimer?: (fn: () => void, ms: number) => () => void;
}

/** A customer reloading the page or changing network rejoins within this (docs/voice.md). */
export const REJOIN_GRACE_MS = 20_000;

interface Pending {
  readonly callId: string;
  readonly holderId: string;
  readonly effects: VoiceCallEffects;
  /** A monitoring contact that ended: cleared at once (no after-contact work for a monitor). */
  readonly clear?: { readonly agentId: string; readonly contactId: string };
}

export class VoiceCalls implements CommitObserver, VoiceControl {
  /** Effects decided in `collect`, run in `committed` (keyed by the step's events array). */
  private readonly pending = new WeakMap<readonly DomainEvent[], Pending[]>();
  /** Calls whose customer's leg was lost, by call id: the grace period's cancel. */
  private readonly rejoining = new Map<string, () => void>();

  constructor(private readonly deps: VoiceCallsDeps) {}

  // -------------------------------------------------------------------------------------
  // Routing commits

  collect(ir: InstanceRouting, events: readonly DomainEvent[], now: number): readonly ChatItem[] {
    const out: Pending[] = [];
    for (const e of events) {
      const doc = 'contactId' in e ? ir.docs.get(e.contactId) : undefined;
      if (doc?.channel !== 'VOICE') continue;
      if (doc.voiceMonitor) {
        const done = this.collectMonitor(ir, doc, e, now);
        if (done) out.push(done);
        continue;
      }
      const consulting = doc.voiceCallOf !== undefined;
      const holder = consulting ? holderOf(ir, doc) : doc;
      if (consulting && holder === doc) continue; // the call it joined is gone
      const event = consulting ? this.thirdPartyEvent(ir, e, now) : this.callEvent(ir, e);
      if (!event) continue;
      const { state, effects } = voiceCallStep(callOf(holder), event);
      if (state === holder.voice && !effects.closeLegs) continue;
      holder.voice = state;
      if (holder !== doc) ir.alsoWrite(holder.contactId);
      // The consulted agent's and the supervisors' contacts show this call: their snapshots change with it.
      for (const other of callDocs(ir, holder)) if (other !== doc && other !== holder) ir.alsoWrite(other.contactId);
      if (effects.move) {
        const target = ir.docs.get(effects.move.contactId);
        if (target) {
          target.voice = effects.move.call;
          delete target.voiceCallOf;
          ir.alsoWrite(target.contactId);
        }
      }
      out.push({ callId: state.callId, holderId: effects.move?.contactId ?? holder.contactId, effects });
    }
    if (out.length > 0) this.pending.set(events, out);
    return [];
  }

  committed(ir: InstanceRouting, _items: readonly ChatItem[], events: readonly DomainEvent[]): void {
    const done = this.pending.get(events);
    if (!done) return;
    this.pending.delete(events);
    for (const { callId, holderId, effects, clear } of done) {
      this.apply(callId, effects);
      const doc = ir.docs.get(holderId);
      if (doc && effects.parties) this.tellCustomer(callOf(doc));
      for (const contactId of effects.endContacts ?? []) this.endContact(ir, contactId, 'AGENT_DISCONNECT');
      if (clear)
        ir.step([{ type: 'contact.clear', ...clear }]).catch((err: unknown) =>
          this.deps.log.warn({ err, contactId: clear.contactId }, 'clearing a monitoring contact failed'),
        );
    }
  }

  /**
   * A routing event of a supervisor's monitoring contact: connected (MonitorContact assigns
   * it at once), the supervisor joins the call, silently; ended, they leave it.
   */
  private collectMonitor(ir: InstanceRouting, doc: ContactDoc, e: DomainEvent, now: number): Pending | undefined {
    const monitor = doc.voiceMonitor;
    if (!monitor) return undefined;
    const holder = holderOf(ir, doc);
    const call = holder !== doc ? callOf(holder) : undefined;
    let event: VoiceCallEvent | undefined;
    let clear: Pending['clear'];
    if (e.type === 'contact.connected') {
      const legId = connectionOf(ir, e.agentId, e.contactId);
      if (legId === undefined) return undefined;
      event = {
        type: 'monitor',
        monitor: {
          contactId: doc.contactId,
          legId,
          userId: e.agentId,
          mode: 'SILENT_MONITOR',
          capabilities: monitor.capabilities,
        },
        at: now,
      };
    } else if (e.type === 'contact.ended' || e.type === 'contact.destroyed' || e.type === 'contact.transferred') {
      event = { type: 'monitor_left', contactId: doc.contactId };
      const agentId = e.type === 'contact.ended' ? e.agentId : undefined;
      // Still held by the supervisor after this step (not cleared already): cleared next.
      if (agentId !== undefined && ir.engine.agent(agentId)?.assignments.some((x) => x.contactId === doc.contactId))
        clear = { agentId, contactId: doc.contactId };
    }
    if (!event) return undefined;
    if (!call) return clear ? { callId: doc.contactId, holderId: doc.contactId, effects: {}, clear } : undefined;
    let step: ReturnType<typeof voiceCallStep>;
    try {
      step = voiceCallStep(call, event);
    } catch (err) {
      // MonitorContact checked the call just before; it changed meanwhile (ended): the
      // monitoring contact ends.
      this.deps.log.info({ err, contactId: doc.contactId }, 'a monitor could not join the call');
      return { callId: call.callId, holderId: holder.contactId, effects: { endContacts: [doc.contactId] } };
    }
    if (step.state !== call) {
      holder.voice = step.state;
      ir.alsoWrite(holder.contactId);
      for (const other of callDocs(ir, holder)) if (other !== doc && other !== holder) ir.alsoWrite(other.contactId);
    }
    return { callId: call.callId, holderId: holder.contactId, effects: step.effects, ...(clear ? { clear } : {}) };
  }

  /** What a routing event of the contact holding the call means for it. */
  private callEvent(ir: InstanceRouting, e: DomainEvent): VoiceCallEvent | undefined {
    switch (e.type) {
      case 'contact.connected': {
        const connectionId = connectionOf(ir, e.agentId, e.contactId);
        return connectionId !== undefined ? { type: 'agent_connected', connectionId } : undefined;
      }
      case 'contact.missed':
      case 'contact.rejected':
        // The connection that rang (the contact may already ring again, on a new one).
        return { type: 'offer_withdrawn', connectionId: e.connectionId };
      case 'contact.transferred':
        return { type: 'transferred', contactId: e.newContactId };
      case 'contact.ended':
        return { type: 'ended', agentLeft: e.reason === 'AGENT_DISCONNECT' };
      case 'contact.destroyed':
        return { type: 'ended' };
      default:
        return undefined;
    }
  }

  /** What a routing event of a consult contact means for the call its agent joins. */
  private thirdPartyEvent(ir: InstanceRouting, e: DomainEvent, now: number): VoiceCallEvent | undefined {
    switch (e.type) {
      case 'contact.connected': {
        const legId = connectionOf(ir, e.agentId, e.contactId);
        return legId !== undefined ? { type: 'third_connected', contactId: e.contactId, legId, at: now } : undefined;
      }
      case 'contact.missed':
      case 'contact.rejected':
        return { type: 'offer_withdrawn', connectionId: e.connectionId };
      case 'contact.ended':
      case 'contact.destroyed':
      case 'contact.transferred':
        return { type: 'third_ended', contactId: e.contactId };
      default:
        return undefined;
    }
  }

  // -------------------------------------------------------------------------------------
  // The agent's commands

  callOf(ir: InstanceRouting, contactId: string): VoiceCallState | undefined {
    const doc = ir.docs.get(contactId);
    // A monitoring contact is the supervisor's, not a call of theirs: hanging up ends their monitoring only.
    if (doc?.channel !== 'VOICE' || doc.voiceMonitor) return undefined;
    return callOf(doc.voiceCallOf !== undefined ? holderOf(ir, doc) : doc);
  }

  async command(ir: InstanceRouting, contactId: string, command: VoiceCommand, connectionId: string): Promise<void> {
    const doc = ir.docs.get(contactId);
    if (doc?.channel !== 'VOICE') throw new InvalidStateException(`Contact ${contactId} is not a voice call`);
    const monitoring = doc.voiceMonitor !== undefined;
    const holder = doc.voiceCallOf !== undefined || monitoring ? holderOf(ir, doc) : doc;
    if (monitoring && command !== 'mute' && command !== 'unmute')
      throw new InvalidStateException('You are monitoring this call: the agent holds, swaps and conferences it');
    if (holder !== doc && command !== 'mute' && command !== 'unmute')
      throw new InvalidStateException(
        'You were called into this call by another agent: they hold, swap and conference it until they leave it to you',
      );
    if (monitoring && holder === doc) throw new InvalidStateException('The monitored call has ended');
    const now = this.deps.now();
    const event: VoiceCallEvent =
      command === 'hold'
        ? { type: 'hold', legId: connectionId, at: now }
        : command === 'swap'
          ? { type: 'swap', at: now }
          : command === 'conference'
            ? { type: 'conference' }
            : { type: command, legId: connectionId, ...(monitoring ? { by: doc.contactId } : {}) };
    await this.change(ir, holder, event);
  }

  async monitorMode(ir: InstanceRouting, contactId: string, mode: MonitorMode): Promise<void> {
    const doc = ir.docs.get(contactId);
    if (doc?.channel !== 'VOICE' || !doc.voiceMonitor)
      throw new InvalidStateException(`Contact ${contactId} is not a monitoring contact: MonitorContact makes one`);
    const holder = holderOf(ir, doc);
    if (holder === doc) throw new InvalidStateException('The monitored call has ended');
    await this.change(ir, holder, { type: 'monitor_mode', contactId, mode, at: this.deps.now() });
  }

  /** A command's change of the call `holder` keeps: committed with every contact that shows it, then applied. */
  private async change(ir: InstanceRouting, holder: ContactDoc, event: VoiceCallEvent): Promise<void> {
    const before = callOf(holder);
    const { state, effects } = voiceCallStep(before, event);
    if (state === before) return;
    holder.voice = state;
    await ir.step([], { docs: callDocs(ir, holder) });
    this.apply(state.callId, effects);
    this.tellCustomer(state);
  }

  async consult(
    ir: InstanceRouting,
    contactId: string,
    target: { readonly queueId: string; readonly endpoint: VoiceEndpoint; readonly newContactId: string },
  ): Promise<string> {
    const doc = ir.docs.get(contactId);
    if (doc?.channel !== 'VOICE') throw new InvalidStateException(`Contact ${contactId} is not a voice call`);
    if (doc.voiceCallOf !== undefined)
      throw new InvalidStateException('You were called into this call by another agent: only they can consult someone else');
    if (doc.voiceMonitor) throw new InvalidStateException('You are monitoring this call: only its agent consults');
    const now = this.deps.now();
    const third = { connectionId: (this.deps.newId ?? randomUUID)(), contactId: target.newContactId, endpoint: target.endpoint };
    // Decided first: a call that cannot take a consult refuses before any contact exists.
    const { state, effects } = voiceCallStep(callOf(doc), { type: 'consult', third, at: now });
    const rt = doc.runtime;
    const consultDoc: ContactDoc = {
      instanceId: doc.instanceId,
      contactId: target.newContactId,
      channel: 'VOICE',
      runtime: {
        ...rt,
        contactId: target.newContactId,
        previousContactId: contactId,
        phase: 'init',
        phaseSince: now,
        createdAt: now,
      },
      initiationMethod: 'TRANSFER',
      initiatedAt: now,
      attributes: { ...doc.attributes },
      ...(doc.customer ? { customer: doc.customer } : {}),
      agents: [],
      voiceCallOf: contactId,
    };
    doc.voice = state;
    await ir.step(
      [
        {
          type: 'contact.create',
          contactId: target.newContactId,
          channel: 'VOICE',
          initialContactId: rt.initialContactId,
          previousContactId: contactId,
        },
        { type: 'contact.enqueue', contactId: target.newContactId, queueId: target.queueId },
      ],
      { docs: [doc, consultDoc] },
    );
    this.apply(state.callId, effects);
    this.tellCustomer(state);
    return target.newContactId;
  }

  /** Hangs up on the third party of the contact's call (Streams' destroyConnection on their connection). */
  async hangUpThird(ir: InstanceRouting, contactId: string): Promise<void> {
    const third = this.callOf(ir, contactId)?.third;
    if (!third) throw new InvalidStateException('Nobody else is on the call');
    await ir.step([{ type: 'contact.end', contactId: third.contactId, reason: 'AGENT_DISCONNECT' }]);
  }

  /**
   * At start: calls that were in progress when the server stopped have lost their media
   * (the media server runs in this process and starts empty; the browsers' legs ended with
   * their sockets). Their contacts end now, TELECOM_PROBLEM: the agents find them in
   * after-contact work, DescribeContact says why. Only at start: a reload of routing after
   * a failed commit keeps the media server, and its calls go on.
   */
  async endCallsCutByRestart(): Promise<number> {
    let ended = 0;
    for (const ir of this.deps.routing.current()) {
      const live = [...ir.docs.values()].filter((d) => {
        const rt = d.channel === 'VOICE' ? ir.engine.contact(d.contactId) : undefined;
        return rt !== undefined && rt.phase !== 'ended' && rt.phase !== 'destroyed';
      });
      for (const doc of live) {
        const rt = ir.engine.contact(doc.contactId);
        if (!rt || rt.phase === 'ended' || rt.phase === 'destroyed') continue; // ended with its call already
        await ir.step([{ type: 'contact.end', contactId: doc.contactId, reason: 'TELECOM_PROBLEM' }]);
        ended++;
      }
    }
    if (ended > 0) this.deps.log.warn({ ended }, 'calls in progress when the server stopped were ended (TELECOM_PROBLEM)');
    return ended;
  }

  // -------------------------------------------------------------------------------------
  // The media's legs

  /**
   * A leg's connection changed: a connected leg gets the call's routes; the customer
   * hanging up (`hungUp`) ends the contact, their leg lost ends it after the grace period
   * unless it opens again first. True when the closed leg may rejoin.
   */
  onLegState(grant: VoiceGrant, state: string, hungUp = false): boolean {
    const found = this.contactOf(grant);
    if (!found) return false;
    const { ir, doc } = found;
    const call = callOf(doc);
    if (state !== 'closed' && grant.legId === call.customer.legId) this.stopWaiting(call.callId);
    if (state === 'connected') {
      // The routes as they are, again: the media server may know nothing of the call (a restart).
      if (!call.ended) this.apply(call.callId, { parties: callParties(call) });
      if (grant.legId === call.customer.legId) this.tellCustomer(call);
      return false;
    }
    if (state !== 'closed') return false;
    const { effects } = voiceCallStep(call, { type: 'leg_closed', legId: grant.legId, hungUp });
    if (effects.endContact) this.endContact(ir, doc.contactId, effects.endContact);
    if (!effects.awaitRejoin) return false;
    const { callId } = call;
    this.stopWaiting(callId);
    const { setTimer = defaultTimer, rejoinGraceMs = REJOIN_GRACE_MS } = this.deps;
    this.rejoining.set(
      callId,
      setTimer(() => {
        this.rejoining.delete(callId);
        // The call's holder now (a transfer may have moved it): its contact ends.
        const now = this.contactOf(grant);
        if (now && !callOf(now.doc).ended) this.endContact(now.ir, now.doc.contactId, 'CUSTOMER_DISCONNECT');
      }, rejoinGraceMs),
    );
    this.deps.log.info({ callId, contactId: doc.contactId }, "the customer's leg was lost: waiting for them to rejoin");
    return true;
  }

  private stopWaiting(callId: string): void {
    this.rejoining.get(callId)?.();
    this.rejoining.delete(callId);
  }

  /**
   * A DTMF digit from a leg: the customer's go into the call (the snapshot's `customerDigits`)
   * and a `voice.dtmf` event; an agent's (Streams' `sendDigits`, played on their leg) only
   * into a `voice.dtmf` event with their participant id, for the record.
   */
  onDigit(grant: VoiceGrant, digit: string): void {
    const found = this.contactOf(grant);
    if (!found) return;
    const { ir, doc } = found;
    const call = callOf(doc);
    const { state, effects } = voiceCallStep(call, { type: 'digit', legId: grant.legId, digit });
    if (effects.digit === undefined) {
      const agentLeg = !call.ended && (grant.legId === call.agent?.legId || grant.legId === call.third?.legId);
      if (!agentLeg) return;
      ir.recordEvent({ type: 'voice.dtmf', contactId: doc.contactId, participantId: grant.legId, digit }).catch((err: unknown) =>
        this.deps.log.warn({ err, contactId: doc.contactId }, "recording an agent's DTMF digit failed"),
      );
      return;
    }
    // Set now, in the order digits arrive. The event is queued first: the persister commits
    // writes in order (merged into one transaction when they come together), so it is
    // durable by the time the agent is shown the digit.
    doc.voice = state;
    const failed = (err: unknown) => this.deps.log.warn({ err, contactId: doc.contactId }, 'recording a DTMF digit failed');
    ir.recordEvent({ type: 'voice.dtmf', contactId: doc.contactId, participantId: grant.legId, digit: effects.digit }).catch(
      failed,
    );
    ir.step([], { docs: callDocs(ir, doc) }).catch(failed);
  }

  /** The document holding the call a grant's leg is on (the grant names the media call: the contact it began on). */
  private contactOf(grant: VoiceGrant): { ir: InstanceRouting; doc: ContactDoc } | undefined {
    if (grant.instanceId === undefined) return undefined;
    const ir = this.deps.routing.served(grant.instanceId);
    const first = ir?.docs.get(grant.callId);
    if (!ir || ir.superseded || first?.channel !== 'VOICE') return undefined;
    return { ir, doc: holderOf(ir, first) };
  }

  // -------------------------------------------------------------------------------------

  private endContact(ir: InstanceRouting, contactId: string, reason: 'CUSTOMER_DISCONNECT' | 'AGENT_DISCONNECT'): void {
    const live = ir.engine.contact(contactId);
    if (!live || live.phase === 'ended' || live.phase === 'destroyed') return;
    ir.step([{ type: 'contact.end', contactId, reason }]).catch((err: unknown) =>
      this.deps.log.warn({ err, contactId }, 'ending a contact of the call failed'),
    );
  }

  /** Where the call stands, to the customer's leg (waiting, connected, held). */
  private tellCustomer(call: VoiceCallState): void {
    const progress = callProgress(call);
    if (progress) this.deps.notify?.(call.customer.legId, { type: 'progress', progress });
  }

  private apply(callId: string, effects: VoiceCallEffects): void {
    const { media } = this.deps;
    if (effects.parties) media.applyRoutes(callId, effects.parties);
    for (const legId of effects.closeLegs ?? []) media.closeLeg(legId);
    if (effects.endCall) {
      this.stopWaiting(callId);
      media.endCall(callId);
    }
  }
}

/**
 * The document holding a call, the consult contact's and the supervisors' monitoring
 * contacts' (their snapshots show the same call).
 */
function callDocs(ir: InstanceRouting, holder: ContactDoc): ContactDoc[] {
  const ids = [
    ...(holder.voice?.third ? [holder.voice.third.contactId] : []),
    ...(holder.voice?.monitors ?? []).map((m) => m.contactId),
  ];
  const out = [holder];
  for (const id of ids) {
    const doc = ir.docs.get(id);
    if (doc) out.push(doc);
  }
  return out;
}

function defaultTimer(fn: () => void, ms: number): () => void {
  const t = setTimeout(fn, ms);
  t.unref();
  return () => clearTimeout(t);
}

const connectionOf = (ir: InstanceRouting, agentId: string, contactId: string) =>
  ir.engine.agent(agentId)?.assignments.find((x) => x.contactId === contactId)?.connectionId;
