/**
 * DTMF as RFC 4733 telephone events: what a browser's RTCDTMFSender sends. Each key press
 * is a run of packets sharing one RTP timestamp; the last ones carry the E (end) bit and
 * are sent three times. A digit counts once, at its first end packet.
 */

/** RFC 4733 §3.2 event codes 0–15. */
const DIGITS = '0123456789*#ABCD';

export interface TelephoneEvent {
  /** '0'–'9', '*', '#', 'A'–'D'. */
  readonly digit: string;
  /** The E bit: this packet ends the event. */
  readonly end: boolean;
  /** Power level in -dBm0 (0–63). */
  readonly volume: number;
  /** In RTP timestamp units since the event began. */
  readonly duration: number;
}

/** The event in a telephone-event payload; undefined when it is not a DTMF digit (or malformed). */
export function parseTelephoneEvent(payload: Uint8Array): TelephoneEvent | undefined {
  if (payload.length < 4) return undefined;
  const code = payload[0] as number;
  const digit = DIGITS[code];
  if (digit === undefined) return undefined;
  const flags = payload[1] as number;
  return {
    digit,
    end: (flags & 0x80) !== 0,
    volume: flags & 0x3f,
    duration: ((payload[2] as number) << 8) | (payload[3] as number),
  };
}

/** How many recent events' timestamps are remembered to drop the end packet's repeats. */
const REMEMBERED = 16;

/** Counts the digits of one RTP stream: `push` returns a digit once per event, at its end. */
export class DtmfCounter {
  private readonly ended: number[] = [];

  push(timestamp: number, payload: Uint8Array): string | undefined {
    const event = parseTelephoneEvent(payload);
    if (!event?.end || this.ended.includes(timestamp)) return undefined;
    this.ended.push(timestamp);
    if (this.ended.length > REMEMBERED) this.ended.shift();
    return event.digit;
  }
}
