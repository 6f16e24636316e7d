import { describe, expect, it } from 'vitest';
import { announceAddress, checkOffer } from './sdp.js';

const offer = (media: string[]) =>
  [
    'v=0',
    'o=- 1 2 IN IP4 127.0.0.1',
    's=-',
    't=0 0',
    'a=group:BUNDLE 0',
    ...media.flatMap((m) => [m, 'a=ice-ufrag:abcd', 'a=fingerprint:sha-256 AA:BB']),
  ].join('\r\n') + '\r\n';

describe('checkOffer', () => {
  it('counts the audio sections of a browser-like offer', () => {
    expect(checkOffer(offer(['m=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126']), 3)).toBe(1);
    expect(
      checkOffer(
        offer(['m=audio 9 UDP/TLS/RTP/SAVPF 111', 'm=audio 9 UDP/TLS/RTP/SAVPF 111', 'm=audio 9 UDP/TLS/RTP/SAVPF 111']),
        3,
      ),
    ).toBe(3);
  });

  it.each([
    ['not a string', undefined, /non-empty string/],
    ['a number', 42, /non-empty string/],
    ['empty', '', /non-empty string/],
    ['not SDP', 'hello', /v=0/],
    ['too long', 'v=0'.padEnd(40_000, 'x'), /longer than/],
    ['no media', offer([]), /no audio/],
    ['video', offer(['m=video 9 UDP/TLS/RTP/SAVPF 96']), /Only audio/],
    [
      'a data channel',
      offer(['m=audio 9 UDP/TLS/RTP/SAVPF 111', 'm=application 9 UDP/DTLS/SCTP webrtc-datachannel']),
      /Only audio/,
    ],
    [
      'too many lines',
      offer([
        'm=audio 9 UDP/TLS/RTP/SAVPF 111',
        'm=audio 9 UDP/TLS/RTP/SAVPF 111',
        'm=audio 9 UDP/TLS/RTP/SAVPF 111',
        'm=audio 9 UDP/TLS/RTP/SAVPF 111',
      ]),
      /at most 3/,
    ],
    ['no ICE or DTLS', 'v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n', /ICE credentials/],
  ])('refuses an offer with %s as InvalidRequestException', (_what, sdp, message) => {
    const limit = 3;
    expect(() => checkOffer(sdp, limit)).toThrow(
      expect.objectContaining({ name: 'InvalidRequestException', message: expect.stringMatching(message) }),
    );
  });
});

describe('announceAddress', () => {
  it('rewrites IPv4 host candidates except loopback; leaves IPv6 and other lines alone', () => {
    const sdp = [
      'a=candidate:1 1 udp 2116026367 127.0.0.1 40000 typ host generation 0',
      'a=candidate:2 1 udp 2116026367 10.0.0.5 40001 typ host generation 0',
      'a=candidate:3 1 udp 2116026367 fd00::2 40002 typ host generation 0',
      'c=IN IP4 10.0.0.5',
    ].join('\r\n');
    expect(announceAddress(sdp, '203.0.113.7').split('\r\n')).toEqual([
      'a=candidate:1 1 udp 2116026367 127.0.0.1 40000 typ host generation 0',
      'a=candidate:2 1 udp 2116026367 203.0.113.7 40001 typ host generation 0',
      'a=candidate:3 1 udp 2116026367 fd00::2 40002 typ host generation 0',
      'c=IN IP4 10.0.0.5',
    ]);
  });
});
