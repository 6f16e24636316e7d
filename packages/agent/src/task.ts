/**
 * A Task: one of the agent's contacts (a chat, a task or a call), with the reference SDK's
 * promise-based methods. Each method sends its agent API command and resolves once the
 * server answered AND the agent's data shows the change for this contact (settle.ts), or
 * rejects with a TaskError saying which operation on which task failed and why. Events come
 * from the agent's data (derive.ts), emitted by the manager (contact-center.ts).
 *
 * This file is the Task's public face, its data and its lifecycle (offer, end, wrap-up,
 * transfer, hold). What only calls do is in calls.ts, the checks before a command in
 * guards.ts, the media in media.ts, the auto-wrap-up timer in auto-wrapup-timer.ts.
 */
import {
  type AgentClient,
  type Clock,
  type ContactData,
  type QueueRef,
  type QuickConnectEndpoint,
  TypedEmitter,
} from '@switchboard/agent-client';
import type { ChatSession } from '@switchboard/chat';
import type { AutoWrapupSettings } from './auto-wrapup.js';
import { AutoWrapupRunner, type AutoWrapupTimer } from './auto-wrapup-timer.js';
import { Calls } from './calls.js';
import { customerConnectionOf, type TaskChange, taskDataOf } from './derive.js';
import { fromApiError, TaskError, TaskErrorType, type TaskOperation } from './errors.js';
import { TASK_EVENTS, type TaskEventCallbacks, type TaskEventName, type TaskLifecycleEvent } from './events.js';
import { requireHoldable, requireState } from './guards.js';
import { TaskMedia } from './media.js';
import { Operations } from './operations.js';
import type { ExclusiveOperation, Expectation } from './settle.js';
import { checkWrapup, defaultWrapUpCode, resolveDestination } from './targets.js';
import {
  type ConsultEndPayload,
  type ConsultPayload,
  type ConsultTransferPayLoad,
  type ResumeRecordingPayload,
  TaskState,
  type TaskData,
  type TransferPayLoad,
  type WrapUpCode,
  type WrapupPayLoad,
} from './types.js';

export type { AutoWrapupTimer } from './auto-wrapup-timer.js';

/** What a Task needs from its manager (internal). */
export interface TaskHost {
  readonly client: AgentClient;
  readonly clock: Clock;
  readonly endpoint: string;
  readonly operationTimeoutMs: number;
  /** Whether this runtime opens voice legs (browsers). */
  readonly media: boolean;
  readonly microphone: () => Promise<MediaStreamTrack>;
  readonly autoWrapup: (AutoWrapupSettings & { readonly wrapUpCode?: string }) | undefined;
  wrapUpCodes(): Promise<readonly WrapUpCode[]>;
  queues(): readonly QueueRef[];
  /** The agent declined this contact (an offer that disappears now was declined). */
  declined(contactId: string): void;
  reportError(err: TaskError): void;
}

export class Task {
  private contact_: ContactData<string>;
  private present = true;
  private data_: TaskData;
  private readonly emitter: TypedEmitter<TaskEventCallbacks>;
  private readonly operations: Operations;
  private readonly auto: AutoWrapupRunner;
  private readonly media: TaskMedia;
  private readonly calls: Calls;
  private extra: Partial<TaskData> = {};

  /** @internal Tasks are made by the manager (`task:incoming`, `task:hydrate`). */
  constructor(
    private readonly host: TaskHost,
    contact: ContactData<string>,
  ) {
    this.contact_ = contact;
    this.data_ = this.derive();
    this.media = new TaskMedia(
      {
        endpoint: host.endpoint,
        media: host.media,
        microphone: host.microphone,
        onTrack: (track) => this.emitter.emit(TASK_EVENTS.TASK_MEDIA, track),
        chatToken: (participantId) => host.client.createChatToken(this.id, participantId),
      },
      contact,
    );
    this.operations = new Operations({
      clock: host.clock,
      timeoutMs: host.operationTimeoutMs,
      taskId: () => this.contact_.contactId,
      kind: () => this.contact_.type,
      contact: () => (this.present ? this.contact_ : undefined),
    });
    this.auto = new AutoWrapupRunner({
      clock: host.clock,
      settings: () => host.autoWrapup,
      fire: () => void this.autoWrapupNow(),
    });
    this.calls = new Calls({
      client: host.client,
      commandOptions: () => this.commandOptions(),
      task: () => ({ contact: this.contact_, data: this.data_ }),
      run: (operation, expect, command, send) => this.run(operation, expect, command, send),
      emit: (event) => this.emit(event),
      remember: (patch) => this.remember(patch),
      destination: (operation, payload) => this.destination(operation, payload),
    });
    this.emitter = new TypedEmitter<TaskEventCallbacks>((event, err) =>
      host.reportError(
        new TaskError(
          TaskErrorType.InvalidInput,
          'chat',
          this.id,
          `A ${String(event)} listener of task ${this.id} threw: ${String(err)}`,
          { cause: err },
        ),
      ),
    );
  }

  // ---------------------------------------------------------------------------------------
  // State

  /** The contact's id. */
  get id(): string {
    return this.contact_.contactId;
  }

  /** The task as the agent's latest data shows it. */
  get data(): TaskData {
    return this.data_;
  }

  /** The auto-wrap-up timer while it runs (after-contact work with `autoWrapup` set on the manager). */
  get autoWrapup(): AutoWrapupTimer | undefined {
    return this.auto.view();
  }

  /** Subscribes to a task event; returns the function that unsubscribes. */
  on<K extends TaskEventName>(event: K, callback: TaskEventCallbacks[K]): () => void {
    return this.emitter.on(event, callback);
  }

  once<K extends TaskEventName>(event: K, callback: TaskEventCallbacks[K]): () => void {
    return this.emitter.once(event, callback);
  }

  // ---------------------------------------------------------------------------------------
  // Offers

  /**
   * Accepts the offer. In a browser a call's leg is opened first (the microphone is asked
   * for; a refusal rejects with `MediaError` and the offer keeps ringing), and `task:media`
   * hands on the remote tracks.
   */
  async accept(): Promise<TaskData> {
    this.require('accept', [TaskState.OFFERED], 'only a ringing offer can be accepted');
    return this.run('accept', 'connected', 'acceptContact', async () => {
      await this.openLeg('accept');
      await this.host.client.command('acceptContact', { contactId: this.id }, this.commandOptions());
    });
  }

  /** Declines the offer: it goes back to its queue (`task:rejected` with `DECLINED`). */
  async decline(): Promise<TaskData> {
    this.require('decline', [TaskState.OFFERED], 'only a ringing offer can be declined');
    return this.run('decline', 'declined', 'rejectContact', async () => {
      this.host.declined(this.id);
      this.media.closeLeg();
      await this.host.client.command('rejectContact', { contactId: this.id }, this.commandOptions());
    });
  }

  // ---------------------------------------------------------------------------------------
  // Every channel

  /** Ends the contact for the agent (hangs up, leaves the chat, closes the task): `task:end`, then after-contact work. */
  async end(): Promise<TaskData> {
    this.require(
      'end',
      [TaskState.CONNECTED, TaskState.HELD, TaskState.CONSULTING, TaskState.CONFERENCING],
      'only a connected task can be ended (decline an offer; wrap up after-contact work)',
    );
    const connectionId = this.data_.agentConnectionId;
    return this.run('end', 'ended', 'destroyConnection', () =>
      this.host.client.command(
        'destroyConnection',
        { contactId: this.id, ...(connectionId ? { connectionId } : {}) },
        this.commandOptions(),
      ),
    );
  }

  /**
   * Ends after-contact work: records the wrap-up code (`auxCodeId`: a code's id, ARN or
   * name) and the reason (kept as the agent's notes unless it is the code's name), then
   * clears the contact (`task:wrappedup`).
   */
  async wrapup(payload: WrapupPayLoad): Promise<TaskData> {
    this.require('wrapup', [TaskState.WRAP_UP], 'wrap-up follows the end of the task: end it first');
    const codes = await this.codes('wrapup');
    const checked = checkWrapup(codes, payload);
    if (!checked.ok)
      throw new TaskError(TaskErrorType.InvalidInput, 'wrapup', this.id, `wrapup of task ${this.id}: ${checked.error}`);
    const { code, notes } = checked.value;
    this.auto.step({ type: 'wrappedUp' });
    return this.run('wrapup', 'gone', 'setContactWrapUp and clearContact', async () => {
      await this.host.client.command(
        'setContactWrapUp',
        { contactId: this.id, wrapUpCode: code.id, ...(notes !== undefined ? { notes } : {}) },
        this.commandOptions(),
      );
      this.remember({ wrapUpCode: code });
      await this.host.client.command('clearContact', { contactId: this.id }, this.commandOptions());
    });
  }

  /**
   * A blind transfer to a queue or an agent, through one of the agent's quick connects
   * (`to`: see TransferPayLoad). The contact ends for this agent (`task:end`, after-contact
   * work); `data.transferredTo` is the new contact's id.
   */
  async transfer(payload: TransferPayLoad): Promise<TaskData> {
    this.require('transfer', [TaskState.CONNECTED, TaskState.HELD], 'only a connected task can be transferred');
    const endpoint = await this.destination('transfer', payload);
    return this.run('transfer', 'ended', 'transferContact', async () => {
      const contactId = await this.host.client.transfer(this.id, endpoint.endpointARN);
      this.remember({ transferredTo: contactId });
    });
  }

  /** Puts the customer on hold (a call: holdConnection on their connection; a task: pauseContact). Chats cannot be held. */
  async hold(): Promise<TaskData> {
    const voice = this.holdable('hold');
    const customer = customerConnectionOf(this.contact_)?.connectionId;
    return this.run('hold', 'held', voice ? 'holdConnection' : 'pauseContact', () =>
      voice
        ? this.host.client.command(
            'holdConnection',
            { contactId: this.id, ...(customer ? { connectionId: customer } : {}) },
            this.commandOptions(),
          )
        : this.host.client.command('pauseContact', { contactId: this.id }, this.commandOptions()),
    );
  }

  /** Takes the customer off hold (resumeConnection), or resumes a paused task (resumeContact). */
  async resume(): Promise<TaskData> {
    const voice = this.holdable('resume');
    const customer = customerConnectionOf(this.contact_)?.connectionId;
    return this.run('resume', 'resumed', voice ? 'resumeConnection' : 'resumeContact', () =>
      voice
        ? this.host.client.command(
            'resumeConnection',
            { contactId: this.id, ...(customer ? { connectionId: customer } : {}) },
            this.commandOptions(),
          )
        : this.host.client.command('resumeContact', { contactId: this.id }, this.commandOptions()),
    );
  }

  /**
   * Merges `data` into `task.data` (keys are never deleted; with `shouldOverwrite` the
   * fields given replace the task's own). What the next push of the agent's data shows wins
   * for the fields it carries. Arms the auto-wrap-up timer when `wrapUpRequired` is set.
   */
  updateTaskData(data: Partial<TaskData>, shouldOverwrite = false): this {
    this.extra = shouldOverwrite ? { ...data } : { ...this.extra, ...data };
    this.data_ = { ...this.derive(), ...data };
    if (this.data_.wrapUpRequired) this.auto.step({ type: 'wrapUpRequired' });
    return this;
  }

  /** Stops the auto-wrap-up timer: the task waits in after-contact work for `wrapup()`. */
  cancelAutoWrapupTimer(): void {
    this.auto.step({ type: 'cancel' });
  }

  /**
   * Chats: the agent's chat session (`@switchboard/chat`'s ChatSession, type AGENT, with the
   * participant token of the agent's data), made on first use and closed when the task is
   * done. As with ChatJS, subscribe (`onMessage`…) and then `connect()` it: every message is
   * then handed on once, live or by `loadTranscript()`.
   */
  chatSession(): Promise<ChatSession> {
    return this.media.chatSession(this.contact_, this.data_.agentConnectionId);
  }

  // ---------------------------------------------------------------------------------------
  // Calls (calls.ts)

  /**
   * Consults an agent or a queue (a quick connect, as for transfer): the customer is held
   * and the consulted party rings (`task:consultCreated`, then `task:consulting` once they
   * answer). Resolves once the consult is placed; `data.consultContactId` is its contact.
   */
  consult(payload: ConsultPayload): Promise<TaskData> {
    return this.calls.consult(payload);
  }

  /** Hangs up on the consulted party; the customer stays (still held: `resume()` brings them back). */
  endConsult(payload?: ConsultEndPayload): Promise<TaskData> {
    return this.calls.endConsult(payload);
  }

  /**
   * Leaves the call to the consulted party (a warm transfer): the customer and they talk on,
   * this agent's contact ends (`task:end`, after-contact work). The payload is ignored, as in
   * the reference.
   */
  consultTransfer(payload?: ConsultTransferPayLoad): Promise<TaskData> {
    return this.calls.consultTransfer(payload);
  }

  /** Joins the customer and the consulted party: all three hear each other (`task:conferenceStarted`). */
  consultConference(): Promise<TaskData> {
    return this.calls.consultConference();
  }

  /** Leaves the conference: the customer and the consulted party talk on (`task:participantLeft`, then after-contact work). */
  exitConference(): Promise<TaskData> {
    return this.calls.exitConference();
  }

  /** Hands the conference to the consulted party and leaves it (`task:conferenceTransferred`, then after-contact work). */
  transferConference(): Promise<TaskData> {
    return this.calls.transferConference();
  }

  /** Pauses the call's recording (`task:recordingPaused`; `task:recordingPauseFailed` on failure). */
  pauseRecording(): Promise<TaskData> {
    return this.calls.pauseRecording();
  }

  /** Resumes the call's recording (`task:recordingResumed`; `task:recordingResumeFailed` on failure). */
  resumeRecording(payload?: ResumeRecordingPayload): Promise<TaskData> {
    return this.calls.resumeRecording(payload);
  }

  /** Mutes or unmutes the agent on the server (nobody hears them; `data.isMuted`); the microphone follows. */
  toggleMute(): Promise<TaskData> {
    return this.calls.toggleMute();
  }

  // ---------------------------------------------------------------------------------------
  // Internal: the manager drives these

  /** @internal The contact as the latest push shows it (undefined: it left the agent's data). */
  _sync(contact: ContactData<string> | undefined): void {
    if (contact) this.contact_ = contact;
    else this.present = false;
    this.data_ = this.derive();
    this.media.mute(this.data_.isMuted);
    if (this.data_.wrapUpRequired) this.auto.step({ type: 'wrapUpRequired' });
    else if (this.auto.running && this.data_.state !== TaskState.WRAP_UP) this.auto.step({ type: 'wrappedUp' });
    const state = this.data_.state;
    if (state === TaskState.WRAP_UP || state === TaskState.COMPLETED || state === TaskState.MISSED) this.media.closeLeg();
    this.operations.sync();
  }

  /** @internal Emits what a push meant for this task (derive.ts), after every task was synced. */
  _apply(change: TaskChange): void {
    if (change.kind === 'event') this.emit(change.event);
    else if (change.kind === 'rejected') {
      this.remember({ reason: change.reason });
      this.emitter.emit(TASK_EVENTS.TASK_REJECT, change.reason);
    }
  }

  /** @internal The task is done (gone from the data) or the manager closed: stop timers, media and waiters. */
  _dispose(why: string): void {
    this.present = false;
    this.data_ = this.derive();
    this.auto.stop();
    this.media.dispose();
    this.operations.dispose(why);
  }

  /** @internal For a hydrated call in a browser: open the leg again (a reload during a call). */
  _rejoin(): void {
    if (this.host.media && this.contact_.type === 'voice' && this.data_.state !== TaskState.OFFERED)
      void this.openLeg('accept', true).catch((err) => this.host.reportError(err as TaskError));
  }

  // ---------------------------------------------------------------------------------------
  // Internal

  /** What an operation learnt (the new contact of a transfer…): kept in `data` across pushes. */
  private remember(patch: Partial<TaskData>): void {
    this.extra = { ...this.extra, ...patch };
    this.data_ = this.derive();
  }

  private derive(): TaskData {
    return taskDataOf(this.contact_, this.present, this.extra);
  }

  private emit(event: TaskLifecycleEvent): void {
    (this.emitter.emit as (e: string, t: Task) => void)(event, this);
  }

  private commandOptions() {
    return { timeoutMs: this.host.operationTimeoutMs };
  }

  private require(operation: TaskOperation, states: readonly TaskState[], why: string): void {
    requireState({ contact: this.contact_, data: this.data_ }, operation, states, why);
  }

  private holdable(operation: 'hold' | 'resume'): boolean {
    return requireHoldable({ contact: this.contact_, data: this.data_ }, operation);
  }

  private openLeg(operation: TaskOperation, rejoin = false): Promise<void> {
    return this.media.openLeg(operation, this.contact_, this.data_.isMuted, rejoin);
  }

  private async codes(operation: TaskOperation): Promise<readonly WrapUpCode[]> {
    try {
      return await this.host.wrapUpCodes();
    } catch (err) {
      throw fromApiError(err, operation, this.id, 'getWrapUpCodes');
    }
  }

  private async destination(
    operation: 'transfer' | 'consult',
    payload: TransferPayLoad | ConsultPayload,
  ): Promise<QuickConnectEndpoint> {
    if (typeof payload !== 'object' || payload === null)
      throw new TaskError(
        TaskErrorType.InvalidInput,
        operation,
        this.id,
        `${operation} on task ${this.id} needs {to, destinationType}`,
      );
    let endpoints: QuickConnectEndpoint[];
    try {
      // The quick connects of the contact's queue and of the agent's own queues (a transferred
      // or consulted contact waits in an agent's personal queue, which has none).
      const queues = new Set([
        ...(this.contact_.queue ? [this.contact_.queue.queueARN] : []),
        ...this.host.queues().map((q) => q.queueARN),
      ]);
      endpoints = await this.host.client.getEndpoints([...queues]);
    } catch (err) {
      throw fromApiError(err, operation, this.id, 'getEndpoints');
    }
    const found = resolveDestination(endpoints, this.host.queues(), payload.to, payload.destinationType);
    if (!found.ok)
      throw new TaskError(TaskErrorType.InvalidInput, operation, this.id, `${operation} on task ${this.id}: ${found.error}`);
    return found.value;
  }

  /** Runs one operation (operations.ts) and answers the task's data once it took effect. */
  private async run(
    operation: ExclusiveOperation,
    expect: Expectation,
    command: string,
    send: () => Promise<unknown>,
  ): Promise<TaskData> {
    await this.operations.run(operation, expect, command, send);
    return this.data_;
  }

  /** The auto-wrap-up timer ran out: wrap up with the default code (failures go to the manager's `error`). */
  private async autoWrapupNow(): Promise<void> {
    try {
      const codes = await this.codes('wrapup');
      const code = defaultWrapUpCode(codes, this.host.autoWrapup?.wrapUpCode);
      if (!code)
        throw new TaskError(
          TaskErrorType.InvalidInput,
          'wrapup',
          this.id,
          `auto wrap-up of task ${this.id}: the instance has no wrap-up code to use`,
        );
      if (this.data_.state !== TaskState.WRAP_UP) return;
      await this.wrapup({ wrapUpReason: code.name, auxCodeId: code.id });
    } catch (err) {
      this.host.reportError(err instanceof TaskError ? err : fromApiError(err, 'wrapup', this.id, 'auto wrap-up'));
    }
  }
}
