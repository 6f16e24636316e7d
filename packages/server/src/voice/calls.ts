/**
 * The call controller (issue 23): keeps each VOICE contact's call in step with the contact
 * and the media. The decisions are core's (`voiceCallStep`, voice/call.ts); this shell
 * feeds it what happens and runs what it says:
 *
 * - routing commits (a CommitObserver): the agent accepted, an offer missed or rejected,
 *   the contact ended — the call's new state is written into the contact's document in the
 *   same transaction, and the media follows once it is committed;
 * - the media's legs (the voice socket): the customer's leg closing ends the contact
 *   (CUSTOMER_DISCONNECT); a leg connecting gets the call's routes (also after a restart,
 *   when the media server knows nothing of the call); DTMF digits;
 * - the agent's commands: hold / resume / mute / unmute.
 *
 * Every change is committed before the media changes (what the agent is shown is what a
 * restart would know).
 */
import {
  callParties,
  callProgress,
  type ChatItem,
  type DomainEvent,
  InvalidStateException,
  newVoiceCall,
  type VoiceCallEffects,
  type VoiceCallEvent,
  type VoiceCallState,
  voiceCallStep,
  type VoiceServerFrame,
} from '@switchboard/core';
import type { VoiceGrant } from '../api/voice/grants.js';
import type { MediaServer } from '../media/index.js';
import type { ContactDoc } from '../routing/contact-doc.js';
import type { CommitObserver, InstanceRouting } from '../routing/instance.js';
import type { RoutingService } from '../routing/service.js';

/** A command on a call: hold / resume (the customer's connection), mute / unmute (a leg). */
export type VoiceCommand = 'hold' | 'resume' | 'mute' | 'unmute';

/** What the agent API needs of the calls (CommandContext.voice). */
export interface VoiceControl {
  /** Runs `command` on the contact's call, for connection `connectionId`; resolves once committed and applied. */
  command(ir: InstanceRouting, contactId: string, command: VoiceCommand, connectionId: string): Promise<void>;
}

export interface VoiceCallsDeps {
  readonly routing: RoutingService;
  readonly media: MediaServer;
  readonly now: () => number;
  readonly log: { info(obj: unknown, msg?: string): void; warn(obj: unknown, msg?: string): void };
  /** Sends a frame to a leg's signalling socket (the customer's `progress`). */
  readonly notify?: (legId: string, frame: VoiceServerFrame) => void;
}

/** The call a voice contact's document holds (a document from before calls were kept: a new one). */
const callOf = (doc: ContactDoc): VoiceCallState =>
  doc.voice ?? newVoiceCall(doc.customer?.participantId ?? `${doc.contactId}-customer`);

export class VoiceCalls implements CommitObserver, VoiceControl {
  /** Effects decided in `collect`, run in `committed` (keyed by the step's events array). */
  private readonly pending = new WeakMap<readonly DomainEvent[], { contactId: string; effects: VoiceCallEffects }[]>();

  constructor(private readonly deps: VoiceCallsDeps) {}

  // -------------------------------------------------------------------------------------
  // Routing commits

  collect(ir: InstanceRouting, events: readonly DomainEvent[]): readonly ChatItem[] {
    const out: { contactId: string; effects: VoiceCallEffects }[] = [];
    for (const e of events) {
      const doc = 'contactId' in e ? ir.docs.get(e.contactId) : undefined;
      if (doc?.channel !== 'VOICE') continue;
      const event = this.callEvent(ir, e);
      if (!event) continue;
      const { state, effects } = voiceCallStep(callOf(doc), event);
      doc.voice = state;
      out.push({ contactId: doc.contactId, effects });
    }
    if (out.length > 0) this.pending.set(events, out);
    return [];
  }

  committed(ir: InstanceRouting, _items: readonly ChatItem[], events: readonly DomainEvent[]): void {
    const done = this.pending.get(events);
    if (!done) return;
    this.pending.delete(events);
    for (const { contactId, effects } of done) {
      this.apply(contactId, effects);
      const doc = ir.docs.get(contactId);
      if (doc && effects.parties) this.tellCustomer(callOf(doc));
    }
  }

  /** What a routing event means for the contact's call. */
  private callEvent(ir: InstanceRouting, e: DomainEvent): VoiceCallEvent | undefined {
    const connectionOf = (agentId: string, contactId: string) =>
      ir.engine.agent(agentId)?.assignments.find((x) => x.contactId === contactId)?.connectionId;
    switch (e.type) {
      case 'contact.connected': {
        const connectionId = connectionOf(e.agentId, e.contactId);
        return connectionId !== undefined ? { type: 'agent_connected', connectionId } : undefined;
      }
      case 'contact.missed':
      case 'contact.rejected':
        // The connection that rang (the contact may already ring again, on a new one).
        return { type: 'offer_withdrawn', connectionId: e.connectionId };
      case 'contact.ended':
      case 'contact.destroyed':
      case 'contact.transferred':
        return { type: 'ended' };
      default:
        return undefined;
    }
  }

  // -------------------------------------------------------------------------------------
  // The agent's commands

  async command(ir: InstanceRouting, contactId: string, command: VoiceCommand, connectionId: string): Promise<void> {
    const doc = ir.docs.get(contactId);
    if (doc?.channel !== 'VOICE') throw new InvalidStateException(`Contact ${contactId} is not a voice call`);
    const event: VoiceCallEvent =
      command === 'hold' ? { type: 'hold', legId: connectionId, at: this.deps.now() } : { type: command, legId: connectionId };
    const { state, effects } = voiceCallStep(callOf(doc), event);
    if (state === doc.voice) return;
    doc.voice = state;
    await ir.step([], { docs: [doc] });
    this.apply(contactId, effects);
    this.tellCustomer(state);
  }

  // -------------------------------------------------------------------------------------
  // The media's legs

  /** A leg's connection changed: a connected leg gets the call's routes; the customer's closing ends the contact. */
  onLegState(grant: VoiceGrant, state: string): void {
    const found = this.contactOf(grant);
    if (!found) return;
    const { ir, doc } = found;
    const call = callOf(doc);
    if (state === 'connected') {
      // The routes as they are, again: the media server may know nothing of the call (a restart).
      if (!call.ended) this.apply(doc.contactId, { parties: callParties(call) });
      if (grant.legId === call.customer.legId) this.tellCustomer(call);
      return;
    }
    if (state !== 'closed') return;
    const { effects } = voiceCallStep(call, { type: 'leg_closed', legId: grant.legId });
    if (effects.endContact) {
      ir.step([{ type: 'contact.end', contactId: doc.contactId, reason: effects.endContact }]).catch((err: unknown) =>
        this.deps.log.warn({ err, contactId: doc.contactId }, 'ending the call after the customer hung up failed'),
      );
    }
  }

  /** A DTMF digit from a leg: the customer's go into the call (the snapshot's `customerDigits`) and a `voice.dtmf` event. */
  onDigit(grant: VoiceGrant, digit: string): void {
    const found = this.contactOf(grant);
    if (!found) return;
    const { ir, doc } = found;
    const { state, effects } = voiceCallStep(callOf(doc), { type: 'digit', legId: grant.legId, digit });
    if (effects.digit === undefined) return;
    // Set now, in the order digits arrive. The event is queued first: the persister commits
    // writes in order (merged into one transaction when they come together), so it is
    // durable by the time the agent is shown the digit.
    doc.voice = state;
    const failed = (err: unknown) => this.deps.log.warn({ err, contactId: doc.contactId }, 'recording a DTMF digit failed');
    ir.recordEvent({ type: 'voice.dtmf', contactId: doc.contactId, participantId: grant.legId, digit: effects.digit }).catch(
      failed,
    );
    ir.step([], { docs: [doc] }).catch(failed);
  }

  private contactOf(grant: VoiceGrant): { ir: InstanceRouting; doc: ContactDoc } | undefined {
    if (grant.instanceId === undefined) return undefined;
    const ir = this.deps.routing.served(grant.instanceId);
    const doc = ir?.docs.get(grant.callId);
    if (!ir || ir.superseded || doc?.channel !== 'VOICE') return undefined;
    return { ir, doc };
  }

  // -------------------------------------------------------------------------------------

  /** Where the call stands, to the customer's leg (waiting, connected, held). */
  private tellCustomer(call: VoiceCallState): void {
    const progress = callProgress(call);
    if (progress) this.deps.notify?.(call.customer.legId, { type: 'progress', progress });
  }

  private apply(contactId: string, effects: VoiceCallEffects): void {
    const { media } = this.deps;
    if (effects.parties) media.applyRoutes(contactId, effects.parties);
    for (const legId of effects.closeLegs ?? []) media.closeLeg(legId);
    if (effects.endCall) media.endCall(contactId);
  }
}
