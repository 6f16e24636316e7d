/**
 * Recording a web call (issue 23), on the real server with SQLite and Postgres: a flow
 * whose UpdateContactRecordingBehavior records the agent and the customer; the customer's
 * and alice's legs are werift peers in Node that send real Opus — tone files
 * (test/fixtures/tone-440.webm, tone-1000.webm, made with
 * `ffmpeg -f lavfi -i sine=frequency=F:sample_rate=48000:duration=12 -ac 2 -c:a libopus
 * -b:a 12k -frame_duration 20`) played by werift's player packet by packet, as the hold
 * music is. (werift cannot encode Opus, and a Node peer keeps the test fast and the pause's
 * timing exact; the browsers' real microphones are covered by voice-contact-browser.test.ts.)
 *
 * alice pauses the recording from the agent API and the Connect API resumes it; she hangs
 * up; then each leg's file, downloaded from the admin endpoint, decodes (ffmpeg) to its
 * own tone with a silent gap of the paused length, and the mixed file to both tones with
 * the same gap. DescribeContact lists the files (`Recordings`). The Connect operations'
 * and the endpoints' refusals are checked in words.
 */
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import {
  CreateContactFlowCommand,
  DescribeContactCommand,
  DescribeContactFlowCommand,
  ResumeContactRecordingCommand,
  StartContactRecordingCommand,
  StartWebRTCContactCommand,
  StopContactRecordingCommand,
  SuspendContactRecordingCommand,
} from '@aws-sdk/client-connect';
import { demoConfig } from '@switchboard/core';
import { afterEach, describe, expect, it } from 'vitest';
import { MediaStreamTrack, RTCPeerConnection, RTCRtpCodecParameters } from 'werift';
import { getUserMedia } from 'werift/nonstandard';
import { recordingOperations } from '../src/api/contact/recording-operations.js';
import { backends } from './backends.js';
import { type ChatWorld, chatWorld } from './chat-support.js';
import { signedFetch } from './sign.js';
import { openSocket } from './voice-peer.js';

const key = demoConfig.accessKeys[0]!;
const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const FFMPEG = ['/usr/bin/ffmpeg', '/usr/local/bin/ffmpeg'].find((p) => existsSync(p));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A leg: a werift peer offering what VoiceCall offers, its microphone a tone file's packets. */
async function tonePeer(file: string) {
  const mic = new MediaStreamTrack({ kind: 'audio' });
  const pc = new RTCPeerConnection();
  pc.addTransceiver(mic, { direction: 'sendrecv' });
  pc.addTransceiver('audio', { direction: 'recvonly' });
  pc.addTransceiver('audio', { direction: 'recvonly' });
  await pc.setLocalDescription(await pc.createOffer());
  const player = await getUserMedia({ path: file, loop: false });
  const audio = player.audio!;
  audio.codec = new RTCRtpCodecParameters({ mimeType: 'audio/opus', clockRate: 48_000, channels: 2, payloadType: 111 });
  audio.onReceiveRtp.subscribe((packet) => mic.writeRtp(packet));
  return {
    pc,
    sdp: pc.localDescription?.sdp ?? '',
    play: () => player.start(),
    async close() {
      player.stop();
      await pc.close();
    },
  };
}

/** Opens a leg with `token` and waits until the server says it is connected. */
async function joinLeg(signalling: string, token: string, peer: Awaited<ReturnType<typeof tonePeer>>) {
  const s = await openSocket(`${signalling}?token=${encodeURIComponent(token)}`);
  s.send({ type: 'offer', sdp: peer.sdp });
  let f = await s.next();
  while (f.type !== 'answer') f = await s.next();
  await peer.pc.setRemoteDescription({ type: 'answer', sdp: f.sdp ?? '' });
  for (;;) {
    f = await s.next();
    if (f.type === 'state' && f.state === 'connected') break;
  }
  return s;
}

/** PCM, mono 8 kHz, of a WebM file (ffmpeg). */
function decode(file: string): Int16Array {
  const raw = execFileSync(FFMPEG!, ['-loglevel', 'error', '-i', file, '-f', 's16le', '-ac', '1', '-ar', '8000', '-'], {
    maxBuffer: 64 * 1024 * 1024,
  });
  return new Int16Array(raw.buffer, raw.byteOffset, raw.length / 2);
}

const RATE = 8000;
const WINDOW = 800; // 100 ms: 10 Hz bins, 440 and 1,000 Hz exactly on one
/** Each 100 ms window: silent, or the share of its energy at 440 and 1,000 Hz (Goertzel; a pure tone ≈ 0.5). */
function windows(pcm: Int16Array): { silent: boolean; f440: number; f1000: number }[] {
  const out = [];
  for (let i = 0; i + WINDOW <= pcm.length; i += WINDOW) {
    let energy = 0;
    for (let j = 0; j < WINDOW; j++) energy += (pcm[i + j] as number) ** 2;
    const share = (f: number) => {
      const k = (2 * Math.cos((2 * Math.PI * f) / RATE)) as number;
      let s1 = 0;
      let s2 = 0;
      for (let j = 0; j < WINDOW; j++) {
        const s0 = (pcm[i + j] as number) + k * s1 - s2;
        s2 = s1;
        s1 = s0;
      }
      return energy === 0 ? 0 : (s1 * s1 + s2 * s2 - k * s1 * s2) / (WINDOW * energy);
    };
    const rms = Math.sqrt(energy / WINDOW);
    out.push({ silent: rms < 30, f440: share(440), f1000: share(1000) });
  }
  return out;
}

/** The longest run of silent windows, in ms, and where it starts (ms). */
function longestSilence(ws: ReturnType<typeof windows>): { ms: number; at: number } {
  let best = { ms: 0, at: 0 };
  let run = 0;
  for (const [i, w] of ws.entries()) {
    run = w.silent ? run + 1 : 0;
    if (run * 100 > best.ms) best = { ms: run * 100, at: (i - run + 1) * 100 };
  }
  return best;
}

interface ListedFile {
  Name: string;
  ParticipantType: string;
  LegId?: string;
  SizeInBytes: number;
  StartTimestamp: number;
  StopTimestamp: number;
  Location: string;
}

/**
 * A call on a flow that records `recorded` (then queues as "Sales inbound" does): the
 * customer's leg (440 Hz) and alice's (1,000 Hz, opened while it rings), both sending.
 */
async function recordedCall(w: ChatWorld, recorded: string[], closers: (() => Promise<unknown>)[]) {
  const instanceId = w.server.instance.id;
  const sales = await w.connect.send(
    new DescribeContactFlowCommand({ InstanceId: instanceId, ContactFlowId: w.flows['Sales inbound'] }),
  );
  const content = JSON.parse(sales.ContactFlow?.Content ?? '{}');
  content.Actions.unshift({
    Identifier: 'record',
    Type: 'UpdateContactRecordingBehavior',
    Parameters: { RecordingBehavior: { RecordedParticipants: recorded } },
    Transitions: { NextAction: content.StartAction },
  });
  content.StartAction = 'record';
  const flow = await w.connect.send(
    new CreateContactFlowCommand({
      InstanceId: instanceId,
      Name: 'Recorded sales',
      Type: 'CONTACT_FLOW',
      Content: JSON.stringify(content),
    }),
  );
  const alice = await w.agent('alice');
  const started = await w.connect.send(
    new StartWebRTCContactCommand({
      InstanceId: instanceId,
      ContactFlowId: flow.ContactFlowId,
      ParticipantDetails: { DisplayName: 'Jane' },
    }),
  );
  const contactId = started.ContactId!;
  const signalling = `${w.server.url.replace(/^http/, 'ws')}/voice/v1/ws`;
  const customer = await tonePeer(fixture('tone-440.webm'));
  closers.push(() => customer.close());
  const customerSocket = await joinLeg(signalling, started.ConnectionData?.Attendee?.JoinToken ?? '', customer);
  closers.push(async () => customerSocket.ws.close());
  const offered = await alice.waitFor((d) => d.snapshot.contacts.some((c) => c.contactId === contactId), 'the call rings');
  const agentConn = offered.data.snapshot.contacts
    .find((c) => c.contactId === contactId)!
    .connections.find((c) => c.type === 'agent')!;
  const agent = await tonePeer(fixture('tone-1000.webm'));
  closers.push(() => agent.close());
  const agentSocket = await joinLeg(signalling, agentConn.softphoneMediaInfo!.callContextToken!, agent);
  closers.push(async () => agentSocket.ws.close());
  await Promise.all([customer.play(), agent.play()]);
  const ids = { InstanceId: instanceId, ContactId: contactId, InitialContactId: contactId };
  return { instanceId, contactId, ids, alice, started, agentConn };
}

/** The contact's recording as the admin endpoint lists it, once its files are finished. */
async function finishedFiles(w: ChatWorld, instanceId: string, contactId: string) {
  for (let i = 0; i < 100; i++) {
    const listed = await (
      await signedFetch(w.server.url, { method: 'GET', path: `/recordings/${instanceId}/${contactId}` }, key)
    ).json();
    if (listed.Files?.length) return listed as { Status: string; Pauses: unknown[]; Files: ListedFile[] };
    await sleep(100);
  }
  throw new Error('no recording files within 10 s');
}

describe("the recording operations match the SDK's model", () => {
  const sdk = createRequire(import.meta.url)('@aws-sdk/client-connect') as Record<string, unknown>;
  const ops = recordingOperations({ change: async () => undefined });
  it('are the four of client-connect, at its methods and paths', () => {
    expect(ops.map((o) => o.name)).toEqual([
      'StartContactRecording',
      'StopContactRecording',
      'SuspendContactRecording',
      'ResumeContactRecording',
    ]);
    for (const op of ops) {
      const schema = sdk[`${op.name}$`] as [number, string, string, { http: [string, string, number] }] | undefined;
      expect(schema, op.name).toBeDefined();
      const [method, path] = schema![3].http;
      expect(`${op.method} ${op.path}`).toBe(`${method} ${path}`);
    }
  });
});

describe.each(backends)('recording a web call on $name', (backend) => {
  const worlds: ChatWorld[] = [];
  const closers: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const c of closers.splice(0)) await c();
    for (const w of worlds.splice(0)) await w.close();
  });

  it('records each leg and a mix; a pause leaves a silent gap of its length; the files are listed and downloaded', async () => {
    const w = await chatWorld(backend);
    worlds.push(w);
    const api = (path: string, method = 'GET') => signedFetch(w.server.url, { method, path }, key);
    const { instanceId, contactId, ids, alice, started, agentConn } = await recordedCall(w, ['Agent', 'Customer'], closers);

    // Armed, not started: there is nothing to suspend yet.
    await expect(w.connect.send(new SuspendContactRecordingCommand(ids))).rejects.toMatchObject({
      name: 'InvalidRequestException',
      message: 'The recording has not started yet: it starts when the agent joins',
    });
    const listed = await (await api(`/recordings/${instanceId}/${contactId}`)).json();
    expect(listed).toMatchObject({
      ContactId: contactId,
      Status: 'ARMED',
      RecordedParticipants: ['AGENT', 'CUSTOMER'],
      Files: [],
    });

    await alice.command('acceptContact', { contactId });
    await sleep(2000);
    // alice's pause button (agent API); the Connect API resumes.
    const pausedAt = Date.now();
    await alice.command('pauseContactRecording', { contactId });
    await sleep(2000);
    await w.connect.send(new ResumeContactRecordingCommand(ids));
    const pausedMs = Date.now() - pausedAt;
    await sleep(2000);
    // Repeats change nothing; other recording types do not exist here.
    await w.connect.send(new ResumeContactRecordingCommand(ids));
    await w.connect.send(
      new StartContactRecordingCommand({ ...ids, VoiceRecordingConfiguration: { VoiceRecordingTrack: 'ALL' } }),
    );
    await expect(
      w.connect.send(new SuspendContactRecordingCommand({ ...ids, ContactRecordingType: 'SCREEN' })),
    ).rejects.toMatchObject({
      name: 'InvalidRequestException',
      message: expect.stringMatching(/SCREEN recording is not supported/),
    });
    await expect(
      w.connect.send(new SuspendContactRecordingCommand({ ...ids, InitialContactId: 'someone-else' })),
    ).rejects.toMatchObject({
      name: 'InvalidRequestException',
    });
    await expect(
      w.connect.send(
        new StopContactRecordingCommand({ ...ids, ContactId: 'no-such-contact', InitialContactId: 'no-such-contact' }),
      ),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });

    await alice.command('destroyConnection', { contactId, connectionId: agentConn.connectionId });
    // The files are finished after the call: listed once done.
    const finished = await finishedFiles(w, instanceId, contactId);
    const files = finished.Files;
    expect(finished).toMatchObject({
      Status: 'STOPPED',
      Pauses: [{ StartTimestamp: expect.any(Number), StopTimestamp: expect.any(Number) }],
    });
    const byParticipant = Object.fromEntries(files.map((f) => [f.ParticipantType, f]));
    expect(byParticipant.CUSTOMER).toMatchObject({ Name: `${started.ParticipantId}.webm`, LegId: started.ParticipantId });
    expect(byParticipant.AGENT).toMatchObject({ Name: `${agentConn.connectionId}.webm`, LegId: agentConn.connectionId });
    expect(Object.keys(byParticipant).sort()).toEqual(FFMPEG ? ['AGENT', 'ALL', 'CUSTOMER'] : ['AGENT', 'CUSTOMER']);

    // DescribeContact lists them where Connect's model has a place (RecordingInfo).
    const described = await w.connect.send(new DescribeContactCommand({ InstanceId: instanceId, ContactId: contactId }));
    expect(described.Contact?.Recordings?.map((r) => r.ParticipantType).sort()).toEqual(Object.keys(byParticipant).sort());
    expect(described.Contact?.Recordings?.[0]).toMatchObject({
      MediaStreamType: 'AUDIO',
      Status: 'AVAILABLE',
      Location: files[0]?.Location,
      StartTimestamp: expect.any(Date),
    });

    // Each file downloads whole, as audio/webm.
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'sb-recording-'));
    const local: Record<string, string> = {};
    for (const f of files) {
      const res = await api(f.Location);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('audio/webm');
      const body = Buffer.from(await res.arrayBuffer());
      expect(Number(res.headers.get('content-length'))).toBe(body.length);
      expect(body.length).toBe(f.SizeInBytes);
      expect(body.subarray(0, 4)).toEqual(Buffer.from([0x1a, 0x45, 0xdf, 0xa3])); // EBML: a WebM file
      local[f.ParticipantType] = join(dir, f.Name);
      writeFileSync(local[f.ParticipantType] as string, body);
    }

    if (!FFMPEG) {
      // Without ffmpeg there is no decoder here and no mixed file (the server made none).
      console.warn('ffmpeg is absent: the legs are checked as WebM files only, not decoded');
      return;
    }
    const check = (file: string, expected: { f440: boolean; f1000: boolean }, length: { ms: number }) => {
      const ws = windows(decode(file));
      // The file lasts as long as the recording did (within 0.6 s: the first packets, the end).
      expect(Math.abs(ws.length * 100 - length.ms)).toBeLessThan(600);
      // One silent gap of the paused length (±300 ms), with the conversation on both sides.
      const gap = longestSilence(ws);
      expect(Math.abs(gap.ms - pausedMs)).toBeLessThanOrEqual(300);
      expect(gap.at).toBeGreaterThan(1000);
      expect(gap.at + gap.ms).toBeLessThan(ws.length * 100 - 1000);
      const sounding = ws.filter((x) => !x.silent);
      const with440 = sounding.filter((x) => x.f440 > 0.1).length / sounding.length;
      const with1000 = sounding.filter((x) => x.f1000 > 0.1).length / sounding.length;
      if (expected.f440) expect(with440).toBeGreaterThan(0.9);
      else expect(with440).toBeLessThan(0.05);
      if (expected.f1000) expect(with1000).toBeGreaterThan(0.9);
      else expect(with1000).toBeLessThan(0.05);
    };
    const span = (f: ListedFile) => ({ ms: (f.StopTimestamp - f.StartTimestamp) * 1000 });
    check(local.CUSTOMER!, { f440: true, f1000: false }, span(byParticipant.CUSTOMER!));
    check(local.AGENT!, { f440: false, f1000: true }, span(byParticipant.AGENT!));
    check(local.ALL!, { f440: true, f1000: true }, span(byParticipant.ALL!));

    // After the call: nothing changes any more.
    await expect(
      w.connect.send(new StartContactRecordingCommand({ ...ids, VoiceRecordingConfiguration: { VoiceRecordingTrack: 'ALL' } })),
    ).rejects.toMatchObject({
      name: 'InvalidRequestException',
      message: `Contact ${contactId} has ended: its recording cannot change`,
    });
  }, 60_000);

  // Storage plays no part in it: once, on SQLite.
  if (backend.name === 'sqlite')
    it('without ffmpeg the legs are kept as written and no mix is made; a flow recording the agent records only their leg', async () => {
      // The server looks ffmpeg up in PATH when it finishes its first recording.
      const path = process.env.PATH;
      process.env.PATH = '';
      closers.push(async () => {
        process.env.PATH = path;
      });
      const w = await chatWorld(backend);
      worlds.push(w);
      const { instanceId, contactId, alice, agentConn } = await recordedCall(w, ['Agent'], closers);
      await alice.command('acceptContact', { contactId });
      await sleep(2000);
      await alice.command('destroyConnection', { contactId, connectionId: agentConn.connectionId });
      const { Files } = await finishedFiles(w, instanceId, contactId);
      process.env.PATH = path;
      expect(Files.map((f) => [f.ParticipantType, f.Name])).toEqual([['AGENT', `${agentConn.connectionId}.webm`]]);
      const res = await signedFetch(w.server.url, { method: 'GET', path: Files[0]!.Location }, key);
      const body = Buffer.from(await res.arrayBuffer());
      expect(Number(res.headers.get('content-length'))).toBe(body.length);
      expect(body.length).toBe(Files[0]!.SizeInBytes);
      expect(body.subarray(0, 4)).toEqual(Buffer.from([0x1a, 0x45, 0xdf, 0xa3]));
      if (!FFMPEG) return; // nothing here decodes Opus without it
      // As werift wrote it (not remuxed), it still decodes: alice's tone, no gap.
      const { mkdtempSync, writeFileSync } = await import('node:fs');
      const { join } = await import('node:path');
      const { tmpdir } = await import('node:os');
      const file = join(mkdtempSync(join(tmpdir(), 'sb-recording-')), 'agent.webm');
      writeFileSync(file, body);
      const ws = windows(decode(file));
      const sounding = ws.filter((x) => !x.silent);
      expect(sounding.length).toBeGreaterThan(ws.length - 5);
      expect(sounding.filter((x) => x.f1000 > 0.1).length / sounding.length).toBeGreaterThan(0.9);
      expect(sounding.filter((x) => x.f440 > 0.1).length).toBe(0);
    }, 30_000);

  it('refuses in words: a chat, unknown files, names that are not file names, unsigned requests', async () => {
    const w = await chatWorld(backend);
    worlds.push(w);
    const instanceId = w.server.instance.id;
    const chat = await w.startChat();
    const ids = { InstanceId: instanceId, ContactId: chat.ContactId, InitialContactId: chat.ContactId };
    await expect(
      w.connect.send(new StartContactRecordingCommand({ ...ids, VoiceRecordingConfiguration: { VoiceRecordingTrack: 'ALL' } })),
    ).rejects.toMatchObject({
      name: 'InvalidRequestException',
      message: `Contact ${chat.ContactId} is a CHAT contact: only voice contacts are recorded`,
    });
    await expect(
      w.connect.send(new StartContactRecordingCommand({ ...ids, VoiceRecordingConfiguration: { IvrRecordingTrack: 'ALL' } })),
    ).rejects.toMatchObject({
      name: 'InvalidRequestException',
      message: expect.stringMatching(/IVR recording is not supported/),
    });
    await expect(
      w.connect.send(
        new StartContactRecordingCommand({ ...ids, VoiceRecordingConfiguration: { VoiceRecordingTrack: 'SIDEWAYS' as 'ALL' } }),
      ),
    ).rejects.toMatchObject({
      name: 'InvalidRequestException',
      message: 'VoiceRecordingTrack: must be one of FROM_AGENT, TO_AGENT, ALL',
    });

    const get = (path: string) => signedFetch(w.server.url, { method: 'GET', path }, key);
    const errorOf = async (res: Response) => ({ status: res.status, type: res.headers.get('x-amzn-errortype')?.split(':')[0] });
    expect(await (await get(`/recordings/${instanceId}/${chat.ContactId}`)).json()).toMatchObject({ Status: 'IDLE', Files: [] });
    expect(await errorOf(await get(`/recordings/${instanceId}/${chat.ContactId}/mixed.webm`))).toEqual({
      status: 404,
      type: 'ResourceNotFoundException',
    });
    expect(await errorOf(await get(`/recordings/${instanceId}/${chat.ContactId}/..%2F..%2Fetc%2Fpasswd`))).toEqual({
      status: 400,
      type: 'InvalidRequestException',
    });
    expect(await errorOf(await get(`/recordings/${instanceId}/..%2F${chat.ContactId}/mixed.webm`))).toMatchObject({
      status: 400,
    });
    expect(await errorOf(await get(`/recordings/${instanceId}/no-such-contact/mixed.webm`))).toEqual({
      status: 404,
      type: 'ResourceNotFoundException',
    });
    const unsigned = await fetch(`${w.server.url}/recordings/${instanceId}/${chat.ContactId}/mixed.webm`);
    expect(unsigned.status).toBe(403);

    // The agent's pause button on a chat.
    const alice = await w.agent('alice');
    await alice.waitFor((d) => d.snapshot.contacts.some((c) => c.contactId === chat.ContactId), 'the chat rings');
    await alice.command('acceptContact', { contactId: chat.ContactId });
    await expect(alice.command('pauseContactRecording', { contactId: chat.ContactId })).rejects.toMatchObject({
      type: 'InvalidStateException',
      message: expect.stringMatching(/is not a voice call: only calls are recorded$/),
    });
  });
});
