import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Item } from './client.js';
import { ContentTypes } from './constants.js';
import { DeliveryLedger } from './ledger.js';

const msg = (n: number): Item => ({
  Id: `m${n}`,
  AbsoluteTime: new Date(1_700_000_000_000 + n).toISOString(),
  ContentType: 'text/plain',
  Type: 'MESSAGE',
  Content: `#${n}`,
});
const typing = (n: number): Item => ({ ...msg(n), Id: `t${n}`, ContentType: ContentTypes.typing, Type: 'EVENT' });
const ids = (items: Item[]) => items.map((i) => i.Id);

describe('DeliveryLedger', () => {
  it('hands socket items on once, and remembers the last stored one (typing is not stored)', () => {
    const l = new DeliveryLedger();
    expect(ids(l.fromSocket(msg(1)))).toEqual(['m1']);
    expect(l.fromSocket(msg(1))).toEqual([]);
    expect(ids(l.fromSocket(typing(2)))).toEqual(['t2']);
    expect(l.lastStoredId).toBe('m1');
  });

  it('while paused, holds socket items; the catch-up goes first, then what was held, less duplicates', () => {
    const l = new DeliveryLedger();
    l.fromSocket(msg(1));
    l.pause();
    expect(l.fromSocket(msg(4))).toEqual([]);
    expect(l.fromSocket(msg(5))).toEqual([]);
    // The transcript from m1 (inclusive) to what was stored when it was read.
    expect(ids(l.fromTranscript([msg(1), msg(2), msg(3), msg(4)]))).toEqual(['m2', 'm3', 'm4']);
    expect(ids(l.resume())).toEqual(['m5']);
    expect(l.paused).toBe(false);
    expect(l.lastStoredId).toBe('m5');
  });

  it('the baseline is where a catch-up starts until something is handed on', () => {
    const l = new DeliveryLedger();
    l.markBaseline(msg(7));
    expect(l.lastStoredId).toBe('m7');
    l.fromSocket(msg(8));
    l.markBaseline(msg(3));
    expect(l.lastStoredId).toBe('m8');
  });

  it('claimed history is not handed on again, and does not move the catch-up start', () => {
    const l = new DeliveryLedger();
    l.fromSocket(msg(5));
    expect(ids(l.claim([msg(3), msg(4), msg(5)]))).toEqual(['m3', 'm4']);
    expect(l.fromSocket(msg(4))).toEqual([]);
    expect(l.lastStoredId).toBe('m5');
  });

  it('Lex streaming chunks share an Id but are each handed on', () => {
    const l = new DeliveryLedger();
    const chunk = (n: number): Item => ({
      ...msg(9),
      MessageMetadata: { MessageId: 'm9', MessageCompleted: false, ChunkNumber: n },
    });
    expect(l.fromSocket(chunk(1))).toHaveLength(1);
    expect(l.fromSocket(chunk(2))).toHaveLength(1);
    expect(l.fromSocket(msg(9))).toHaveLength(1);
  });

  it('property: any interleaving of drops, duplicates and catch-ups hands on the committed items once, in order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ lostAfter: fc.boolean(), echo: fc.boolean(), late: fc.nat(3) }), { minLength: 1, maxLength: 60 }),
        (steps) => {
          // The server commits items 0..n-1; each may reach a live socket, be echoed twice, or
          // be lost with the socket (then the catch-up reads it, and the new socket may bring
          // some of the newest again).
          const l = new DeliveryLedger();
          const out: Item[] = [];
          const committed: Item[] = [];
          let live = true;
          steps.forEach((s, n) => {
            const item = msg(n);
            committed.push(item);
            if (live) {
              out.push(...l.fromSocket(item));
              if (s.echo) out.push(...l.fromSocket(item));
            }
            if (s.lostAfter && live) {
              live = false;
              l.pause();
            } else if (!live) {
              // Reconnect: the new socket brings the newest `late` items, then the catch-up runs.
              const start = l.lastStoredId ? committed.findIndex((c) => c.Id === l.lastStoredId) : 0;
              for (const c of committed.slice(Math.max(0, committed.length - s.late))) l.fromSocket(c);
              out.push(...l.fromTranscript(committed.slice(start)));
              out.push(...l.resume());
              live = true;
            }
          });
          if (!live) {
            const start = l.lastStoredId ? committed.findIndex((c) => c.Id === l.lastStoredId) : 0;
            out.push(...l.fromTranscript(committed.slice(start)));
            out.push(...l.resume());
          }
          expect(ids(out)).toEqual(ids(committed));
        },
      ),
      { numRuns: 300 },
    );
  });
});
