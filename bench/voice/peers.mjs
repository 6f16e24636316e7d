// The voice bench's peers: one Node process (forked by bench/voice.mjs, driven over IPC)
// holding the two legs of some calls, each leg a werift RTCPeerConnection that sends
// Opus-sized RTP at 50 packets/s and measures what it receives (rtp-stats.mjs).
//
// A leg sends synthetic 20 ms packets: 120 bytes of payload (Opus voice at ~48 kbit/s),
// sequence numbers +1 and timestamps +960 each, written to a werift MediaStreamTrack on
// schedule (a timer aimed at each packet's due time; a late timer sends what is due at
// once, as a browser's late audio thread would, and the lateness is reported as send lag).
// Every leg's schedule starts at a random phase, as calls do. Receiving, a leg timestamps each
// packet on arrival (werift has decrypted it) and keeps per-SSRC loss and RFC 3550 jitter.
//
// Two ways to connect a call:
//   server: each leg opens /voice/v1/ws with its token, offers (sendrecv + two recvonly
//           lines, as VoiceCall does) and takes the media server's answer; the server
//           forwards a's packets to b and b's to a.
//   direct: the bare baseline: leg a offers to leg b in this process, and they exchange RTP
//           peer to peer over loopback, no server between them.
//
// IPC, parent → here: {id, cmd: 'open', mode, wsUrl?, calls: [callId…]} | {id, cmd: 'mark'}
// | {id, cmd: 'report'} | {id, cmd: 'close'}; here → parent: {id, ok, …} or {id, error}.
import dns from 'node:dns';
import { performance } from 'node:perf_hooks';
import { MediaStreamTrack, RTCPeerConnection, RtpHeader, RtpPacket } from 'werift';
import WebSocket from 'ws';
import { intervalLoss, percentile, StreamStats } from './rtp-stats.mjs';

const PACKET_MS = 20;
const FRAME = 960; // 20 ms at 48 kHz
const PAYLOAD = Buffer.alloc(120, 0x5a);
const CONNECT_TIMEOUT_MS = 30_000;
const OPEN_WIDTH = 2;

const peerConfig = () => ({ iceAdditionalHostAddresses: ['127.0.0.1'], iceUseIpv6: false, iceServers: [] });
/**
 * Loopback needs no STUN server, but werift's ICE falls back to stun.l.google.com whatever
 * iceServers says, and looks it up (dns.promises.lookup) for every local address of every
 * connection. Offline, with a few dozen lookups in flight, this machine's resolver leaves
 * some unanswered until its 5 s timeout: opening 24 calls took 30 s. The peers (not the
 * server under test, which still looks it up) fail that one lookup at once.
 */
const systemLookup = dns.promises.lookup;
dns.promises.lookup = (host, ...rest) =>
  host === 'stun.l.google.com'
    ? Promise.reject(
        Object.assign(new Error(`getaddrinfo ENOTFOUND ${host} (the bench's peers use no STUN server)`), { code: 'ENOTFOUND' }),
      )
    : systemLookup(host, ...rest);

/** One leg: its connection, its sending schedule, what it has received. */
class Leg {
  constructor(name) {
    this.name = name;
    this.pc = new RTCPeerConnection(peerConfig());
    this.track = new MediaStreamTrack({ kind: 'audio' });
    /** SSRC → StreamStats of what this leg receives. */
    this.streams = new Map();
    this.sent = 0;
    this.lagMs = [];
    this.timer = undefined;
    this.closed = false;
    this.pc.onTrack.subscribe((track) =>
      track.onReceiveRtp.subscribe((rtp) => {
        const at = performance.now();
        const { ssrc, sequenceNumber, timestamp } = rtp.header;
        let s = this.streams.get(ssrc);
        if (!s) {
          s = new StreamStats();
          this.streams.set(ssrc, s);
        }
        s.push(sequenceNumber, timestamp, at);
      }),
    );
  }

  connected() {
    if (this.pc.connectionState === 'connected') return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.name}: not connected within 30 s`)), CONNECT_TIMEOUT_MS);
      this.pc.connectionStateChange.subscribe((state) => {
        if (state === 'connected') {
          clearTimeout(timer);
          resolve();
        } else if (state === 'failed' || state === 'closed') {
          clearTimeout(timer);
          reject(new Error(`${this.name}: connection ${state}`));
        }
      });
    });
  }

  /** Starts sending on schedule, at a random phase within the first packet's 20 ms. */
  startSending() {
    let seq = Math.floor(Math.random() * 0x10000);
    let ts = Math.floor(Math.random() * 2 ** 32);
    const start = performance.now() + Math.random() * PACKET_MS;
    let k = 0;
    const tick = () => {
      if (this.closed) return;
      const now = performance.now();
      while (start + k * PACKET_MS <= now) {
        this.lagMs.push(now - (start + k * PACKET_MS));
        const header = new RtpHeader({ payloadType: 111, sequenceNumber: seq, timestamp: ts, marker: k === 0 });
        this.track.writeRtp(new RtpPacket(header, PAYLOAD));
        this.sent++;
        seq = (seq + 1) & 0xffff;
        ts = (ts + FRAME) >>> 0;
        k++;
      }
      this.timer = setTimeout(tick, start + k * PACKET_MS - performance.now());
    };
    this.timer = setTimeout(tick, start - performance.now());
  }

  close() {
    this.closed = true;
    clearTimeout(this.timer);
    this.ws?.terminate();
    return this.pc.close().catch(() => undefined);
  }
}

/** The transceivers VoiceCall offers: the microphone's line (sendrecv) and two receive-only lines. */
function addLines(leg) {
  leg.pc.addTransceiver(leg.track, { direction: 'sendrecv' });
  leg.pc.addTransceiver('audio', { direction: 'recvonly' });
  leg.pc.addTransceiver('audio', { direction: 'recvonly' });
}

/** A leg through the server: signalling on /voice/v1/ws, the media server's answer. */
async function openServerLeg(wsUrl, token) {
  const leg = new Leg(token);
  try {
    return await negotiate(leg, wsUrl, token);
  } catch (err) {
    await leg.close();
    throw err;
  }
}

async function negotiate(leg, wsUrl, token) {
  addLines(leg);
  await leg.pc.setLocalDescription(await leg.pc.createOffer());
  const ws = new WebSocket(`${wsUrl}?token=${encodeURIComponent(token)}`);
  leg.ws = ws;
  const answer = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${token}: no answer within 30 s`)), CONNECT_TIMEOUT_MS);
    ws.on('message', (raw) => {
      const f = JSON.parse(String(raw));
      if (f.type === 'answer') {
        clearTimeout(timer);
        resolve(f.sdp);
      } else if (f.type === 'error') {
        clearTimeout(timer);
        reject(new Error(`${token}: ${f.error.type}: ${f.error.message}`));
      }
    });
    ws.on('close', (code) => reject(new Error(`${token}: signalling closed (${code})`)));
    ws.on('error', reject);
  });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  ws.send(JSON.stringify({ type: 'offer', sdp: leg.pc.localDescription?.sdp }));
  await leg.pc.setRemoteDescription({ type: 'answer', sdp: await answer });
  await leg.connected();
  return leg;
}

/** A call through the server: both legs, or neither (one that opened is closed if the other failed). */
async function openServerPair(wsUrl, callId) {
  const both = await Promise.allSettled([openServerLeg(wsUrl, `bench.${callId}.a`), openServerLeg(wsUrl, `bench.${callId}.b`)]);
  const failed = both.find((r) => r.status === 'rejected');
  if (!failed) return both.map((r) => r.value);
  await Promise.all(both.filter((r) => r.status === 'fulfilled').map((r) => r.value.close()));
  throw failed.reason;
}

/** The baseline: leg a offers straight to leg b, which answers as the media server would (its first line sendrecv). */
async function openDirectPair(callId) {
  const a = new Leg(`${callId}.a`);
  const b = new Leg(`${callId}.b`);
  try {
    await connectDirect(a, b);
  } catch (err) {
    await Promise.all([a.close(), b.close()]);
    throw err;
  }
  return [a, b];
}

async function connectDirect(a, b) {
  addLines(a);
  await a.pc.setLocalDescription(await a.pc.createOffer());
  await b.pc.setRemoteDescription(a.pc.localDescription);
  b.pc.getTransceivers().forEach((t, i) => {
    t.setDirection(i === 0 ? 'sendrecv' : 'inactive');
  });
  await b.pc.getTransceivers()[0].sender.replaceTrack(b.track);
  await b.pc.setLocalDescription(await b.pc.createAnswer());
  await a.pc.setRemoteDescription(b.pc.localDescription);
  await Promise.all([a.connected(), b.connected()]);
}

const legs = [];
let marks = new Map(); // StreamStats → snapshot at the window's start
let markedAt = 0;
let sentAtMark = 0;

async function open({ mode, wsUrl, calls }) {
  const failures = [];
  let next = 0;
  const worker = async () => {
    while (next < calls.length) {
      const callId = calls[next++];
      try {
        const pair = mode === 'direct' ? await openDirectPair(callId) : await openServerPair(wsUrl, callId);
        for (const leg of pair) {
          legs.push(leg);
          leg.startSending();
        }
      } catch (err) {
        failures.push(String(err?.message ?? err));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(OPEN_WIDTH, calls.length) }, worker));
  return { opened: calls.length - failures.length, failures: failures.slice(0, 5), failed: failures.length };
}

const allStreams = () => legs.flatMap((l) => [...l.streams.values()]);

function mark() {
  marks = new Map(allStreams().map((s) => [s, s.snapshot()]));
  for (const l of legs) l.lagMs = [];
  sentAtMark = legs.reduce((n, l) => n + l.sent, 0);
  markedAt = performance.now();
  return {};
}

/** The window since `mark`: each stream's loss and jitter now, and the send lag. */
function report() {
  const seconds = (performance.now() - markedAt) / 1000;
  const streams = allStreams().map((s) => ({
    ...intervalLoss(marks.get(s) ?? {}, s.snapshot()),
    jitterMs: s.jitterMs,
    newInWindow: !marks.has(s),
  }));
  const lag = legs.flatMap((l) => l.lagMs);
  return {
    seconds,
    legs: legs.length,
    legsReceiving: legs.filter((l) => l.streams.size > 0).length,
    streams,
    sent: legs.reduce((n, l) => n + l.sent, 0) - sentAtMark,
    sendLagMs: { p50: percentile(lag, 50), p99: percentile(lag, 99), max: lag.length ? Math.max(...lag) : Number.NaN },
  };
}

async function closeAll() {
  await Promise.all(legs.splice(0).map((l) => l.close()));
  return {};
}

process.on('message', async (msg) => {
  try {
    const out =
      msg.cmd === 'open' ? await open(msg) : msg.cmd === 'mark' ? mark() : msg.cmd === 'report' ? report() : await closeAll();
    process.send({ id: msg.id, ok: true, ...out });
  } catch (err) {
    process.send({ id: msg.id, ok: false, error: String(err?.stack ?? err) });
  }
});
process.on('disconnect', () => process.exit(0));
