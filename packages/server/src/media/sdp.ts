/** What the media server checks and rewrites in SDP text; pure. */
import { InvalidRequestException } from '@switchboard/core';

/** Offers are a few kB; anything near this is not a browser's. */
export const MAX_SDP_LENGTH = 32 * 1024;

/**
 * Checks an offer before werift reads it: text, an SDP session, audio media sections only
 * (at most `maxLines`). Returns how many audio sections it has.
 */
export function checkOffer(sdp: unknown, maxLines: number): number {
  if (typeof sdp !== 'string' || sdp.length === 0) throw new InvalidRequestException('sdp must be a non-empty string');
  if (sdp.length > MAX_SDP_LENGTH) throw new InvalidRequestException(`sdp is longer than ${MAX_SDP_LENGTH} characters`);
  if (!sdp.startsWith('v=0')) throw new InvalidRequestException('sdp is not a session description (it must start with v=0)');
  const media = sdp.split(/\r?\n/).filter((l) => l.startsWith('m='));
  const audio = media.filter((l) => /^m=audio \d+ [A-Z/]+( \d+)+$/.test(l.trim()));
  if (audio.length !== media.length) throw new InvalidRequestException('Only audio media sections are answered');
  if (audio.length === 0) throw new InvalidRequestException('The offer has no audio media section');
  if (audio.length > maxLines)
    throw new InvalidRequestException(`The offer has ${audio.length} audio sections; at most ${maxLines}`);
  if (!/^a=fingerprint:/m.test(sdp) || !/^a=ice-ufrag:/m.test(sdp)) {
    throw new InvalidRequestException('The offer lacks ICE credentials or a DTLS fingerprint');
  }
  return audio.length;
}

const LOOPBACK = /^127\./;
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/** The answer with its IPv4 host candidates (loopback excepted) at `address` (1:1 NAT). */
export function announceAddress(sdp: string, address: string): string {
  return sdp.replace(/^(a=candidate:\S+ \d+ \S+ \d+ )(\S+)( \d+ typ host)/gm, (line, head: string, ip: string, tail: string) =>
    IPV4.test(ip) && !LOOPBACK.test(ip) ? `${head}${address}${tail}` : line,
  );
}
