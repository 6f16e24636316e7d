import { RtpPacket } from 'werift';
import { describe, expect, it } from 'vitest';
import { LineClock, packRtp } from './rtp.js';

describe('packRtp', () => {
  it('writes a version 2 header werift parses back, with the payload after 12 bytes', () => {
    const buf = packRtp({ sequenceNumber: 65_535, timestamp: 0xfffffff0, marker: true }, 111, Uint8Array.of(1, 2, 3));
    expect(buf.length).toBe(15);
    const p = RtpPacket.deSerialize(buf);
    expect(p.header).toMatchObject({ version: 2, marker: true, payloadType: 111, sequenceNumber: 65_535, timestamp: 0xfffffff0 });
    expect(p.header.extensions).toEqual([]);
    expect([...p.payload]).toEqual([1, 2, 3]);
  });
});

describe('LineClock', () => {
  const pkt = (seq: number, ts: number) => ({ sequenceNumber: seq, timestamp: ts, marker: false });

  it('passes the first source through unchanged', () => {
    const c = new LineClock();
    expect(c.stamp(pkt(100, 5000), 0)).toEqual(pkt(100, 5000));
    expect(c.stamp(pkt(101, 5960), 20)).toEqual(pkt(101, 5960));
  });

  it('continues one number on and the elapsed time later when the source changes', () => {
    const c = new LineClock();
    c.stamp(pkt(100, 5000), 0);
    c.stamp(pkt(101, 5960), 20);
    c.switchSource();
    // Another source, its own numbering, 1 s later: 48,000 ticks on.
    expect(c.stamp(pkt(40_000, 123), 1020)).toEqual(pkt(102, 5960 + 48_000));
    expect(c.stamp(pkt(40_001, 1083), 1040)).toEqual(pkt(103, 5960 + 48_000 + 960));
  });

  it('advances at least one frame at a switch, and wraps sequence numbers and timestamps', () => {
    const c = new LineClock();
    c.stamp(pkt(65_535, 0xffffffff), 0);
    c.switchSource();
    expect(c.stamp(pkt(7, 7), 0)).toEqual(pkt(0, 959));
  });
});
