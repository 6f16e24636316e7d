/** The direct softphone's retry decision (`afterLegEnd`): a pure function of the tries and how the leg ended. */
import { describe, expect, it } from 'vitest';
import { afterLegEnd, LEG_RETRIES, type LegEnd } from './softphone.js';

const conflict: LegEnd = { state: 'failed', error: 'ConflictException', connected: false, stillOn: true };

describe('afterLegEnd', () => {
  it('a reloaded page refused while the old leg is open tries again LEG_RETRIES times, then gives up', () => {
    const decisions: string[] = [];
    let retries = 0;
    for (;;) {
      const next = afterLegEnd(retries, conflict);
      decisions.push(next);
      if (next !== 'retry') break;
      retries++;
    }
    expect(LEG_RETRIES).toBe(5);
    expect(decisions).toEqual(['retry', 'retry', 'retry', 'retry', 'retry', 'give-up']);
  });

  it('a leg that dropped mid-call reopens, failed or ended, while the contact shows the agent on it', () => {
    expect(afterLegEnd(0, { state: 'ended', connected: true, stillOn: true })).toBe('retry');
    expect(afterLegEnd(0, { state: 'failed', error: 'NetworkError', connected: true, stillOn: true })).toBe('retry');
    expect(afterLegEnd(LEG_RETRIES, { state: 'ended', connected: true, stillOn: true })).toBe('give-up');
  });

  it('a call that is over for the agent is done, however its leg ended', () => {
    expect(afterLegEnd(0, { ...conflict, stillOn: false })).toBe('done');
    expect(afterLegEnd(LEG_RETRIES, { state: 'ended', connected: true, stillOn: false })).toBe('done');
  });

  it('gives up at once when trying again cannot help: a refused token, a leg that never opened for another reason', () => {
    expect(afterLegEnd(0, { state: 'failed', error: 'AccessDeniedException', connected: true, stillOn: true })).toBe('give-up');
    expect(afterLegEnd(0, { state: 'failed', error: 'NetworkError', connected: false, stillOn: true })).toBe('give-up');
    expect(afterLegEnd(0, { state: 'ended', connected: false, stillOn: true })).toBe('give-up');
  });
});
