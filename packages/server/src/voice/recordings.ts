/**
 * Recording voice contacts (issue 23): a thin shell around core's pure `recordingStep`
 * (voice/recording.ts), beside the call controller and apart from it. It is its own
 * routing commit observer:
 *
 * - `contact.created` (a voice contact): the recording as its flow set it
 *   (`UpdateContactRecordingBehavior`: armed for the agent and/or the customer, or off);
 * - `contact.connected`: an armed recording starts — the media server records the call's
 *   legs (media/recorder.ts), each to its own WebM file;
 * - `contact.ended` / `contact.destroyed` / `contact.transferred`: the recording stops and
 *   its files are finished: each leg's file is remuxed by ffmpeg (werift's header claims a
 *   24 h duration), and the legs are mixed into `mixed.webm`, each placed at its own start
 *   time. Without ffmpeg the legs are kept as written and no mixed file is made.
 *
 * and the Connect API (Start / Stop / Suspend / Resume ContactRecording) and the agent's
 * pause button change it through `change`. Every change is committed on the contact's
 * document (`recording`) before the media follows; the finished files are committed there
 * too (DescribeContact's `Recordings`).
 *
 * Files: `<dir>/<instanceId>/<contactId>/<legId>.webm` and `mixed.webm`.
 */
import { execFile } from 'node:child_process';
import { accessSync, constants, mkdirSync } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { basename, delimiter, join } from 'node:path';
import {
  type ChatItem,
  type DomainEvent,
  InvalidRequestException,
  newRecording,
  type RecordedParticipant,
  type RecordingEffects,
  type RecordingEvent,
  type RecordingFile,
  type RecordingState,
  recordingStep,
} from '@switchboard/core';
import { interpretCached } from '../api/contact/start-chat.js';
import type { CallRecording, MediaServer, RecordedLeg, RecordOptions } from '../media/index.js';
import type { ContactDoc } from '../routing/contact-doc.js';
import type { CommitObserver, InstanceRouting } from '../routing/instance.js';
import type { RoutingService } from '../routing/service.js';
import type { Store } from '../storage/types.js';

declare module '../routing/contact-doc.js' {
  interface ContactDoc {
    /**
     * Voice contacts: the recording (core's voice/recording.ts) — who is recorded, its
     * pauses, the files once finished; set when the contact is created (its flow's
     * behaviour) and kept apart from the call (`voice`).
     */
    recording?: RecordingState;
  }
}

/** What the Connect API and the agent API may ask of a contact's recording. */
export interface RecordingControl {
  /**
   * Runs `event` on the contact's recording; resolves once committed and applied.
   * InvalidRequestException for a contact that is not a call, has ended, or a refusal of
   * core's (pausing what is not recorded, restarting a stopped recording).
   */
  change(ir: InstanceRouting, doc: ContactDoc, event: ChangeEvent): Promise<void>;
}

export type ChangeEvent =
  | { readonly type: 'start'; readonly participants: readonly RecordedParticipant[] }
  | { readonly type: 'pause' | 'resume' | 'stop' };

export interface RecordingsDeps {
  readonly routing: RoutingService;
  readonly store: Store;
  readonly media: MediaServer;
  /** The recordings' root: `<dataDir>/recordings`. */
  readonly dir: string;
  readonly now: () => number;
  readonly log: { info(obj: unknown, msg?: string): void; warn(obj: unknown, msg?: string): void };
  /** ffmpeg's path; undefined: looked up in PATH; null: none (the legs are kept as written, no mix). */
  readonly ffmpeg?: string | null;
}

/** Ids as they appear in paths: what the server makes (UUIDs, time-ordered ids). */
export const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

/** The media call a contact's document holds (the contact's own id unless the call says otherwise). */
const mediaCallId = (doc: ContactDoc): string => (doc.voice as { callId?: string } | undefined)?.callId ?? doc.contactId;
const customerLeg = (doc: ContactDoc): string =>
  doc.voice?.customer.legId ?? doc.customer?.participantId ?? `${doc.contactId}-customer`;

interface Running {
  readonly handle: CallRecording;
  readonly customerLegId: string;
}

export class Recordings implements CommitObserver, RecordingControl {
  private readonly pending = new WeakMap<readonly DomainEvent[], { contactId: string; effects: RecordingEffects }[]>();
  /** Recordings running in this process, by contact id. */
  private readonly running = new Map<string, Running>();
  private readonly finishing = new Set<Promise<void>>();
  private ffmpegPath: string | null | undefined;

  constructor(private readonly deps: RecordingsDeps) {
    this.ffmpegPath = deps.ffmpeg;
  }

  /** The directory of a contact's files (ids checked: they become a path). */
  dirOf(instanceId: string, contactId: string): string {
    if (!SAFE_ID.test(instanceId) || !SAFE_ID.test(contactId)) throw new InvalidRequestException('Not a contact id');
    return join(this.deps.dir, instanceId, contactId);
  }

  /** ffmpeg, if there is one (looked up once). */
  get ffmpeg(): string | null {
    if (this.ffmpegPath === undefined) this.ffmpegPath = findInPath('ffmpeg');
    return this.ffmpegPath;
  }

  // -------------------------------------------------------------------------------------
  // Routing commits

  collect(ir: InstanceRouting, events: readonly DomainEvent[], now: number): readonly ChatItem[] {
    const out: { contactId: string; effects: RecordingEffects }[] = [];
    for (const e of events) {
      const doc = 'contactId' in e ? ir.docs.get(e.contactId) : undefined;
      if (doc?.channel !== 'VOICE') continue;
      if (e.type === 'contact.created') {
        doc.recording ??= newRecording(this.flowParticipants(ir, doc));
        continue;
      }
      const event: RecordingEvent | undefined =
        e.type === 'contact.connected'
          ? { type: 'connected', at: now }
          : e.type === 'contact.ended' || e.type === 'contact.destroyed' || e.type === 'contact.transferred'
            ? { type: 'ended', at: now }
            : undefined;
      if (!event || (!doc.recording && event.type === 'ended')) continue;
      const { state, effects } = recordingStep(doc.recording ?? newRecording(this.flowParticipants(ir, doc)), event);
      doc.recording = state;
      if (effects.start || effects.stop) out.push({ contactId: doc.contactId, effects });
    }
    if (out.length > 0) this.pending.set(events, out);
    return [];
  }

  committed(ir: InstanceRouting, _items: readonly ChatItem[], events: readonly DomainEvent[]): void {
    const done = this.pending.get(events);
    if (!done) return;
    this.pending.delete(events);
    for (const { contactId, effects } of done) {
      const doc = ir.docs.get(contactId);
      if (doc) this.apply(ir, doc, effects);
    }
  }

  /** Who the contact's flow records (its UpdateContactRecordingBehavior), none if it says nothing. */
  private flowParticipants(ir: InstanceRouting, doc: ContactDoc): readonly RecordedParticipant[] {
    const flow = doc.flowId !== undefined ? ir.config.flows.get(doc.flowId) : undefined;
    const run = flow ? interpretCached(flow.content) : undefined;
    return run?.ok ? (run.flow.recordedParticipants ?? []) : [];
  }

  // -------------------------------------------------------------------------------------
  // The Connect API and the agent's pause button

  async change(ir: InstanceRouting, doc: ContactDoc, event: ChangeEvent): Promise<void> {
    if (doc.channel !== 'VOICE')
      throw new InvalidRequestException(`Contact ${doc.contactId} is a ${doc.channel} contact: only voice contacts are recorded`);
    const phase = ir.engine.contact(doc.contactId)?.phase;
    if (phase === undefined || phase === 'ended' || doc.voice?.ended)
      throw new InvalidRequestException(`Contact ${doc.contactId} has ended: its recording cannot change`);
    const now = this.deps.now();
    const current = doc.recording ?? newRecording(this.flowParticipants(ir, doc));
    const { state, effects } = recordingStep(current, { ...event, at: now });
    if (state === current && doc.recording) return;
    doc.recording = state;
    await ir.step([], { docs: [doc] });
    this.apply(ir, doc, effects);
  }

  // -------------------------------------------------------------------------------------
  // The media

  private apply(ir: InstanceRouting, doc: ContactDoc, effects: RecordingEffects): void {
    const { contactId } = doc;
    if (effects.start) {
      const customerLegId = customerLeg(doc);
      const who = effects.start.participants;
      const legs: Omit<RecordOptions, 'dir'> =
        who.includes('AGENT') && who.includes('CUSTOMER')
          ? {}
          : who.includes('CUSTOMER')
            ? { only: [customerLegId] }
            : { except: [customerLegId] };
      try {
        const handle = this.deps.media.record(mediaCallId(doc), { dir: this.dirOf(ir.instanceId, contactId), ...legs });
        this.running.set(contactId, { handle, customerLegId });
      } catch (err) {
        this.deps.log.warn({ err, contactId }, 'the call cannot be recorded');
      }
    }
    const running = this.running.get(contactId);
    if (effects.pause) running?.handle.pause();
    if (effects.resume) running?.handle.resume();
    if (effects.stop) {
      this.running.delete(contactId);
      const p = this.finish(ir, contactId, running).catch((err: unknown) =>
        this.deps.log.warn({ err, contactId }, 'finishing a recording failed'),
      );
      this.finishing.add(p);
      void p.finally(() => this.finishing.delete(p));
    }
  }

  /** Stops the writers, remuxes each leg, mixes them, and commits the files on the contact. */
  private async finish(ir: InstanceRouting, contactId: string, running: Running | undefined): Promise<void> {
    const legs = running ? await running.handle.stop() : [];
    const ffmpeg = this.ffmpeg;
    const files: RecordingFile[] = [];
    for (const leg of legs) {
      if (ffmpeg) await this.remux(ffmpeg, leg.file);
      const bytes = (await stat(leg.file).catch(() => undefined))?.size;
      if (bytes === undefined) continue;
      files.push({
        name: basename(leg.file),
        participant: leg.legId === running?.customerLegId ? 'CUSTOMER' : 'AGENT',
        legId: leg.legId,
        bytes,
        startedAt: leg.startedAt,
        stoppedAt: leg.stoppedAt,
      });
    }
    if (ffmpeg && legs.length > 0) {
      const mixed = await this.mix(ffmpeg, legs, join(this.dirOf(ir.instanceId, contactId), 'mixed.webm'));
      if (mixed) files.push(mixed);
    } else if (!ffmpeg && legs.length > 0) {
      this.deps.log.info({ contactId }, 'no ffmpeg: the recording keeps its legs as written, and no mixed file is made');
    }
    // The files, on the contact (it may have left memory: then from storage).
    const doc = ir.docs.get(contactId) ?? (await this.storedDoc(ir, contactId));
    if (!doc || ir.superseded) return;
    doc.recording = recordingStep(doc.recording ?? newRecording(), { type: 'finished', files }).state;
    await ir.step([], { docs: [doc] });
  }

  private async storedDoc(ir: InstanceRouting, contactId: string): Promise<ContactDoc | undefined> {
    await this.deps.routing.persister.flush();
    const stored = await this.deps.store.contacts.get(ir.instanceId, contactId);
    return stored ? (JSON.parse(stored.body) as ContactDoc) : undefined;
  }

  /** Rewrites the file with its true duration (`-c copy`: the audio is untouched). */
  private async remux(ffmpeg: string, file: string): Promise<void> {
    const tmp = `${file}.remux.webm`;
    try {
      await run(ffmpeg, ['-y', '-loglevel', 'error', '-i', file, '-c', 'copy', tmp]);
      await rename(tmp, file);
    } catch (err) {
      await rm(tmp, { force: true });
      this.deps.log.warn({ err, file }, 'remuxing a recorded leg failed; it is kept as written');
    }
  }

  /** Every leg at its own start time, summed (not normalised: each keeps its level). */
  private async mix(ffmpeg: string, legs: readonly RecordedLeg[], out: string): Promise<RecordingFile | undefined> {
    const start = Math.min(...legs.map((l) => l.startedAt));
    const stop = Math.max(...legs.map((l) => l.stoppedAt));
    const inputs = legs.flatMap((l) => ['-i', l.file]);
    // aresample async fills any gap in a leg's timeline (lost packets) with silence.
    const placed = legs.map((l, i) => `[${i}:a]aresample=async=1:first_pts=0,adelay=${l.startedAt - start}:all=1[a${i}]`);
    const sum =
      legs.length === 1
        ? '[a0]anull[m]'
        : `${legs.map((_, i) => `[a${i}]`).join('')}amix=inputs=${legs.length}:duration=longest:normalize=0[m]`;
    try {
      await run(ffmpeg, [
        '-y',
        '-loglevel',
        'error',
        ...inputs,
        '-filter_complex',
        [...placed, sum].join(';'),
        '-map',
        '[m]',
        '-ac',
        '1',
        '-c:a',
        'libopus',
        '-b:a',
        '32k',
        out,
      ]);
      const { size } = await stat(out);
      return { name: basename(out), participant: 'ALL', bytes: size, startedAt: start, stoppedAt: stop };
    } catch (err) {
      await rm(out, { force: true });
      this.deps.log.warn({ err, out }, 'mixing a recording failed; its legs are kept');
      return undefined;
    }
  }

  /** Stops what is recorded (the files are finished) and waits for files being finished. */
  async close(): Promise<void> {
    await Promise.all([...this.finishing]);
  }

  /** Finishing in progress (tests wait for it). */
  get busy(): number {
    return this.finishing.size;
  }
}

/** An executable in PATH, or null. */
function findInPath(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const p = join(dir, name);
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch {
      // not here
    }
  }
  return null;
}

function run(cmd: string, args: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { timeout: 300_000, maxBuffer: 1024 * 1024 }, (err, _stdout, stderr) =>
      err ? reject(new Error(`${basename(cmd)} failed: ${String(stderr).slice(0, 500) || err.message}`)) : resolve(),
    );
  });
}

/** Makes the recordings root (at start, so a missing data directory shows at once). */
export function recordingsDir(dataDir: string | undefined, scratch: () => string): string {
  const dir = dataDir ? join(dataDir, 'recordings') : scratch();
  mkdirSync(dir, { recursive: true });
  return dir;
}
