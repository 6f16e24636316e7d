import { audioRoutes, type Party } from '@switchboard/core';
import { describe, expect, it } from 'vitest';
import { assignLines, changedLines, HOLD_MUSIC } from './lines.js';

const party = (id: string, state: Party['state'] = 'active', role: Party['role'] = 'agent'): Party => ({
  id,
  role,
  state,
  muted: false,
});
const heard = (parties: Party[], id: string) => audioRoutes(parties).get(id)!;

describe('assignLines', () => {
  it('two parties: each hears the other on its first line', () => {
    const call = [party('c', 'active', 'customer'), party('a')];
    expect(assignLines([null, null, null], heard(call, 'c'), 3)).toEqual({ lines: ['a', null, null], dropped: [] });
    expect(assignLines([null, null, null], heard(call, 'a'), 3)).toEqual({ lines: ['c', null, null], dropped: [] });
  });

  it('hold: the held party hears the music on line 0; the agent alone hears nothing', () => {
    const call = [party('c', 'held', 'customer'), party('a')];
    expect(assignLines(['a', null, null], heard(call, 'c'), 3).lines).toEqual([HOLD_MUSIC, null, null]);
    expect(assignLines(['c', null, null], heard(call, 'a'), 3).lines).toEqual([null, null, null]);
  });

  it('conference after a consult: a source already heard keeps its line, the new one takes a free line', () => {
    // A consulted B (customer held): A hears B on line 0. Conference: A hears the customer too.
    const conference = [party('c', 'active', 'customer'), party('a'), party('b')];
    const a = assignLines(['b', null, null], heard(conference, 'a'), 3);
    expect(a.lines).toEqual(['b', 'c', null]);
    expect(changedLines(['b', null, null], a.lines)).toEqual([1]);
    // The customer comes off hold: music leaves line 0, both agents arrive.
    const c = assignLines([HOLD_MUSIC, null, null], heard(conference, 'c'), 3);
    expect(c.lines).toEqual(['a', 'b', null]);
  });

  it('a party leaving frees its line; others stay where they are', () => {
    const after = [party('c', 'active', 'customer'), party('b')];
    expect(assignLines(['a', 'b', null], heard(after, 'c'), 3).lines).toEqual([null, 'b', null]);
  });

  it('barge: the supervisor is a third source for the customer; silent monitor hears both', () => {
    const barge = [party('c', 'active', 'customer'), { ...party('a'), muted: true }, party('s', 'barge', 'supervisor')];
    expect(assignLines(['a', null, null], heard(barge, 'c'), 3).lines).toEqual(['s', null, null]);
    const monitor = [party('c', 'active', 'customer'), party('a'), party('s', 'monitor', 'supervisor')];
    expect(assignLines([null, null, null], heard(monitor, 's'), 3).lines).toEqual(['c', 'a', null]);
  });

  it('more sources than lines: the extra ones are reported as dropped', () => {
    const big = ['a', 'b', 'c', 'd', 'e'].map((id) => party(id));
    expect(assignLines([null, null, null], heard(big, 'a'), 3)).toEqual({ lines: ['b', 'c', 'd'], dropped: ['e'] });
  });
});
