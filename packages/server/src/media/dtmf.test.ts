import { describe, expect, it } from 'vitest';
import { DtmfCounter, parseTelephoneEvent } from './dtmf.js';

/** An RFC 4733 payload: event, E bit, volume 10, duration. */
const ev = (code: number, end: boolean, duration = 960) =>
  Uint8Array.of(code, (end ? 0x80 : 0) | 10, duration >> 8, duration & 0xff);

describe('parseTelephoneEvent', () => {
  it('reads the event, the E bit, the volume and the duration (as Chrome sends them)', () => {
    // Captured from Chromium's RTCDTMFSender: '1', end, volume 10, 960.
    expect(parseTelephoneEvent(Buffer.from('018a03c0', 'hex'))).toEqual({ digit: '1', end: true, volume: 10, duration: 960 });
    expect(parseTelephoneEvent(ev(11, false, 160))).toEqual({ digit: '#', end: false, volume: 10, duration: 160 });
    expect(parseTelephoneEvent(ev(10, true))?.digit).toBe('*');
    expect(parseTelephoneEvent(ev(15, true))?.digit).toBe('D');
  });

  it('refuses garbage: short payloads and events that are not DTMF digits', () => {
    expect(parseTelephoneEvent(new Uint8Array())).toBeUndefined();
    expect(parseTelephoneEvent(Uint8Array.of(1, 0x80, 0))).toBeUndefined();
    expect(parseTelephoneEvent(ev(16, true))).toBeUndefined();
    expect(parseTelephoneEvent(ev(255, true))).toBeUndefined();
  });
});

describe('DtmfCounter', () => {
  it('counts each event once at its first end packet, in order, ignoring the repeats', () => {
    const c = new DtmfCounter();
    const got: string[] = [];
    const press = (ts: number, code: number) => {
      for (const p of [ev(code, false, 160), ev(code, false, 320), ev(code, true), ev(code, true), ev(code, true)]) {
        const d = c.push(ts, p);
        if (d) got.push(d);
      }
    };
    press(1000, 1);
    press(12_520, 5);
    press(24_040, 9);
    press(35_560, 11);
    expect(got).toEqual(['1', '5', '9', '#']);
  });

  it('counts the same digit pressed twice (two timestamps) twice', () => {
    const c = new DtmfCounter();
    expect(c.push(1, ev(5, true))).toBe('5');
    expect(c.push(1, ev(5, true))).toBeUndefined();
    expect(c.push(2, ev(5, true))).toBe('5');
  });

  it('ignores events that never end and malformed payloads', () => {
    const c = new DtmfCounter();
    expect(c.push(1, ev(3, false))).toBeUndefined();
    expect(c.push(2, Uint8Array.of(0xff))).toBeUndefined();
    expect(c.push(3, ev(200, true))).toBeUndefined();
  });
});
