/**
 * RTP on a send line. A line carries one source at a time, then another (hold music, then
 * the agent again): its sequence numbers and timestamps must run on as one stream, or the
 * browser's jitter buffer takes the new source's packets for old or far-future ones. So
 * every packet is re-stamped: at a switch the new source continues one number after the
 * last one sent and its timestamp advances by the time that passed. Packets go out as a
 * bare 12-byte header and the payload: header extensions of the source's connection
 * (mid, transport-wide sequence numbers) mean nothing on the listener's.
 */

/** Opus' RTP clock: 48 kHz (RFC 7587), whatever the sample rate inside. */
export const OPUS_CLOCK_RATE = 48_000;
/** One Opus frame as browsers send them: 20 ms. */
const FRAME = (OPUS_CLOCK_RATE * 20) / 1000;

export interface RtpFields {
  readonly sequenceNumber: number;
  readonly timestamp: number;
  readonly marker: boolean;
}

/** A minimal RTP packet (version 2, no padding, extensions or CSRCs); the sender sets SSRC and payload type. */
export function packRtp(fields: RtpFields, payloadType: number, payload: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(12 + payload.length);
  out[0] = 0x80;
  out[1] = (fields.marker ? 0x80 : 0) | (payloadType & 0x7f);
  out.writeUInt16BE(fields.sequenceNumber & 0xffff, 2);
  out.writeUInt32BE(fields.timestamp >>> 0, 4);
  out.writeUInt32BE(0, 8);
  out.set(payload, 12);
  return out;
}

/** Re-stamps the packets of whichever source a line carries into one continuous stream. */
export class LineClock {
  private seqOffset = 0;
  private tsOffset = 0;
  private last: { seq: number; ts: number; at: number } | undefined;
  private switched = true;

  /** The next packet comes from another source (or the same source restarted). */
  switchSource(): void {
    this.switched = true;
  }

  /** The outgoing fields for a source packet that arrived at `now` (ms). */
  stamp(fields: RtpFields, now: number): RtpFields {
    if (this.switched) {
      this.switched = false;
      if (this.last) {
        const elapsed = Math.max(FRAME, Math.round(((now - this.last.at) * OPUS_CLOCK_RATE) / 1000));
        this.seqOffset = (this.last.seq + 1 - fields.sequenceNumber) & 0xffff;
        this.tsOffset = (this.last.ts + elapsed - fields.timestamp) >>> 0;
      }
    }
    const out = {
      sequenceNumber: (fields.sequenceNumber + this.seqOffset) & 0xffff,
      timestamp: (fields.timestamp + this.tsOffset) >>> 0,
      marker: fields.marker,
    };
    this.last = { seq: out.sequenceNumber, ts: out.timestamp, at: now };
    return out;
  }
}
