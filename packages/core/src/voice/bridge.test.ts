/**
 * Who hears whom, for the call shapes of issue 23 (two-party, hold, consult, swap,
 * conference, an agent leaving, monitor, barge, mute) and, with fast-check, the rules for
 * any set of parties.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { audioRoutes, type Hearing, type Party, type PartyState } from './bridge.js';

const party = (id: string, state: PartyState = 'active', muted = false): Party => ({
  id,
  role: id === 'cust' ? 'customer' : id.startsWith('sup') ? 'supervisor' : 'agent',
  state,
  muted,
});
const hears = (parties: Party[]): Record<string, Hearing> => Object.fromEntries(audioRoutes(parties));
const from = (...ids: string[]): Hearing => ({ kind: 'parties', from: ids });
const MUSIC: Hearing = { kind: 'music' };

describe('audioRoutes: the call shapes', () => {
  it('two parties hear each other', () => {
    expect(hears([party('cust'), party('a')])).toEqual({ cust: from('a'), a: from('cust') });
  });

  it('hold: the customer hears music, the agent hears nobody', () => {
    expect(hears([party('cust', 'held'), party('a')])).toEqual({ cust: MUSIC, a: from() });
  });

  it('consult: the customer on hold, the two agents hear each other; swap flips who is held', () => {
    expect(hears([party('cust', 'held'), party('a'), party('b')])).toEqual({ cust: MUSIC, a: from('b'), b: from('a') });
    expect(hears([party('cust'), party('a'), party('b', 'held')])).toEqual({ cust: from('a'), a: from('cust'), b: MUSIC });
  });

  it('conference: everyone hears the other two; A leaves and B and the customer go on', () => {
    expect(hears([party('cust'), party('a'), party('b')])).toEqual({
      cust: from('a', 'b'),
      a: from('cust', 'b'),
      b: from('cust', 'a'),
    });
    expect(hears([party('cust'), party('b')])).toEqual({ cust: from('b'), b: from('cust') });
  });

  it('silent monitor hears both and is heard by none; barge is heard by both; the agent force-muted', () => {
    expect(hears([party('cust'), party('a'), party('sup', 'monitor')])).toEqual({
      cust: from('a'),
      a: from('cust'),
      sup: from('cust', 'a'),
    });
    expect(hears([party('cust'), party('a'), party('sup', 'barge')])).toEqual({
      cust: from('a', 'sup'),
      a: from('cust', 'sup'),
      sup: from('cust', 'a'),
    });
    expect(hears([party('cust'), party('a', 'active', true), party('sup', 'barge')])).toEqual({
      cust: from('sup'),
      a: from('cust', 'sup'),
      sup: from('cust'),
    });
  });
});

describe('audioRoutes: the rules for any parties', () => {
  const parties = fc.uniqueArray(fc.string({ minLength: 1, maxLength: 4 }), { minLength: 0, maxLength: 6 }).chain((ids) =>
    fc.tuple(
      ...ids.map((id) =>
        fc.record({
          id: fc.constant(id),
          role: fc.constantFrom<Party['role']>('customer', 'agent', 'supervisor'),
          state: fc.constantFrom<PartyState>('active', 'held', 'monitor', 'barge'),
          muted: fc.boolean(),
        }),
      ),
    ),
  );

  it('nobody hears themselves, a held, monitoring or muted party, or anything while held but music', () => {
    fc.assert(
      fc.property(parties, (ps) => {
        const routes = audioRoutes(ps);
        expect(routes.size).toBe(ps.length);
        const byId = new Map(ps.map((p) => [p.id, p]));
        for (const listener of ps) {
          const h = routes.get(listener.id);
          if (listener.state === 'held') {
            expect(h).toEqual(MUSIC);
            continue;
          }
          if (h?.kind !== 'parties') throw new Error('only held parties hear music');
          for (const id of h.from) {
            const source = byId.get(id);
            expect(id).not.toBe(listener.id);
            expect(source?.muted).toBe(false);
            expect(['active', 'barge']).toContain(source?.state);
          }
        }
      }),
    );
  });

  it('two speaking parties on the bridge hear each other; a monitor hears every speaking party', () => {
    fc.assert(
      fc.property(parties, (ps) => {
        const routes = audioRoutes(ps);
        const speaking = ps.filter((p) => (p.state === 'active' || p.state === 'barge') && !p.muted);
        for (const a of speaking)
          for (const b of speaking) {
            if (a.id === b.id) continue;
            const h = routes.get(a.id);
            expect(h?.kind === 'parties' && h.from.includes(b.id)).toBe(true);
          }
        for (const m of ps.filter((p) => p.state === 'monitor')) {
          const h = routes.get(m.id);
          expect(h?.kind === 'parties' ? [...h.from].sort() : []).toEqual(
            speaking
              .filter((p) => p.id !== m.id)
              .map((p) => p.id)
              .sort(),
          );
        }
      }),
    );
  });
});
