/**
 * The flow's UpdateContactRecordingBehavior (Connect's "Set recording and analytics
 * behavior" block): who a voice contact's recording records, the last action on the
 * path winning; malformed participants are problems in Connect's words.
 */
import { describe, expect, it } from 'vitest';
import { interpretFlow } from './interpret.js';

const act = (id: string, type: string, parameters: unknown = {}, transitions: unknown = {}) => ({
  Identifier: id,
  Type: type,
  Parameters: parameters,
  Transitions: transitions,
});
const flow = (actions: unknown[]) => JSON.stringify({ Version: '2019-10-30', StartAction: 'a', Actions: actions });
const record = (participants: unknown, next = 'b') =>
  act('a', 'UpdateContactRecordingBehavior', { RecordingBehavior: { RecordedParticipants: participants } }, { NextAction: next });

describe('UpdateContactRecordingBehavior', () => {
  it('names who is recorded, upper-cased and each once; [] turns it off; the last one wins', () => {
    expect(interpretFlow(flow([record(['Customer', 'Agent', 'Agent']), act('b', 'TransferContactToQueue')]))).toEqual({
      ok: true,
      flow: { transfer: true, recordedParticipants: ['CUSTOMER', 'AGENT'] },
    });
    expect(interpretFlow(flow([record([]), act('b', 'DisconnectParticipant')]))).toEqual({
      ok: true,
      flow: { transfer: false, recordedParticipants: [] },
    });
    const twice = flow([
      record(['Agent', 'Customer']),
      act('b', 'UpdateContactRecordingBehavior', { RecordingBehavior: { RecordedParticipants: ['Agent'] } }, { NextAction: 'c' }),
      act('c', 'TransferContactToQueue'),
    ]);
    expect(interpretFlow(twice)).toEqual({ ok: true, flow: { transfer: true, recordedParticipants: ['AGENT'] } });
    // A flow that says nothing records nothing.
    expect(interpretFlow(flow([act('a', 'TransferContactToQueue')]))).toEqual({ ok: true, flow: { transfer: true } });
  });

  it('malformed participants are problems', () => {
    for (const bad of [['Supervisor'], 'Agent', [1]]) {
      const r = interpretFlow(flow([record(bad), act('b', 'TransferContactToQueue')]));
      expect(r).toEqual({
        ok: false,
        problems: [
          'Action "a" (UpdateContactRecordingBehavior): Parameters.RecordingBehavior.RecordedParticipants must be an array of "Agent" and "Customer"',
        ],
      });
    }
    const missing = interpretFlow(
      flow([act('a', 'UpdateContactRecordingBehavior', {}, { NextAction: 'b' }), act('b', 'DisconnectParticipant')]),
    );
    expect(missing.ok).toBe(false);
  });
});
