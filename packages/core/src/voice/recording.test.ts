/**
 * A voice contact's recording, pure: armed by the flow, started when the agent joins or by
 * StartContactRecording, paused and resumed (each pause kept with its span), stopped for
 * good; and with fast-check over any sequence of events: the effects always match the
 * change of status, pauses never overlap and are closed once stopped, and refusals change
 * nothing.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  newRecording,
  participantsOfTrack,
  pausedRecordingMillis,
  type RecordingEvent,
  type RecordingState,
  recordingStep,
} from './recording.js';

const run = (state: RecordingState, ...events: RecordingEvent[]) => {
  let s = state;
  const effects = [];
  for (const e of events) {
    const step = recordingStep(s, e);
    s = step.state;
    effects.push(step.effects);
  }
  return { state: s, effects };
};

describe('recording', () => {
  it('armed by the flow, it starts when the agent joins; pauses keep their span; the end stops it', () => {
    const armed = newRecording(['CUSTOMER', 'AGENT', 'CUSTOMER']);
    expect(armed).toEqual({ participants: ['AGENT', 'CUSTOMER'], status: 'idle', connected: false, pauses: [] });
    const { state, effects } = run(
      armed,
      { type: 'connected', at: 1000 },
      { type: 'pause', at: 3000 },
      { type: 'pause', at: 3500 },
      { type: 'resume', at: 5000 },
      { type: 'pause', at: 8000 },
      { type: 'ended', at: 9000 },
    );
    expect(effects).toEqual([
      { start: { participants: ['AGENT', 'CUSTOMER'] } },
      { pause: true },
      {},
      { resume: true },
      { pause: true },
      { stop: true },
    ]);
    expect(state).toMatchObject({
      status: 'stopped',
      startedAt: 1000,
      stoppedAt: 9000,
      pauses: [
        { from: 3000, to: 5000 },
        { from: 8000, to: 9000 },
      ],
    });
    expect(pausedRecordingMillis(state, 20_000)).toBe(3000);
    const files = [{ name: 'mixed.webm', participant: 'ALL' as const, bytes: 10, startedAt: 1000, stoppedAt: 9000 }];
    expect(recordingStep(state, { type: 'finished', files }).state.files).toEqual(files);
  });

  it('without a behaviour nothing is recorded; StartContactRecording before the agent joins arms it', () => {
    const off = run(newRecording(), { type: 'connected', at: 1 }, { type: 'ended', at: 2 });
    expect(off.effects).toEqual([{}, {}]);
    expect(off.state.status).toBe('idle');

    const armed = run(newRecording(), { type: 'start', at: 1, participants: participantsOfTrack('FROM_AGENT') });
    expect(armed.state).toMatchObject({ participants: ['AGENT'], status: 'idle' });
    expect(recordingStep(armed.state, { type: 'connected', at: 5 }).effects).toEqual({ start: { participants: ['AGENT'] } });

    const late = run(newRecording(), { type: 'connected', at: 1 }, { type: 'start', at: 7, participants: ['CUSTOMER'] });
    expect(late.effects[1]).toEqual({ start: { participants: ['CUSTOMER'] } });
    expect(late.state).toMatchObject({ status: 'recording', startedAt: 7 });
    // Starting a running recording changes nothing.
    expect(recordingStep(late.state, { type: 'start', at: 9, participants: ['AGENT'] })).toEqual({
      state: late.state,
      effects: {},
    });
    expect(participantsOfTrack('TO_AGENT')).toEqual(['CUSTOMER']);
    expect(participantsOfTrack('ALL')).toEqual(['AGENT', 'CUSTOMER']);
  });

  it('refuses in words: pausing what is not recorded, restarting a stopped recording, recording nobody', () => {
    expect(() => recordingStep(newRecording(), { type: 'pause', at: 1 })).toThrow(/not being recorded/);
    expect(() => recordingStep(newRecording(['AGENT']), { type: 'pause', at: 1 })).toThrow(/starts when the agent joins/);
    expect(() => recordingStep(newRecording(), { type: 'resume', at: 1 })).toThrow(/not being recorded/);
    expect(() => recordingStep(newRecording(), { type: 'stop', at: 1 })).toThrow(/not being recorded/);
    expect(() => recordingStep(newRecording(), { type: 'start', at: 1, participants: [] })).toThrow(/Nobody to record/);
    const stopped = run(newRecording(['AGENT']), { type: 'connected', at: 1 }, { type: 'stop', at: 2 }).state;
    expect(stopped.status).toBe('stopped');
    expect(() => recordingStep(stopped, { type: 'start', at: 3, participants: ['AGENT'] })).toThrow(
      /StartContactRecording cannot restart it/,
    );
    expect(() => recordingStep(stopped, { type: 'pause', at: 3 })).toThrow(/has stopped/);
    expect(recordingStep(stopped, { type: 'stop', at: 4 })).toEqual({ state: stopped, effects: {} });
    // An armed recording stopped before the agent joined never starts.
    const disarmed = run(newRecording(['AGENT']), { type: 'stop', at: 1 }, { type: 'connected', at: 2 });
    expect(disarmed.effects).toEqual([{}, {}]);
  });

  it('any sequence: effects follow the status, pauses are ordered and closed once stopped, refusals change nothing', () => {
    const participants = fc.subarray(['AGENT', 'CUSTOMER'] as const);
    const event = fc.oneof(
      fc.constant({ type: 'connected' } as const),
      participants.map((p) => ({ type: 'start', participants: p }) as const),
      fc.constant({ type: 'pause' } as const),
      fc.constant({ type: 'resume' } as const),
      fc.constant({ type: 'stop' } as const),
      fc.constant({ type: 'ended' } as const),
    );
    fc.assert(
      fc.property(
        participants,
        fc.array(fc.tuple(event, fc.integer({ min: 0, max: 5000 })), { maxLength: 30 }),
        (initial, seq) => {
          let state = newRecording(initial);
          let at = 0;
          let started = 0;
          for (const [e, gap] of seq) {
            at += gap;
            let step: ReturnType<typeof recordingStep>;
            try {
              step = recordingStep(state, { ...e, at } as RecordingEvent);
            } catch (err) {
              expect((err as Error).name).toBe('InvalidRequestException');
              continue;
            }
            const before = state.status;
            const after = step.state.status;
            expect(step.effects.start !== undefined).toBe(before === 'idle' && after === 'recording');
            expect(step.effects.pause === true).toBe(before === 'recording' && after === 'paused');
            expect(step.effects.resume === true).toBe(before === 'paused' && after === 'recording');
            expect(step.effects.stop === true).toBe((before === 'recording' || before === 'paused') && after === 'stopped');
            if (step.effects.start) {
              started++;
              expect(step.effects.start.participants.length).toBeGreaterThan(0);
            }
            if (before === 'stopped') expect(after).toBe('stopped');
            state = step.state;
          }
          expect(started).toBeLessThanOrEqual(1);
          let last = -1;
          for (const [i, p] of state.pauses.entries()) {
            expect(p.from).toBeGreaterThanOrEqual(last);
            if (p.to !== undefined) {
              expect(p.to).toBeGreaterThanOrEqual(p.from);
              last = p.to;
            } else expect(i).toBe(state.pauses.length - 1);
          }
          if (state.status === 'stopped' || state.status === 'recording') {
            expect(state.pauses.every((p) => p.to !== undefined)).toBe(true);
          }
          expect(state.status === 'paused').toBe(state.pauses.at(-1)?.to === undefined && state.pauses.length > 0);
        },
      ),
    );
  });
});
