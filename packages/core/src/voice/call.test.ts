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
const start = newVoiceCall(CUST);
const step = (s: VoiceCallState, ...events: VoiceCallEvent[]): VoiceCallState =>
  events.reduce((x, e) => voiceCallStep(x, e).state, s);
const connected = step(start, { type: 'agent_connected', connectionId: AGENT });

describe('voiceCallStep: each event', () => {
  it('a new call: the customer alone, active, nothing heard', () => {
    expect(start).toEqual({ customer: { legId: CUST, held: false, muted: false }, digits: '', ended: false });
    expect(callParties(start)).toEqual([{ id: CUST, role: 'customer', state: 'active', muted: false }]);
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
      /only the customer's connection is held/,
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

  it("the customer's leg closing ends the contact (CUSTOMER_DISCONNECT); the agent's does not", () => {
    expect(voiceCallStep(connected, { type: 'leg_closed', legId: CUST }).effects).toEqual({
      endContact: 'CUSTOMER_DISCONNECT',
    });
    expect(voiceCallStep(start, { type: 'leg_closed', legId: CUST }).effects).toEqual({ endContact: 'CUSTOMER_DISCONNECT' });
    expect(voiceCallStep(connected, { type: 'leg_closed', legId: AGENT })).toEqual({ state: connected, effects: {} });
  });

  it('the contact ends: every leg closes once; afterwards nothing changes and leg events are ignored', () => {
    const r = voiceCallStep(connected, { type: 'ended' });
    expect(r).toEqual({ state: { ...connected, ended: true }, effects: { endCall: true } });
    expect(callParties(r.state)).toEqual([]);
    for (const e of [
      { type: 'ended' },
      { type: 'leg_closed', legId: CUST },
      { type: 'digit', legId: CUST, digit: '1' },
      { type: 'agent_connected', connectionId: 'conn-b' },
    ] as const) {
      expect(voiceCallStep(r.state, e)).toEqual({ state: r.state, effects: {} });
    }
  });
});

describe('voiceCallStep: any sequence of events', () => {
  const leg = fc.constantFrom(CUST, AGENT, 'conn-b');
  const event: fc.Arbitrary<VoiceCallEvent> = fc.oneof(
    fc.record({ type: fc.constant('agent_connected' as const), connectionId: fc.constantFrom(AGENT, 'conn-b') }),
    fc.record({ type: fc.constant('offer_withdrawn' as const), connectionId: leg }),
    fc.record({ type: fc.constant('hold' as const), legId: leg, at: fc.nat() }),
    fc.record({ type: fc.constantFrom('resume' as const, 'mute' as const, 'unmute' as const), legId: leg }),
    fc.record({ type: fc.constant('digit' as const), legId: leg, digit: fc.constantFrom('1', '#', '*', 'D', 'x', '') }),
    fc.record({ type: fc.constant('leg_closed' as const), legId: leg }),
    fc.constant({ type: 'ended' as const }),
  );

  it('effects name the new parties; ended is final and ended once; holds and mutes are what is heard', () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 40 }), (events) => {
        let s = start;
        let endCalls = 0;
        for (const e of events) {
          let r: ReturnType<typeof voiceCallStep>;
          try {
            r = voiceCallStep(s, e);
          } catch (err) {
            // Refused: only commands, and only when the call cannot take them.
            expect(['hold', 'resume', 'mute', 'unmute']).toContain(e.type);
            expect((err as Error).name).toMatch(/InvalidStateException|InvalidParameterException/);
            continue;
          }
          if (s.ended) expect(r.state).toEqual(s);
          if (r.effects.parties) expect(r.effects.parties).toEqual(callParties(r.state));
          if (r.effects.endCall) endCalls++;
          s = r.state;
          expect(s.customer.held).toBe(s.customer.heldSince !== undefined);
          expect(s.digits.length).toBeLessThanOrEqual(MAX_CALL_DIGITS);
          expect(s.digits).toMatch(/^[0-9*#A-D]*$/);
          const routes = audioRoutes(callParties(s));
          if (!s.ended && s.customer.held) expect(routes.get(CUST)).toEqual({ kind: 'music' });
          if (s.agent && !s.ended) {
            const customerHearsAgent = (routes.get(CUST) as { from?: string[] }).from?.includes(s.agent.legId) ?? false;
            expect(customerHearsAgent).toBe(!s.customer.held && !s.agent.muted);
          }
        }
        expect(endCalls).toBe(s.ended ? 1 : 0);
      }),
    );
  });
});
