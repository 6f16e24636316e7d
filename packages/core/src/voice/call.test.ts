/**
 * A voice contact's call, event by event (every transition and its refusals), and with
 * fast-check over any sequence of events: the effects always name the state's parties, an
 * ended call stays ended and is ended once, hold and mute mean what audioRoutes hears.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { audioRoutes } from './bridge.js';
import { callParties, MAX_CALL_DIGITS, newVoiceCall, type VoiceCallEvent, type VoiceCallState, voiceCallStep } from './call.js';

const CUST = 'cust-1';
const AGENT = 'conn-a';
const start = newVoiceCall(CUST, 'call-1');
const step = (s: VoiceCallState, ...events: VoiceCallEvent[]): VoiceCallState =>
  events.reduce((x, e) => voiceCallStep(x, e).state, s);
const connected = step(start, { type: 'agent_connected', connectionId: AGENT });

describe('voiceCallStep: each event', () => {
  it('a new call: the customer alone, waiting: they hear the hold music', () => {
    expect(start).toEqual({ callId: 'call-1', customer: { legId: CUST, held: false, muted: false }, digits: '', ended: false });
    expect(callParties(start)).toEqual([{ id: CUST, role: 'customer', state: 'held', muted: false }]);
  });

  it('the agent accepts: both active, the routes applied', () => {
    const r = voiceCallStep(start, { type: 'agent_connected', connectionId: AGENT });
    expect(r.state.agent).toEqual({ legId: AGENT, muted: false });
    expect(r.effects).toEqual({
      parties: [
        { id: CUST, role: 'customer', state: 'active', muted: false },
        { id: AGENT, role: 'agent', state: 'active', muted: false },
      ],
    });
    expect(Object.fromEntries(audioRoutes(r.effects.parties ?? []))).toEqual({
      [CUST]: { kind: 'parties', from: [AGENT] },
      [AGENT]: { kind: 'parties', from: [CUST] },
    });
  });

  it('an offer withdrawn (missed, rejected) closes the leg opened while it rang; the connected agent is kept', () => {
    expect(voiceCallStep(start, { type: 'offer_withdrawn', connectionId: 'conn-x' })).toEqual({
      state: start,
      effects: { closeLegs: ['conn-x'] },
    });
    expect(voiceCallStep(connected, { type: 'offer_withdrawn', connectionId: AGENT }).effects).toEqual({});
  });

  it('hold: the customer hears the music, the agent nobody; resume undoes it; twice is harmless', () => {
    const held = voiceCallStep(connected, { type: 'hold', legId: CUST, at: 5_000 });
    expect(held.state.customer).toEqual({ legId: CUST, held: true, heldSince: 5_000, muted: false });
    expect(Object.fromEntries(audioRoutes(held.effects.parties ?? []))).toEqual({
      [CUST]: { kind: 'music' },
      [AGENT]: { kind: 'parties', from: [] },
    });
    expect(voiceCallStep(held.state, { type: 'hold', legId: CUST, at: 9_000 })).toEqual({ state: held.state, effects: {} });
    const resumed = voiceCallStep(held.state, { type: 'resume', legId: CUST });
    expect(resumed.state).toEqual(connected);
    expect(resumed.effects.parties).toEqual(callParties(connected));
    expect(voiceCallStep(connected, { type: 'resume', legId: CUST }).effects).toEqual({});
  });

  it("hold and resume need a connected call and the customer's connection", () => {
    expect(() => voiceCallStep(start, { type: 'hold', legId: CUST, at: 1 })).toThrow(/not connected yet/);
    expect(() => voiceCallStep(connected, { type: 'hold', legId: AGENT, at: 1 })).toThrow(
      /only the customer's or a consulted party's connection is held/,
    );
    expect(() => voiceCallStep(connected, { type: 'resume', legId: 'nope' })).toThrow(/cannot be resumed/);
    const ended = step(connected, { type: 'ended' });
    expect(() => voiceCallStep(ended, { type: 'resume', legId: CUST })).toThrow(/has ended/);
  });

  it('mute: the agent (or the customer) is heard by nobody and hears as before; unmute; twice is harmless', () => {
    const muted = voiceCallStep(connected, { type: 'mute', legId: AGENT });
    expect(muted.state.agent).toEqual({ legId: AGENT, muted: true });
    expect(Object.fromEntries(audioRoutes(muted.effects.parties ?? []))).toEqual({
      [CUST]: { kind: 'parties', from: [] },
      [AGENT]: { kind: 'parties', from: [CUST] },
    });
    expect(voiceCallStep(muted.state, { type: 'mute', legId: AGENT }).effects).toEqual({});
    expect(voiceCallStep(muted.state, { type: 'unmute', legId: AGENT }).state).toEqual(connected);
    const customerMuted = voiceCallStep(connected, { type: 'mute', legId: CUST });
    expect(customerMuted.state.customer.muted).toBe(true);
    expect(voiceCallStep(customerMuted.state, { type: 'unmute', legId: CUST }).state).toEqual(connected);
    expect(() => voiceCallStep(connected, { type: 'mute', legId: 'nope' })).toThrow(/not on the call/);
    expect(() => voiceCallStep(start, { type: 'mute', legId: CUST })).toThrow(/not connected yet/);
  });

  it("digits: the customer's are kept in order (the newest 32) and recorded; others' and garbage are not", () => {
    const r = voiceCallStep(start, { type: 'digit', legId: CUST, digit: '1' });
    expect(r).toEqual({ state: { ...start, digits: '1' }, effects: { digit: '1' } });
    expect(step(connected, ...[...'159#'].map((d) => ({ type: 'digit', legId: CUST, digit: d }) as const)).digits).toBe('159#');
    expect(voiceCallStep(connected, { type: 'digit', legId: AGENT, digit: '1' }).effects).toEqual({});
    expect(voiceCallStep(connected, { type: 'digit', legId: CUST, digit: 'x' }).effects).toEqual({});
    const many = step(
      start,
      ...Array.from({ length: 40 }, (_, i) => ({ type: 'digit', legId: CUST, digit: String(i % 10) }) as const),
    );
    expect(many.digits).toBe('01234567890123456789012345678901234567890'.slice(8, 40));
    expect(many.digits).toHaveLength(MAX_CALL_DIGITS);
  });

  it("the customer hanging up ends the contact (CUSTOMER_DISCONNECT); the agent's leg closing does not", () => {
    expect(voiceCallStep(connected, { type: 'leg_closed', legId: CUST, hungUp: true }).effects).toEqual({
      endContact: 'CUSTOMER_DISCONNECT',
    });
    expect(voiceCallStep(start, { type: 'leg_closed', legId: CUST, hungUp: true }).effects).toEqual({
      endContact: 'CUSTOMER_DISCONNECT',
    });
    for (const hungUp of [true, false])
      expect(voiceCallStep(connected, { type: 'leg_closed', legId: AGENT, hungUp })).toEqual({ state: connected, effects: {} });
  });

  it("the customer's leg lost without a hangup (a reload, a new network) awaits their rejoin; the call is unchanged", () => {
    for (const s of [start, connected])
      expect(voiceCallStep(s, { type: 'leg_closed', legId: CUST, hungUp: false })).toEqual({
        state: s,
        effects: { awaitRejoin: true },
      });
    const ended = voiceCallStep(connected, { type: 'ended' }).state;
    expect(voiceCallStep(ended, { type: 'leg_closed', legId: CUST, hungUp: false })).toEqual({ state: ended, effects: {} });
  });

  it('the contact ends: every leg closes once; afterwards nothing changes and leg events are ignored', () => {
    const r = voiceCallStep(connected, { type: 'ended' });
    expect(r).toEqual({ state: { ...connected, ended: true }, effects: { endCall: true } });
    expect(callParties(r.state)).toEqual([]);
    for (const e of [
      { type: 'ended' },
      { type: 'leg_closed', legId: CUST, hungUp: true },
      { type: 'leg_closed', legId: CUST, hungUp: false },
      { type: 'digit', legId: CUST, digit: '1' },
      { type: 'agent_connected', connectionId: 'conn-b' },
    ] as const) {
      expect(voiceCallStep(r.state, e)).toEqual({ state: r.state, effects: {} });
    }
  });
});

describe('voiceCallStep: consult, swap, conference, transfer', () => {
  const B_CONTACT = 'contact-b';
  const B_LEG = 'conn-b';
  const THIRD = 'conn-third';
  const endpoint = { type: 'agent', name: 'Bob', arn: 'arn:user/bob' } as const;
  const consulting = step(connected, {
    type: 'consult',
    third: { connectionId: THIRD, contactId: B_CONTACT, endpoint },
    at: 1_000,
  });
  const answered = step(consulting, { type: 'third_connected', contactId: B_CONTACT, legId: B_LEG, at: 2_000 });
  const hears = (s: VoiceCallState) => Object.fromEntries(audioRoutes(callParties(s)));

  it('consult: the customer is held (music) and the third party rings; once they accept, the agents hear each other', () => {
    expect(consulting.customer).toMatchObject({ held: true, heldSince: 1_000 });
    expect(consulting.third).toEqual({
      connectionId: THIRD,
      contactId: B_CONTACT,
      endpoint,
      since: 1_000,
      held: false,
      muted: false,
    });
    expect(hears(consulting)).toEqual({ [CUST]: { kind: 'music' }, [AGENT]: { kind: 'parties', from: [] } });
    expect(answered.third).toMatchObject({ legId: B_LEG, connectedAt: 2_000 });
    expect(hears(answered)).toEqual({
      [CUST]: { kind: 'music' },
      [AGENT]: { kind: 'parties', from: [B_LEG] },
      [B_LEG]: { kind: 'parties', from: [AGENT] },
    });
    expect(() =>
      voiceCallStep(answered, { type: 'consult', third: { connectionId: 'x', contactId: 'y', endpoint }, at: 3 }),
    ).toThrow(/Bob is already on the call/);
    expect(() =>
      voiceCallStep(start, { type: 'consult', third: { connectionId: 'x', contactId: 'y', endpoint }, at: 3 }),
    ).toThrow(/not connected yet/);
  });

  it('swap puts the other one on hold; conference: all three hear each other; refusals in words', () => {
    expect(() => voiceCallStep(consulting, { type: 'swap', at: 3 })).toThrow(/Bob has not answered yet/);
    expect(() => voiceCallStep(connected, { type: 'conference' })).toThrow(/consult someone first/);
    const swapped = step(answered, { type: 'swap', at: 3_000 });
    expect(swapped.customer.held).toBe(false);
    expect(swapped.third).toMatchObject({ held: true, heldSince: 3_000 });
    expect(hears(swapped)).toEqual({
      [CUST]: { kind: 'parties', from: [AGENT] },
      [AGENT]: { kind: 'parties', from: [CUST] },
      [B_LEG]: { kind: 'music' },
    });
    expect(step(swapped, { type: 'swap', at: 4_000 }).customer).toMatchObject({ held: true, heldSince: 4_000 });
    const conference = step(swapped, { type: 'conference' });
    expect(hears(conference)).toEqual({
      [CUST]: { kind: 'parties', from: [AGENT, B_LEG] },
      [AGENT]: { kind: 'parties', from: [CUST, B_LEG] },
      [B_LEG]: { kind: 'parties', from: [CUST, AGENT] },
    });
    expect(voiceCallStep(conference, { type: 'conference' }).effects).toEqual({});
    expect(() => voiceCallStep(conference, { type: 'swap', at: 5 })).toThrow(/this is a conference/);
    // The third party's connection is held and resumed by its connection id on this contact.
    expect(step(conference, { type: 'hold', legId: THIRD, at: 6 }).third?.held).toBe(true);
    expect(step(conference, { type: 'mute', legId: THIRD }).third?.muted).toBe(true);
  });

  it('the third party leaves: their leg closes, the customer stays as they were', () => {
    const r = voiceCallStep(answered, { type: 'third_ended', contactId: B_CONTACT });
    expect(r.state.third).toBeUndefined();
    expect(r.state.customer.held).toBe(true);
    expect(r.effects).toEqual({ parties: callParties(r.state), closeLegs: [B_LEG] });
    expect(voiceCallStep(answered, { type: 'third_ended', contactId: 'other' }).effects).toEqual({});
  });

  it('the agent leaves a conference: the call moves to the third party, who talks with the customer', () => {
    const conference = step(answered, { type: 'conference' });
    const r = voiceCallStep(conference, { type: 'ended', agentLeft: true });
    expect(r.state).toMatchObject({ ended: true, movedTo: B_CONTACT });
    const moved = r.effects.move?.call as VoiceCallState;
    expect(r.effects.move?.contactId).toBe(B_CONTACT);
    expect(moved).toEqual({
      callId: 'call-1',
      customer: { legId: CUST, held: false, muted: false },
      agent: { legId: B_LEG, muted: false },
      digits: '',
      ended: false,
    });
    expect(r.effects.endCall).toBeUndefined();
    expect(Object.fromEntries(audioRoutes(r.effects.parties ?? []))).toEqual({
      [CUST]: { kind: 'parties', from: [B_LEG] },
      [B_LEG]: { kind: 'parties', from: [CUST] },
    });
    // Leaving during a consult is a warm transfer too: the customer is taken off hold.
    expect(voiceCallStep(answered, { type: 'ended', agentLeft: true }).effects.move?.call.customer.held).toBe(false);
    // Before the third party answers: the customer waits (hold music) for them.
    const early = voiceCallStep(consulting, { type: 'ended', agentLeft: true });
    expect(early.effects.move?.call.agent).toBeUndefined();
    expect(early.effects.parties).toEqual([{ id: CUST, role: 'customer', state: 'held', muted: false }]);
  });

  it('the customer hanging up during a consult ends the consult contact too', () => {
    expect(voiceCallStep(answered, { type: 'ended' }).effects).toEqual({ endCall: true, endContacts: [B_CONTACT] });
  });

  it('a cold transfer moves the call to the new contact with nobody on it yet; a consult in progress ends', () => {
    const r = voiceCallStep(connected, { type: 'transferred', contactId: 'contact-new' });
    expect(r.state).toMatchObject({ ended: true, movedTo: 'contact-new' });
    expect(r.effects.move).toEqual({ contactId: 'contact-new', call: { ...start, digits: '' } });
    expect(r.effects.parties).toEqual([{ id: CUST, role: 'customer', state: 'held', muted: false }]);
    const withThird = voiceCallStep(answered, { type: 'transferred', contactId: 'contact-new' });
    expect(withThird.effects).toMatchObject({ endContacts: [B_CONTACT], closeLegs: [B_LEG] });
  });
});

describe('voiceCallStep: monitor and barge', () => {
  const SUP = 'conn-sup';
  const MON = 'contact-mon';
  const both = ['SILENT_MONITOR', 'BARGE'] as const;
  const monitor = (capabilities: readonly ('SILENT_MONITOR' | 'BARGE')[] = both): VoiceCallEvent => ({
    type: 'monitor',
    monitor: { contactId: MON, legId: SUP, userId: 'carol', mode: 'SILENT_MONITOR', capabilities },
    at: 7_000,
  });
  const hearing = (s: VoiceCallState) => Object.fromEntries(audioRoutes(callParties(s)));
  const monitored = step(connected, monitor());

  it('a silent monitor hears both; neither hears them', () => {
    const r = voiceCallStep(connected, monitor());
    expect(r.state.monitors).toEqual([
      {
        contactId: MON,
        legId: SUP,
        userId: 'carol',
        mode: 'SILENT_MONITOR',
        capabilities: both,
        since: 7_000,
        modeSince: 7_000,
        muted: false,
      },
    ]);
    expect(r.effects.parties).toEqual([
      ...callParties(connected),
      { id: SUP, role: 'supervisor', state: 'monitor', muted: false },
    ]);
    expect(hearing(r.state)).toEqual({
      [CUST]: { kind: 'parties', from: [AGENT] },
      [AGENT]: { kind: 'parties', from: [CUST] },
      [SUP]: { kind: 'parties', from: [CUST, AGENT] },
    });
  });

  it('barge: everyone hears the supervisor; back to silent monitoring as before', () => {
    const barged = voiceCallStep(monitored, { type: 'monitor_mode', contactId: MON, mode: 'BARGE', at: 9_000 });
    expect(barged.state.monitors?.[0]).toMatchObject({ mode: 'BARGE', modeSince: 9_000, since: 7_000 });
    expect(hearing(barged.state)).toEqual({
      [CUST]: { kind: 'parties', from: [AGENT, SUP] },
      [AGENT]: { kind: 'parties', from: [CUST, SUP] },
      [SUP]: { kind: 'parties', from: [CUST, AGENT] },
    });
    expect(voiceCallStep(barged.state, { type: 'monitor_mode', contactId: MON, mode: 'BARGE', at: 10_000 }).effects).toEqual({});
    const back = step(barged.state, { type: 'monitor_mode', contactId: MON, mode: 'SILENT_MONITOR', at: 11_000 });
    expect(hearing(back)).toEqual(hearing(monitored));
  });

  it('while barging the supervisor force-mutes the agent, who cannot unmute; lifted by them or by leaving barge', () => {
    const barged = step(monitored, { type: 'monitor_mode', contactId: MON, mode: 'BARGE', at: 9_000 });
    expect(() => voiceCallStep(monitored, { type: 'mute', legId: AGENT, by: MON })).toThrow(/Barge in first/);
    const forced = step(barged, { type: 'mute', legId: AGENT, by: MON });
    expect(forced.agent).toEqual({ legId: AGENT, muted: false, forcedMute: true });
    expect(hearing(forced)[CUST]).toEqual({ kind: 'parties', from: [SUP] });
    expect(() => voiceCallStep(forced, { type: 'unmute', legId: AGENT })).toThrow(/A supervisor muted you/);
    // The agent's own mute stays theirs.
    expect(step(forced, { type: 'mute', legId: AGENT }).agent).toEqual({ legId: AGENT, muted: true, forcedMute: true });
    expect(step(forced, { type: 'unmute', legId: AGENT, by: MON }).agent).toEqual({ legId: AGENT, muted: false });
    const silent = step(forced, { type: 'monitor_mode', contactId: MON, mode: 'SILENT_MONITOR', at: 12_000 });
    expect(silent.agent).toEqual({ legId: AGENT, muted: false });
    expect(hearing(silent)).toEqual(hearing(monitored));
    const left = voiceCallStep(forced, { type: 'monitor_left', contactId: MON });
    expect(left.state.agent).toEqual({ legId: AGENT, muted: false });
    expect(left.state.monitors).toBeUndefined();
    expect(left.effects.closeLegs).toEqual([SUP]);
    expect(left.effects.parties).toEqual(callParties(connected));
  });

  it("the supervisor's own mute; the customer's while barging; refusals in words", () => {
    const selfMuted = step(
      monitored,
      { type: 'monitor_mode', contactId: MON, mode: 'BARGE', at: 9 },
      { type: 'mute', legId: SUP, by: MON },
    );
    expect(hearing(selfMuted)[CUST]).toEqual({ kind: 'parties', from: [AGENT] });
    const custMuted = step(
      monitored,
      { type: 'monitor_mode', contactId: MON, mode: 'BARGE', at: 9 },
      { type: 'mute', legId: CUST, by: MON },
    );
    expect(custMuted.customer.muted).toBe(true);
    expect(() => voiceCallStep(connected, { type: 'mute', legId: SUP, by: MON })).toThrow(/not monitoring/);
    expect(() => voiceCallStep(monitored, { type: 'unmute', legId: 'nope', by: MON })).toThrow(/Barge in first/);
    expect(() => voiceCallStep(start, monitor())).toThrow(/not connected yet/);
    expect(() => voiceCallStep(monitored, monitor())).toThrow(/already monitoring/);
    const silentOnly = step(connected, monitor(['SILENT_MONITOR']));
    expect(() => voiceCallStep(silentOnly, { type: 'monitor_mode', contactId: MON, mode: 'BARGE', at: 1 })).toThrow(
      /Barge is not allowed/,
    );
    expect(() => voiceCallStep(connected, { type: 'monitor_mode', contactId: MON, mode: 'BARGE', at: 1 })).toThrow(
      /not monitoring/,
    );
    // The agent cannot mute the supervisor: their leg is not the agent's to touch.
    expect(() => voiceCallStep(monitored, { type: 'mute', legId: SUP })).toThrow(/not on the call/);
  });

  it('the call ends: the monitoring contacts end; it moves (a transfer): the supervisors leave', () => {
    expect(voiceCallStep(monitored, { type: 'ended' }).effects).toEqual({ endCall: true, endContacts: [MON] });
    const moved = voiceCallStep(monitored, { type: 'transferred', contactId: 'contact-new' });
    expect(moved.effects.endContacts).toEqual([MON]);
    expect(moved.effects.closeLegs).toEqual([SUP]);
    expect(moved.effects.move?.call.monitors).toBeUndefined();
    expect(voiceCallStep(moved.state, { type: 'monitor_left', contactId: MON }).effects).toEqual({});
  });
});

describe('voiceCallStep: any sequence of events', () => {
  const leg = fc.constantFrom(CUST, AGENT, 'conn-b');
  const event: fc.Arbitrary<VoiceCallEvent> = fc.oneof(
    fc.record({ type: fc.constant('agent_connected' as const), connectionId: fc.constantFrom(AGENT, 'conn-b') }),
    fc.record({ type: fc.constant('offer_withdrawn' as const), connectionId: leg }),
    fc.record({ type: fc.constant('hold' as const), legId: leg, at: fc.nat() }),
    fc.record({ type: fc.constantFrom('resume' as const, 'mute' as const, 'unmute' as const), legId: leg }),
    // Supervisors: weighted, so that sequences reach barging and forced mutes often.
    {
      weight: 4,
      arbitrary: fc.record({
        type: fc.constantFrom('mute' as const, 'unmute' as const),
        legId: fc.constantFrom(CUST, AGENT, 'conn-b', 'conn-sup'),
        by: fc.constantFrom('contact-mon', 'x'),
      }),
    },
    {
      weight: 3,
      arbitrary: fc.record({
        type: fc.constant('monitor' as const),
        monitor: fc.record({
          contactId: fc.constant('contact-mon'),
          legId: fc.constant('conn-sup'),
          userId: fc.constant('carol'),
          mode: fc.constantFrom('SILENT_MONITOR' as const, 'BARGE' as const),
          capabilities: fc.constantFrom(['SILENT_MONITOR' as const], ['SILENT_MONITOR' as const, 'BARGE' as const]),
        }),
        at: fc.nat(),
      }),
    },
    {
      weight: 4,
      arbitrary: fc.record({
        type: fc.constant('monitor_mode' as const),
        contactId: fc.constantFrom('contact-mon', 'x'),
        mode: fc.constantFrom('SILENT_MONITOR' as const, 'BARGE' as const),
        at: fc.nat(),
      }),
    },
    fc.record({ type: fc.constant('monitor_left' as const), contactId: fc.constantFrom('contact-mon', 'x') }),
    fc.record({ type: fc.constant('digit' as const), legId: leg, digit: fc.constantFrom('1', '#', '*', 'D', 'x', '') }),
    fc.record({ type: fc.constant('leg_closed' as const), legId: leg, hungUp: fc.boolean() }),
    fc.constant({ type: 'ended' as const }),
    fc.record({ type: fc.constant('ended' as const), agentLeft: fc.boolean() }),
    fc.record({
      type: fc.constant('consult' as const),
      third: fc.constant({
        connectionId: 'conn-third',
        contactId: 'contact-b',
        endpoint: { type: 'queue', name: 'Q', arn: 'q' } as const,
      }),
      at: fc.nat(),
    }),
    fc.record({
      type: fc.constant('third_connected' as const),
      contactId: fc.constantFrom('contact-b', 'x'),
      legId: fc.constant('conn-b'),
      at: fc.nat(),
    }),
    fc.record({ type: fc.constant('third_ended' as const), contactId: fc.constantFrom('contact-b', 'x') }),
    fc.record({ type: fc.constant('swap' as const), at: fc.nat() }),
    fc.constant({ type: 'conference' as const }),
    fc.record({ type: fc.constant('transferred' as const), contactId: fc.constant('contact-new') }),
  );

  /** Runs `events` from `s0`, checking every step (see the two properties below). */
  function runSequence(s0: VoiceCallState, events: readonly VoiceCallEvent[]): void {
    let s = s0;
    let endCalls = 0;
    for (const e of events) {
      let r: ReturnType<typeof voiceCallStep>;
      try {
        r = voiceCallStep(s, e);
      } catch (err) {
        // Refused: only commands, and only when the call cannot take them.
        expect(['hold', 'resume', 'mute', 'unmute', 'consult', 'swap', 'conference', 'monitor', 'monitor_mode']).toContain(
          e.type,
        );
        expect((err as Error).name).toMatch(/InvalidStateException|InvalidParameterException|AccessDeniedException/);
        continue;
      }
      if (s.ended) expect(r.state).toEqual(s);
      if (r.effects.parties && !r.effects.move) expect(r.effects.parties).toEqual(callParties(r.state));
      if (r.effects.endCall || r.effects.move) endCalls++;
      if (r.effects.move) expect(r.effects.parties).toEqual(callParties(r.effects.move.call));
      if (r.effects.move) expect(r.state).toMatchObject({ ended: true, movedTo: r.effects.move.contactId });
      s = r.state;
      expect(s.customer.held).toBe(s.customer.heldSince !== undefined);
      if (s.third) expect(s.third.held).toBe(s.third.heldSince !== undefined);
      // Only a connected call has a third party; held parties hear the music.
      if (s.third && !s.ended) expect(s.agent).toBeDefined();
      expect(s.digits.length).toBeLessThanOrEqual(MAX_CALL_DIGITS);
      expect(s.digits).toMatch(/^[0-9*#A-D]*$/);
      const routes = audioRoutes(callParties(s));
      if (!s.ended && s.customer.held) expect(routes.get(CUST)).toEqual({ kind: 'music' });
      if (s.agent && !s.ended) {
        const customerHearsAgent = (routes.get(CUST) as { from?: string[] }).from?.includes(s.agent.legId) ?? false;
        expect(customerHearsAgent).toBe(!s.customer.held && !s.agent.muted && !s.agent.forcedMute);
      }
      // Supervisors: only on a connected call, once each; a forced mute only while one barges.
      const monitors = s.monitors ?? [];
      if (monitors.length > 0 && !s.ended) expect(s.agent).toBeDefined();
      expect(new Set(monitors.map((m) => m.userId)).size).toBe(monitors.length);
      if (s.agent?.forcedMute) expect(monitors.some((m) => m.mode === 'BARGE')).toBe(true);
      for (const m of monitors) {
        expect(m.capabilities).toContain(m.mode);
        if (s.ended) continue;
        // A silent monitor is heard by nobody and hears every party that speaks; a barging
        // one (not muted) is heard by every active party.
        for (const [id, h] of routes) {
          if (id === m.legId || h.kind !== 'parties') continue;
          const listener = callParties(s).find((p) => p.id === id);
          const heard = h.from.includes(m.legId);
          if (m.mode === 'SILENT_MONITOR' || m.muted) expect(heard).toBe(false);
          else if (listener?.state === 'active') expect(heard).toBe(true);
        }
        const hears = routes.get(m.legId);
        const speaking = callParties(s).filter((p) => p.id !== m.legId && p.state === 'active' && !p.muted);
        expect(hears).toEqual({ kind: 'parties', from: expect.arrayContaining(speaking.map((p) => p.id)) });
      }
    }
    expect(endCalls).toBe(s.ended ? 1 : 0);
  }

  it('effects name the new parties; ended is final and ended once; holds and mutes are what is heard', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.array(event, { maxLength: 40 }), (fromConnected, events) =>
        runSequence(fromConnected ? connected : start, events),
      ),
    );
  });

  // From a call a supervisor monitors (barge allowed), mostly supervisors' events: barge,
  // forced mutes and leaving are reached in most runs.
  const supervisorEvent: fc.Arbitrary<VoiceCallEvent> = fc.oneof(
    {
      weight: 5,
      arbitrary: fc.record({
        type: fc.constantFrom('mute' as const, 'unmute' as const),
        legId: fc.constantFrom(CUST, AGENT, AGENT, 'conn-sup'),
        by: fc.constant('contact-mon'),
      }),
    },
    {
      weight: 4,
      arbitrary: fc.record({
        type: fc.constant('monitor_mode' as const),
        contactId: fc.constant('contact-mon'),
        mode: fc.constantFrom('SILENT_MONITOR' as const, 'BARGE' as const, 'BARGE' as const),
        at: fc.nat(),
      }),
    },
    { weight: 2, arbitrary: fc.record({ type: fc.constantFrom('mute' as const, 'unmute' as const), legId: fc.constant(AGENT) }) },
    { weight: 1, arbitrary: fc.record({ type: fc.constant('monitor_left' as const), contactId: fc.constant('contact-mon') }) },
    {
      weight: 1,
      arbitrary: fc.record({
        type: fc.constant('monitor' as const),
        monitor: fc.constant({
          contactId: 'contact-mon',
          legId: 'conn-sup',
          userId: 'carol',
          mode: 'SILENT_MONITOR' as const,
          capabilities: ['SILENT_MONITOR' as const, 'BARGE' as const],
        }),
        at: fc.nat(),
      }),
    },
    { weight: 3, arbitrary: event },
  );
  const watched = voiceCallStep(connected, {
    type: 'monitor',
    monitor: {
      contactId: 'contact-mon',
      legId: 'conn-sup',
      userId: 'carol',
      mode: 'SILENT_MONITOR',
      capabilities: ['SILENT_MONITOR', 'BARGE'],
    },
    at: 1,
  }).state;

  it('supervisors: a silent monitor is heard by nobody, a barging one by all; a forced mute only while one barges', () => {
    fc.assert(
      fc.property(fc.array(supervisorEvent, { maxLength: 40 }), (events) => runSequence(watched, events)),
      { numRuns: 200 },
    );
  });
});
