import { describe, expect, it } from 'vitest';
import { contact } from '../test/contacts.js';
import { outcome } from './settle.js';

describe('when an operation has taken effect (its own contact only)', () => {
  it('accept: connected (or already ended); a missed offer fails', () => {
    expect(outcome('connected', contact({ state: 'connecting' }))).toEqual({ done: false });
    expect(outcome('connected', contact({ state: 'connected' }))).toEqual({ done: true });
    expect(outcome('connected', contact({ state: 'ended' }))).toEqual({ done: true });
    expect(outcome('connected', contact({ state: 'missed' }))).toEqual({
      done: false,
      failed: 'the offer timed out before it was accepted',
    });
    expect(outcome('connected', undefined).done).toBe(false);
    expect(outcome('connected', undefined)).toHaveProperty('failed');
  });

  it('decline, end and wrap-up: the contact gone (or in after-contact work for end)', () => {
    expect(outcome('declined', undefined)).toEqual({ done: true });
    expect(outcome('declined', contact({ state: 'connecting' }))).toEqual({ done: false });
    expect(outcome('ended', contact({ state: 'connected' }))).toEqual({ done: false });
    expect(outcome('ended', contact({ state: 'ended' }))).toEqual({ done: true });
    expect(outcome('gone', contact({ state: 'ended' }))).toEqual({ done: false });
    expect(outcome('gone', undefined)).toEqual({ done: true });
  });

  it('hold and resume: a paused task, a held customer', () => {
    expect(outcome('held', contact({ type: 'task', state: 'paused' }))).toEqual({ done: true });
    expect(outcome('held', contact({ type: 'voice', customer: 'hold' }))).toEqual({ done: true });
    expect(outcome('held', contact({ type: 'voice' }))).toEqual({ done: false });
    expect(outcome('resumed', contact({ type: 'voice' }))).toEqual({ done: true });
    expect(outcome('held', contact({ type: 'voice', state: 'ended' }))).toEqual({ done: false, failed: 'the task is ended' });
  });

  it('consult, conference, recording and mute', () => {
    expect(outcome('consultPlaced', contact({ type: 'voice', customer: 'hold', third: 'connecting' }))).toEqual({ done: true });
    expect(outcome('consultOver', contact({ type: 'voice', customer: 'hold', third: 'connecting' }))).toEqual({ done: false });
    expect(outcome('consultOver', contact({ type: 'voice', customer: 'hold', third: 'disconnected' }))).toEqual({ done: true });
    expect(outcome('conference', contact({ type: 'voice', third: 'connected' }))).toEqual({ done: true });
    expect(outcome('conference', contact({ type: 'voice', customer: 'hold', third: 'connected' }))).toEqual({ done: false });
    expect(outcome('conference', contact({ type: 'voice' }))).toEqual({
      done: false,
      failed: 'the consulted party is not on the call',
    });
    expect(outcome('recordingPaused', contact({ type: 'voice', recording: 'paused' }))).toEqual({ done: true });
    expect(outcome('recordingResumed', contact({ type: 'voice', recording: 'paused' }))).toEqual({ done: false });
    expect(outcome('muted', contact({ type: 'voice', muted: true }))).toEqual({ done: true });
    expect(outcome('unmuted', contact({ type: 'voice', muted: true }))).toEqual({ done: false });
  });
});
