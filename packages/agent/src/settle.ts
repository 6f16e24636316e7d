/**
 * When a task's operation has taken effect: each operation waits for the server's answer
 * AND for the change it causes to show in the agent's data, for its own contact only (so
 * operations on different tasks never wait on each other's changes). {@link outcome} is
 * the pure check of one contact (or its absence) against what an operation waits for.
 */
import type { ContactData } from '@switchboard/agent-client';
import { type ContactFacts, factsOf } from './derive.js';
import type { TaskOperation } from './errors.js';

/** What an operation waits to see in its contact. */
export type Expectation =
  | 'connected'
  | 'declined'
  | 'ended'
  | 'gone'
  | 'held'
  | 'resumed'
  | 'consultPlaced'
  | 'consultOver'
  | 'conference'
  | 'recordingPaused'
  | 'recordingResumed'
  | 'muted'
  | 'unmuted';

export type Outcome = { readonly done: true } | { readonly done: false; readonly failed?: string };

const DONE: Outcome = { done: true };
const WAIT: Outcome = { done: false };
const fail = (failed: string): Outcome => ({ done: false, failed });

/** Whether `contact` (undefined: no longer in the agent's data) shows what `expect` waits for. */
export function outcome(expect: Expectation, contact: ContactData<string> | undefined): Outcome {
  if (!contact) {
    return expect === 'gone' || expect === 'declined' || expect === 'ended'
      ? DONE
      : fail('the task left the agent’s data (it ended, or was declined or cleared elsewhere)');
  }
  const f: ContactFacts = factsOf(contact);
  switch (expect) {
    case 'connected':
      if (f.phase === 'connected' || f.phase === 'ended') return DONE;
      return f.phase === 'missed' ? fail('the offer timed out before it was accepted') : WAIT;
    case 'declined':
      return f.phase === 'offered' ? WAIT : f.phase === 'missed' || f.phase === 'other' ? DONE : fail(`the task is ${f.phase}`);
    case 'ended':
      return f.phase === 'ended' || f.phase === 'other' || f.phase === 'missed' ? DONE : WAIT;
    case 'gone':
      return WAIT;
    case 'held':
      return f.held ? DONE : f.phase === 'connected' ? WAIT : fail(`the task is ${f.phase}`);
    case 'resumed':
      return !f.held ? DONE : f.phase === 'connected' ? WAIT : fail(`the task is ${f.phase}`);
    case 'consultPlaced':
      return f.third !== 'none' ? DONE : f.phase === 'connected' ? WAIT : fail(`the call is ${f.phase}`);
    case 'consultOver':
      return f.third === 'none' ? DONE : WAIT;
    case 'conference':
      return f.conference
        ? DONE
        : f.phase === 'connected' && f.third !== 'none'
          ? WAIT
          : fail('the consulted party is not on the call');
    case 'recordingPaused':
      return f.recording === 'paused' ? DONE : f.phase === 'connected' ? WAIT : fail(`the call is ${f.phase}`);
    case 'recordingResumed':
      return f.recording === 'recording' ? DONE : f.phase === 'connected' ? WAIT : fail(`the call is ${f.phase}`);
    case 'muted':
      return f.muted ? DONE : f.phase === 'connected' ? WAIT : fail(`the call is ${f.phase}`);
    case 'unmuted':
      return !f.muted ? DONE : f.phase === 'connected' ? WAIT : fail(`the call is ${f.phase}`);
  }
}

/** What each expectation waits for, in words (for timeouts). */
export const EXPECTED_WORDS: Readonly<Record<Expectation, string>> = {
  connected: 'the task connected',
  declined: 'the offer gone',
  ended: 'the task in after-contact work',
  gone: 'the task cleared from the agent’s data',
  held: 'the customer on hold',
  resumed: 'the customer back from hold',
  consultPlaced: 'the consulted party on the call',
  consultOver: 'the consulted party off the call',
  conference: 'the customer and the consulted party both connected',
  recordingPaused: 'the recording paused',
  recordingResumed: 'the recording running',
  muted: 'the agent muted',
  unmuted: 'the agent unmuted',
};

/** Operations that may run on a task once at a time (a second identical one is refused as pending). */
export type ExclusiveOperation = Exclude<TaskOperation, 'chat' | 'setAgentState' | 'signIn'>;
