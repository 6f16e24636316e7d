import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationException } from '../errors.js';
import { type ChatItem, ContentTypes, toAbsoluteTime } from './items.js';
import {
  type ScanDirection,
  type SortOrder,
  type StoredItemView,
  type TranscriptPage,
  type TranscriptRequest,
  TranscriptRequestError,
  pageTranscript,
} from './transcript.js';

// Fixtures -------------------------------------------------------------------------------

const T0 = Date.parse('2024-05-01T12:00:00.000Z');

const chatItem = (id: string, ms: number, i: number): ChatItem => {
  const base = { AbsoluteTime: toAbsoluteTime(ms), Id: id, ContactId: 'c-1', InitialContactId: 'c-1' };
  switch (i % 4) {
    case 0:
      return {
        ...base,
        Type: 'MESSAGE',
        ContentType: ContentTypes.textPlain,
        Content: `message ${i} ✓ "quoted"`,
        ParticipantId: 'p-cust',
        DisplayName: 'Customer',
        ParticipantRole: 'CUSTOMER',
      };
    case 1:
      return {
        ...base,
        Type: 'EVENT',
        ContentType: ContentTypes.participantJoined,
        ParticipantId: 'p-agent',
        DisplayName: 'Agent',
        ParticipantRole: 'AGENT',
      };
    case 2:
      return {
        ...base,
        Type: 'ATTACHMENT',
        ContentType: 'application/pdf',
        ParticipantId: 'p-cust',
        ParticipantRole: 'CUSTOMER',
        Attachments: [{ ContentType: 'application/pdf', AttachmentId: `a-${i}`, AttachmentName: 'doc.pdf', Status: 'APPROVED' }],
      };
    default:
      return {
        ...base,
        Type: 'MESSAGEMETADATA',
        ContentType: ContentTypes.messageMetadata,
        MessageMetadata: {
          MessageId: `m-${i - 3}`,
          Receipts: [
            { DeliveredTimestamp: base.AbsoluteTime, ReadTimestamp: base.AbsoluteTime, RecipientParticipantId: 'p-agent' },
          ],
        },
      };
  }
};

/** A stored item; `seq` doubles as the insertion order. */
const view = (seq: number, ms: number, id = `i-${seq}`): StoredItemView => ({
  seq,
  id,
  absoluteTime: ms,
  body: JSON.stringify(chatItem(id, ms, seq)),
});

/** n items, one per second, seqs 1..n (already in (time, seq) order). */
const chain = (n: number): StoredItemView[] => Array.from({ length: n }, (_, i) => view(i + 1, T0 + i * 1000));

const ids = (page: TranscriptPage) => page.Transcript.map((it) => it.Id);
const idRange = (from: number, to: number) =>
  from <= to
    ? Array.from({ length: to - from + 1 }, (_, k) => `i-${from + k}`)
    : Array.from({ length: from - to + 1 }, (_, k) => `i-${from - k}`);

/** Pages until no NextToken; returns the pages' ids and the page sizes. */
const walk = (items: readonly StoredItemView[], first: TranscriptRequest, limit = 10_000) => {
  const pages: string[][] = [];
  let req = first;
  for (let i = 0; i < limit; i++) {
    const page = pageTranscript(items, req);
    pages.push(ids(page));
    if (page.NextToken === undefined) return pages;
    req = { ...first, NextToken: page.NextToken };
  }
  throw new Error('paging did not end');
};

/** A page's ids in scan order (FORWARD: oldest first; BACKWARD: newest first). */
const inScanOrder = (pageIds: string[], dir: ScanDirection, sort: SortOrder) =>
  (dir === 'FORWARD') === (sort === 'ASCENDING') ? pageIds : [...pageIds].reverse();

const expectRequestError = (fn: () => unknown, message: RegExp) => {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(TranscriptRequestError);
  expect(caught).toBeInstanceOf(ValidationException);
  expect((caught as Error).name).toBe('ValidationException');
  expect((caught as Error).message).toMatch(message);
};

// Defaults -------------------------------------------------------------------------------

describe('pageTranscript: defaults', () => {
  it('no parameters: the newest 10, newest first (BACKWARD, DESCENDING), with a token further back', () => {
    const items = chain(25);
    const page = pageTranscript(items, {});
    expect(ids(page)).toEqual(idRange(25, 16));
    expect(page.NextToken).toEqual(expect.any(String));
    const next = pageTranscript(items, { NextToken: page.NextToken! });
    expect(ids(next)).toEqual(idRange(15, 6));
    const last = pageTranscript(items, { NextToken: next.NextToken! });
    expect(ids(last)).toEqual(idRange(5, 1));
    expect(last.NextToken).toBeUndefined();
  });

  it("chatjs's request (15, BACKWARD, ASCENDING, StartPosition {}): the newest 15 oldest→newest, then further back", () => {
    const items = chain(40);
    const req: TranscriptRequest = { MaxResults: 15, ScanDirection: 'BACKWARD', SortOrder: 'ASCENDING', StartPosition: {} };
    const p1 = pageTranscript(items, req);
    expect(ids(p1)).toEqual(idRange(26, 40));
    const p2 = pageTranscript(items, { ...req, NextToken: p1.NextToken! });
    expect(ids(p2)).toEqual(idRange(11, 25));
    const p3 = pageTranscript(items, { ...req, NextToken: p2.NextToken! });
    expect(ids(p3)).toEqual(idRange(1, 10));
    expect(p3.NextToken).toBeUndefined();
  });

  it('returns the stored ChatItem JSON unchanged (attachments, metadata, roles)', () => {
    const items = chain(8);
    const page = pageTranscript(items, { SortOrder: 'ASCENDING' });
    expect(page.Transcript).toEqual(items.map((v) => JSON.parse(v.body)));
    expect(page.Transcript[1]?.Attachments?.[0]?.Status).toBe('APPROVED'); // seq 2
    expect(page.Transcript[2]?.MessageMetadata?.Receipts?.[0]?.RecipientParticipantId).toBe('p-agent');
    expect(page.Transcript[0]?.AbsoluteTime).toBe('2024-05-01T12:00:00.000Z');
  });

  it('an empty chain gives an empty page without a token, in every direction', () => {
    for (const ScanDirection of ['FORWARD', 'BACKWARD'] as const) {
      expect(pageTranscript([], { ScanDirection })).toEqual({ Transcript: [] });
      expect(pageTranscript([], { ScanDirection, StartPosition: { MostRecent: 3 } })).toEqual({ Transcript: [] });
      expect(pageTranscript([], { ScanDirection, StartPosition: { AbsoluteTime: toAbsoluteTime(T0) } })).toEqual({
        Transcript: [],
      });
    }
  });

  it('exactly MaxResults items left: one page, no token', () => {
    const items = chain(10);
    expect(pageTranscript(items, {})).toEqual({ Transcript: expect.any(Array) });
    expect(pageTranscript(items, {}).Transcript).toHaveLength(10);
    expect(pageTranscript(items, { MaxResults: 11, ScanDirection: 'FORWARD' }).NextToken).toBeUndefined();
    expect(pageTranscript(items, { MaxResults: 9, ScanDirection: 'FORWARD' }).NextToken).toBeDefined();
  });

  it('MaxResults: 0 gives an empty page without a token; 100 is the most', () => {
    const items = chain(150);
    expect(pageTranscript(items, { MaxResults: 0 })).toEqual({ Transcript: [] });
    expect(pageTranscript(items, { MaxResults: 100 }).Transcript).toHaveLength(100);
    expect(ids(pageTranscript(items, { MaxResults: 1 }))).toEqual(['i-150']);
  });

  it('default ScanDirection is FORWARD when a StartPosition is given (DESCENDING sort still applies)', () => {
    const items = chain(30);
    const page = pageTranscript(items, { StartPosition: { Id: 'i-5' }, MaxResults: 3 });
    expect(ids(page)).toEqual(['i-7', 'i-6', 'i-5']);
    const next = pageTranscript(items, { MaxResults: 3, NextToken: page.NextToken! });
    expect(ids(next)).toEqual(['i-10', 'i-9', 'i-8']);
  });
});

// Ordering -------------------------------------------------------------------------------

describe('pageTranscript: ordering', () => {
  it('orders by AbsoluteTime, then seq, whatever order the items come in', () => {
    const items = [view(5, T0 + 2), view(1, T0 + 3), view(3, T0 + 1), view(2, T0 + 1), view(4, T0 + 2)];
    const page = pageTranscript(items, { ScanDirection: 'FORWARD', SortOrder: 'ASCENDING' });
    expect(ids(page)).toEqual(['i-2', 'i-3', 'i-4', 'i-5', 'i-1']);
    // Paging across the ties.
    expect(walk(items, { ScanDirection: 'FORWARD', SortOrder: 'ASCENDING', MaxResults: 2 })).toEqual([
      ['i-2', 'i-3'],
      ['i-4', 'i-5'],
      ['i-1'],
    ]);
    expect(walk(items, { ScanDirection: 'BACKWARD', SortOrder: 'DESCENDING', MaxResults: 2 })).toEqual([
      ['i-1', 'i-5'],
      ['i-4', 'i-3'],
      ['i-2'],
    ]);
  });

  it('BACKWARD paging is stable while new items are appended; FORWARD paging picks them up', () => {
    const items = chain(12);
    const back = pageTranscript(items, { MaxResults: 5 });
    const grown = [...items, view(13, T0 + 12_000), view(14, T0 + 12_000)];
    expect(ids(pageTranscript(grown, { MaxResults: 5, NextToken: back.NextToken! }))).toEqual(idRange(7, 3));

    const fwd = pageTranscript(items, { MaxResults: 10, ScanDirection: 'FORWARD', SortOrder: 'ASCENDING' });
    expect(ids(fwd)).toEqual(idRange(1, 10));
    expect(ids(pageTranscript(grown, { MaxResults: 10, SortOrder: 'ASCENDING', NextToken: fwd.NextToken! }))).toEqual(
      idRange(11, 14),
    );
  });

  it('now: items stamped after it are left out', () => {
    const items = chain(10);
    const page = pageTranscript(items, { SortOrder: 'ASCENDING' }, { now: T0 + 4_500 });
    expect(ids(page)).toEqual(idRange(1, 5));
    expect(ids(pageTranscript(items, { SortOrder: 'ASCENDING' }, { now: T0 + 4_000 }))).toEqual(idRange(1, 5));
    expect(pageTranscript(items, {}, { now: T0 - 1 })).toEqual({ Transcript: [] });
  });
});

// StartPosition --------------------------------------------------------------------------

describe('pageTranscript: StartPosition', () => {
  const items = chain(20);

  it('Id: starts at that item, inclusive, in either direction', () => {
    expect(ids(pageTranscript(items, { StartPosition: { Id: 'i-8' }, MaxResults: 4, SortOrder: 'ASCENDING' }))).toEqual(
      idRange(8, 11),
    );
    expect(
      ids(
        pageTranscript(items, { StartPosition: { Id: 'i-8' }, MaxResults: 4, ScanDirection: 'BACKWARD', SortOrder: 'ASCENDING' }),
      ),
    ).toEqual(idRange(5, 8));
    expect(ids(pageTranscript(items, { StartPosition: { Id: 'i-20' }, MaxResults: 4 }))).toEqual(['i-20']);
    const first = pageTranscript(items, { StartPosition: { Id: 'i-1' }, ScanDirection: 'BACKWARD', MaxResults: 4 });
    expect(ids(first)).toEqual(['i-1']);
    expect(first.NextToken).toBeUndefined();
  });

  it('Id: an unknown id is a ValidationException, even with MaxResults 0', () => {
    expectRequestError(() => pageTranscript(items, { StartPosition: { Id: 'nope' } }), /StartPosition.Id nope/);
    expectRequestError(() => pageTranscript(items, { StartPosition: { Id: 'nope' }, MaxResults: 0 }), /StartPosition.Id/);
  });

  it('AbsoluteTime: first item at/after (FORWARD) or last at/before (BACKWARD)', () => {
    const at = (ms: number) => ({ AbsoluteTime: toAbsoluteTime(ms) });
    const fwd = (ms: number) => ids(pageTranscript(items, { StartPosition: at(ms), MaxResults: 2, SortOrder: 'ASCENDING' }));
    const back = (ms: number) =>
      ids(pageTranscript(items, { StartPosition: at(ms), MaxResults: 2, ScanDirection: 'BACKWARD', SortOrder: 'ASCENDING' }));
    // Exactly on item 6 (T0 + 5s): inclusive both ways.
    expect(fwd(T0 + 5_000)).toEqual(['i-6', 'i-7']);
    expect(back(T0 + 5_000)).toEqual(['i-5', 'i-6']);
    // Between items 6 and 7.
    expect(fwd(T0 + 5_500)).toEqual(['i-7', 'i-8']);
    expect(back(T0 + 5_500)).toEqual(['i-5', 'i-6']);
    // Before everything / after everything.
    expect(fwd(T0 - 1)).toEqual(['i-1', 'i-2']);
    expect(back(T0 - 1)).toEqual([]);
    expect(fwd(T0 + 60_000)).toEqual([]);
    expect(back(T0 + 60_000)).toEqual(['i-19', 'i-20']);
  });

  it('AbsoluteTime: ties include every item at that time, and other ISO spellings work', () => {
    const tied = [view(1, T0), view(2, T0 + 10), view(3, T0 + 10), view(4, T0 + 10), view(5, T0 + 20)];
    const req = (AbsoluteTime: string, ScanDirection: ScanDirection): TranscriptRequest => ({
      StartPosition: { AbsoluteTime },
      ScanDirection,
      SortOrder: 'ASCENDING',
    });
    expect(ids(pageTranscript(tied, req('2024-05-01T12:00:00.010Z', 'FORWARD')))).toEqual(idRange(2, 5));
    expect(ids(pageTranscript(tied, req('2024-05-01T12:00:00.010Z', 'BACKWARD')))).toEqual(idRange(1, 4));
    expect(ids(pageTranscript(tied, req('2024-05-01T14:00:00.010+02:00', 'FORWARD')))).toEqual(idRange(2, 5));
    expect(ids(pageTranscript(tied, req('2024-05-01T12:00:00Z', 'BACKWARD')))).toEqual(['i-1']);
  });

  it('MostRecent: N items back from the newest (0 = the newest)', () => {
    const fwd = (n: number) =>
      ids(pageTranscript(items, { StartPosition: { MostRecent: n }, MaxResults: 100, SortOrder: 'ASCENDING' }));
    const back = (n: number) =>
      ids(
        pageTranscript(items, {
          StartPosition: { MostRecent: n },
          MaxResults: 3,
          ScanDirection: 'BACKWARD',
          SortOrder: 'ASCENDING',
        }),
      );
    expect(fwd(0)).toEqual(['i-20']);
    expect(fwd(4)).toEqual(idRange(16, 20));
    expect(fwd(19)).toEqual(idRange(1, 20));
    expect(fwd(50)).toEqual(idRange(1, 20));
    expect(back(0)).toEqual(idRange(18, 20));
    expect(back(4)).toEqual(idRange(14, 16));
    expect(back(19)).toEqual(['i-1']);
    expect(back(20)).toEqual([]);
  });

  it('an empty StartPosition is absent (BACKWARD by default); null members count as absent', () => {
    expect(pageTranscript(items, { StartPosition: {} })).toEqual(pageTranscript(items, {}));
    const withNulls = { StartPosition: { Id: null, AbsoluteTime: null, MostRecent: null } } as unknown as TranscriptRequest;
    expect(pageTranscript(items, withNulls)).toEqual(pageTranscript(items, {}));
  });

  it('NextToken wins over StartPosition and ScanDirection', () => {
    const p1 = pageTranscript(items, { MaxResults: 5 }); // BACKWARD from the newest
    const p2 = pageTranscript(items, {
      MaxResults: 5,
      NextToken: p1.NextToken!,
      ScanDirection: 'FORWARD',
      StartPosition: { Id: 'i-1' },
    });
    expect(ids(p2)).toEqual(idRange(15, 11));
  });
});

// Validation -----------------------------------------------------------------------------

describe('pageTranscript: invalid requests', () => {
  const items = chain(3);
  const bad = (req: unknown) => () => pageTranscript(items, req as TranscriptRequest);

  it('MaxResults outside 0..100 or not an integer', () => {
    for (const MaxResults of [-1, 101, 1.5, '10', Number.NaN, true]) {
      expectRequestError(bad({ MaxResults }), /MaxResults must be an integer from 0 to 100/);
    }
  });

  it('unknown ScanDirection or SortOrder', () => {
    expectRequestError(bad({ ScanDirection: 'forward' }), /ScanDirection/);
    expectRequestError(bad({ ScanDirection: 'UP' }), /ScanDirection/);
    expectRequestError(bad({ SortOrder: 'ASC' }), /SortOrder/);
  });

  it('malformed StartPosition', () => {
    expectRequestError(bad({ StartPosition: 'i-1' }), /StartPosition must be an object/);
    expectRequestError(bad({ StartPosition: [] }), /StartPosition must be an object/);
    expectRequestError(bad({ StartPosition: { Id: 'i-1', MostRecent: 1 } }), /only one of/);
    expectRequestError(bad({ StartPosition: { Id: '' } }), /StartPosition.Id must be a string/);
    expectRequestError(bad({ StartPosition: { Id: 'x'.repeat(257) } }), /StartPosition.Id must be a string/);
    expectRequestError(bad({ StartPosition: { Id: 7 } }), /StartPosition.Id must be a string/);
    for (const AbsoluteTime of ['yesterday', '1', '2024-05-01', '2024-05-01T12:00:00', '', 1714564800000]) {
      expectRequestError(bad({ StartPosition: { AbsoluteTime } }), /StartPosition.AbsoluteTime must be an ISO-8601 time/);
    }
    for (const MostRecent of [-1, 101, 0.5, '3']) {
      expectRequestError(bad({ StartPosition: { MostRecent } }), /StartPosition.MostRecent must be an integer from 0 to 100/);
    }
  });

  it('a NextToken that does not decode', () => {
    const b64 = (s: string) => btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    for (const NextToken of [
      '',
      'not a token!',
      '====',
      'x'.repeat(1001),
      b64('not json'),
      b64('null'),
      b64('[]'),
      b64('{}'),
      b64('{"v":2,"d":"F","t":1,"s":1}'),
      b64('{"v":1,"d":"X","t":1,"s":1}'),
      b64('{"v":1,"d":"F","t":"1","s":1}'),
      b64('{"v":1,"d":"F","t":1,"s":1.5}'),
      42,
    ]) {
      expectRequestError(bad({ NextToken }), /NextToken is invalid/);
    }
  });

  it('property: any string as NextToken pages or throws TranscriptRequestError, nothing else', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.base64String(), fc.stringMatching(/^[A-Za-z0-9_-]{1,60}$/)), (NextToken) => {
        try {
          pageTranscript(items, { NextToken });
        } catch (err) {
          expect(err).toBeInstanceOf(TranscriptRequestError);
        }
      }),
    );
  });
});

// Properties -----------------------------------------------------------------------------

/** A chain with random time ties, presented in random order; `sorted` is the (time, seq) order. */
const chainArb = fc
  // size 'max': lengths spread over 0..250, not fast-check's default of at most ~10.
  .array(fc.integer({ min: 0, max: 30 }), { minLength: 0, maxLength: 250, size: 'max' })
  .chain((gaps) => {
    let t = T0;
    const items = gaps.map((gap, i) => {
      t += gap < 10 ? 0 : gap; // about a third share the previous item's time
      return view(i + 1, t);
    });
    return fc.shuffledSubarray(items, { minLength: items.length, maxLength: items.length }).map((shuffled) => ({
      shuffled,
      sorted: items.map((v) => v.id),
    }));
  });

const dirArb = fc.constantFrom<ScanDirection>('FORWARD', 'BACKWARD');
const sortArb = fc.constantFrom<SortOrder>('ASCENDING', 'DESCENDING');
const maxArb = fc.integer({ min: 1, max: 100 });

/** Checks a full walk against the expected visiting order (in scan direction). */
const expectWalk = (pages: string[][], expected: string[], max: number, dir: ScanDirection, sort: SortOrder) => {
  const visited = pages.flatMap((p) => inScanOrder(p, dir, sort));
  expect(visited).toEqual(expected);
  // Full pages until the last; an empty page only when nothing is there at all.
  for (const p of pages.slice(0, -1)) expect(p).toHaveLength(max);
  if (expected.length > 0) expect(pages.at(-1)!.length).toBeGreaterThan(0);
  else expect(pages).toEqual([[]]);
};

describe('pageTranscript: properties', () => {
  it('paging through NextToken visits every item exactly once, in order, either direction, any MaxResults', () => {
    fc.assert(
      fc.property(chainArb, dirArb, sortArb, maxArb, ({ shuffled, sorted }, dir, sort, max) => {
        const pages = walk(shuffled, { ScanDirection: dir, SortOrder: sort, MaxResults: max });
        expectWalk(pages, dir === 'FORWARD' ? sorted : [...sorted].reverse(), max, dir, sort);
      }),
      { numRuns: 300 },
    );
  });

  it('ASCENDING and DESCENDING return the same items reversed, with the same NextToken', () => {
    fc.assert(
      fc.property(chainArb, dirArb, maxArb, fc.option(fc.nat(), { nil: undefined }), ({ shuffled }, dir, max, startAt) => {
        const start = startAt === undefined || shuffled.length === 0 ? {} : { Id: shuffled[startAt % shuffled.length]!.id };
        let req: TranscriptRequest = { ScanDirection: dir, MaxResults: max, StartPosition: start };
        for (let i = 0; i < 3; i++) {
          const asc = pageTranscript(shuffled, { ...req, SortOrder: 'ASCENDING' });
          const desc = pageTranscript(shuffled, { ...req, SortOrder: 'DESCENDING' });
          expect(ids(desc)).toEqual([...ids(asc)].reverse());
          expect(desc.NextToken).toBe(asc.NextToken);
          if (asc.NextToken === undefined) break;
          req = { ...req, NextToken: asc.NextToken };
        }
      }),
      { numRuns: 200 },
    );
  });

  it('StartPosition.Id: the walk covers from that item (inclusive) to the end in the scan direction', () => {
    fc.assert(
      fc.property(chainArb, dirArb, sortArb, maxArb, fc.nat(), ({ shuffled, sorted }, dir, sort, max, pick) => {
        fc.pre(sorted.length > 0);
        const k = pick % sorted.length;
        const pages = walk(shuffled, { StartPosition: { Id: sorted[k]! }, ScanDirection: dir, SortOrder: sort, MaxResults: max });
        expectWalk(pages, dir === 'FORWARD' ? sorted.slice(k) : sorted.slice(0, k + 1).reverse(), max, dir, sort);
      }),
      { numRuns: 200 },
    );
  });

  it('StartPosition.AbsoluteTime: FORWARD covers items at/after it, BACKWARD items at/before it', () => {
    fc.assert(
      fc.property(chainArb, dirArb, sortArb, maxArb, fc.integer({ min: -5_000, max: 5_000 }), (c, dir, sort, max, offset) => {
        const { shuffled, sorted } = c;
        const timeOf = new Map(shuffled.map((v) => [v.id, v.absoluteTime]));
        const mid = shuffled.length > 0 ? timeOf.get(sorted[Math.floor(sorted.length / 2)]!)! : T0;
        const at = mid + offset;
        const pages = walk(shuffled, {
          StartPosition: { AbsoluteTime: toAbsoluteTime(at) },
          ScanDirection: dir,
          SortOrder: sort,
          MaxResults: max,
        });
        const expected =
          dir === 'FORWARD'
            ? sorted.filter((id) => timeOf.get(id)! >= at)
            : sorted.filter((id) => timeOf.get(id)! <= at).reverse();
        expectWalk(pages, expected, max, dir, sort);
      }),
      { numRuns: 200 },
    );
  });

  it('StartPosition.MostRecent: starts MostRecent items back from the newest', () => {
    fc.assert(
      fc.property(
        chainArb,
        dirArb,
        sortArb,
        maxArb,
        fc.integer({ min: 0, max: 100 }),
        ({ shuffled, sorted }, dir, sort, max, back) => {
          const pages = walk(shuffled, {
            StartPosition: { MostRecent: back },
            ScanDirection: dir,
            SortOrder: sort,
            MaxResults: max,
          });
          const k = sorted.length - 1 - back; // may be negative
          const expected = dir === 'FORWARD' ? sorted.slice(Math.max(k, 0)) : k < 0 ? [] : sorted.slice(0, k + 1).reverse();
          expectWalk(pages, expected, max, dir, sort);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('the first page is the MaxResults items nearest the start, whatever the input order', () => {
    fc.assert(
      fc.property(chainArb, sortArb, maxArb, ({ shuffled, sorted }, sort, max) => {
        const page = pageTranscript(shuffled, { MaxResults: max, SortOrder: sort });
        const newest = sorted.slice(Math.max(sorted.length - max, 0));
        expect(ids(page)).toEqual(sort === 'ASCENDING' ? newest : [...newest].reverse());
        expect(page.NextToken !== undefined).toBe(sorted.length > max);
      }),
    );
  });
});
