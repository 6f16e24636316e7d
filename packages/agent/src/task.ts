/**
 * A Task: one of the agent's contacts (a chat, a task or a call), with the reference SDK's
 * promise-based methods. Each method sends its agent API command and resolves once the
 * server answered AND the agent's data shows the change for this contact (settle.ts), or
 * rejects with a TaskError saying which operation on which task failed and why. Events come
 * from the agent's data (derive.ts), emitted by the manager (contact-center.ts).
 */
import type { AgentClient, ContactData, QueueRef, QuickConnectEndpoint } from '@switchboard/agent-client';
import type { ChatSession } from '@switchboard/chat';
import {
  AUTO_WRAPUP_IDLE,
  type AutoWrapupEvent,
  type AutoWrapupSettings,
  type AutoWrapupState,
  autoWrapupStep,
  autoWrapupTimeLeft,
} from './auto-wrapup.js';
import type { Clock, TimerHandle } from './clock.js';
import { agentConnectionOf, customerConnectionOf, factsOf, type TaskChange, taskStateOf, thirdConnectionOf } from './derive.js';
import { TypedEmitter } from './emitter.js';
import { fromApiError, TaskError, TaskErrorType, type TaskOperation } from './errors.js';
import { TASK_EVENTS, type TaskEventCallbacks, type TaskEventName } from './events.js';
import { createChat, participantTokenOf, VoiceLeg } from './media.js';
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

/** The auto-wrap-up timer of a task in after-contact work (the reference's `AutoWrapup`). */
export interface AutoWrapupTimer {
  readonly allowCancelAutoWrapup: boolean;
  isRunning(): boolean;
  getTimeLeft(): number;
  getTimeLeftSeconds(): number;
}

export class Task {
  private contact_: ContactData<string>;
  private present = true;
  private data_: TaskData;
  private readonly emitter: TypedEmitter<TaskEventCallbacks>;
  private readonly operations: Operations;
  private auto: AutoWrapupState = AUTO_WRAPUP_IDLE;
  private autoTimer: TimerHandle | undefined;
  /** Browsers: the agent's leg of a call. */
  private readonly leg: VoiceLeg | undefined;
  private chat_: Promise<ChatSession> | undefined;
  private extra: Partial<TaskData> = {};

  /** @internal Tasks are made by the manager (`task:incoming`, `task:hydrate`). */
  constructor(
    private readonly host: TaskHost,
    contact: ContactData<string>,
  ) {
    this.contact_ = contact;
    this.data_ = this.derive();
    this.leg =
      host.media && contact.type === 'voice'
        ? new VoiceLeg({
            endpoint: host.endpoint,
            microphone: host.microphone,
            onTrack: (track) => this.emitter.emit(TASK_EVENTS.TASK_MEDIA, track),
          })
        : undefined;
    this.operations = new Operations({
      clock: host.clock,
      timeoutMs: host.operationTimeoutMs,
      taskId: () => this.contact_.contactId,
      kind: () => this.contact_.type,
      contact: () => (this.present ? this.contact_ : undefined),
    });
    this.emitter = new TypedEmitter<TaskEventCallbacks>((event, err) =>
      host.reportError(
        new TaskError(
          TaskErrorType.InvalidInput,
          'chat',
          this.id,
          `A ${String(event)} listener of task ${this.id} threw: ${String(err)}`,
          {
            cause: err,
          },
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
    if (this.auto.phase !== 'armed') return undefined;
    const left = () => autoWrapupTimeLeft(this.auto, this.host.clock.now()) ?? 0;
    return {
      allowCancelAutoWrapup: this.host.autoWrapup?.allowCancel ?? false,
      isRunning: () => this.auto.phase === 'armed',
      getTimeLeft: left,
      getTimeLeftSeconds: () => Math.ceil(left() / 1000),
    };
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
      this.closeLeg();
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
    this.step({ type: 'wrappedUp' });
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
    if (this.data_.wrapUpRequired) this.step({ type: 'wrapUpRequired' });
    return this;
  }

  /** Stops the auto-wrap-up timer: the task waits in after-contact work for `wrapup()`. */
  cancelAutoWrapupTimer(): void {
    this.step({ type: 'cancel' });
  }

  /**
   * Chats: the agent's chat session (`@switchboard/chat`'s ChatSession, type AGENT, with the
   * participant token of the agent's data), made on first use and closed when the task is
   * done. As with ChatJS, subscribe (`onMessage`…) and then `connect()` it: every message is
   * then handed on once, live or by `loadTranscript()`.
   */
  chatSession(): Promise<ChatSession> {
    if (this.contact_.type !== 'chat')
      return Promise.reject(
        this.unsupported(
          'chat',
          `chatSession on task ${this.id}: it is a ${this.contact_.type}, not a chat: it has no chat session`,
        ),
      );
    this.chat_ ??= this.openChatSession().catch((err) => {
      this.chat_ = undefined;
      throw err;
    });
    return this.chat_;
  }

  // ---------------------------------------------------------------------------------------
  // Calls

  /**
   * Consults an agent or a queue (a quick connect, as for transfer): the customer is held
   * and the consulted party rings (`task:consultCreated`, then `task:consulting` once they
   * answer). Resolves once the consult is placed; `data.consultContactId` is its contact.
   */
  async consult(payload: ConsultPayload): Promise<TaskData> {
    this.voiceOnly('consult');
    this.require(
      'consult',
      [TaskState.CONNECTED, TaskState.HELD],
      'a consult starts from a connected call with no consult on it',
    );
    if (payload?.holdParticipants === false)
      throw new TaskError(
        TaskErrorType.InvalidInput,
        'consult',
        this.id,
        `consult on task ${this.id}: holdParticipants: false is not possible: Switchboard holds the customer during a consult`,
      );
    const endpoint = await this.destination('consult', payload);
    return this.run('consult', 'consultPlaced', 'createAdditionalConnection', async () => {
      const out = (await this.host.client.command(
        'createAdditionalConnection',
        { contactId: this.id, endpoint: { endpointARN: endpoint.endpointARN } },
        this.commandOptions(),
      )) as { contactId?: string };
      if (typeof out?.contactId === 'string') this.remember({ consultContactId: out.contactId });
    });
  }

  /** Hangs up on the consulted party; the customer stays (still held: `resume()` brings them back). */
  async endConsult(_payload?: ConsultEndPayload): Promise<TaskData> {
    this.voiceOnly('endConsult');
    const third = thirdConnectionOf(this.contact_);
    if (!third) throw this.unsupported('endConsult', `endConsult on task ${this.id}: there is no consult on the call to end`);
    const queueRinging = third.endpoint.type === 'queue' && third.state.type === 'connecting';
    const conference = this.data_.isConferenceInProgress;
    try {
      const data = await this.run('endConsult', 'consultOver', 'destroyConnection', () =>
        this.host.client.command(
          'destroyConnection',
          { contactId: this.id, connectionId: third.connectionId },
          this.commandOptions(),
        ),
      );
      if (queueRinging) this.emit(TASK_EVENTS.TASK_CONSULT_QUEUE_CANCELLED);
      return data;
    } catch (err) {
      if (conference) this.emit(TASK_EVENTS.TASK_CONFERENCE_END_FAILED);
      else if (queueRinging) this.emit(TASK_EVENTS.TASK_CONSULT_QUEUE_FAILED);
      throw err;
    }
  }

  /**
   * Leaves the call to the consulted party (a warm transfer): the customer and they talk on,
   * this agent's contact ends (`task:end`, after-contact work). The payload is ignored, as in
   * the reference.
   */
  async consultTransfer(_payload?: ConsultTransferPayLoad): Promise<TaskData> {
    this.voiceOnly('consultTransfer');
    if (!thirdConnectionOf(this.contact_))
      throw this.unsupported('consultTransfer', `consultTransfer on task ${this.id}: there is no consult to transfer to`);
    return this.leave('consultTransfer');
  }

  /** Joins the customer and the consulted party: all three hear each other (`task:conferenceStarted`). */
  async consultConference(): Promise<TaskData> {
    this.voiceOnly('consultConference');
    const third = thirdConnectionOf(this.contact_);
    if (!third || third.state.type === 'connecting')
      throw this.unsupported(
        'consultConference',
        `consultConference on task ${this.id}: ${third ? 'the consulted party has not answered yet' : 'there is no consult on the call to conference with'}`,
      );
    this.emit(TASK_EVENTS.TASK_CONFERENCE_ESTABLISHING);
    try {
      return await this.run('consultConference', 'conference', 'conferenceConnections', () =>
        this.host.client.command('conferenceConnections', { contactId: this.id }, this.commandOptions()),
      );
    } catch (err) {
      this.emit(TASK_EVENTS.TASK_CONFERENCE_FAILED);
      throw err;
    }
  }

  /** Leaves the conference: the customer and the consulted party talk on (`task:participantLeft`, then after-contact work). */
  async exitConference(): Promise<TaskData> {
    this.voiceOnly('exitConference');
    if (!this.data_.isConferenceInProgress)
      throw this.unsupported('exitConference', `exitConference on task ${this.id}: there is no conference to leave`);
    try {
      // The agent's contact ending with the conference on says `task:participantLeft` (derive.ts).
      return await this.leave('exitConference');
    } catch (err) {
      this.emit(TASK_EVENTS.TASK_PARTICIPANT_LEFT_FAILED);
      throw err;
    }
  }

  /** Hands the conference to the consulted party and leaves it (`task:conferenceTransferred`, then after-contact work). */
  async transferConference(): Promise<TaskData> {
    this.voiceOnly('transferConference');
    if (!this.data_.isConferenceInProgress)
      throw this.unsupported('transferConference', `transferConference on task ${this.id}: there is no conference to transfer`);
    try {
      const data = await this.leave('transferConference');
      this.emit(TASK_EVENTS.TASK_CONFERENCE_TRANSFERRED);
      return data;
    } catch (err) {
      this.emit(TASK_EVENTS.TASK_CONFERENCE_TRANSFER_FAILED);
      throw err;
    }
  }

  /** Pauses the call's recording (`task:recordingPaused`; `task:recordingPauseFailed` on failure). */
  async pauseRecording(): Promise<TaskData> {
    this.voiceOnly('pauseRecording');
    try {
      return await this.run('pauseRecording', 'recordingPaused', 'pauseContactRecording', () =>
        this.host.client.command('pauseContactRecording', { contactId: this.id }, this.commandOptions()),
      );
    } catch (err) {
      this.emit(TASK_EVENTS.TASK_RECORDING_PAUSE_FAILED);
      throw err;
    }
  }

  /** Resumes the call's recording (`task:recordingResumed`; `task:recordingResumeFailed` on failure). */
  async resumeRecording(_payload?: ResumeRecordingPayload): Promise<TaskData> {
    this.voiceOnly('resumeRecording');
    try {
      return await this.run('resumeRecording', 'recordingResumed', 'resumeContactRecording', () =>
        this.host.client.command('resumeContactRecording', { contactId: this.id }, this.commandOptions()),
      );
    } catch (err) {
      this.emit(TASK_EVENTS.TASK_RECORDING_RESUME_FAILED);
      throw err;
    }
  }

  /** Mutes or unmutes the agent on the server (nobody hears them; `data.isMuted`); the microphone follows. */
  async toggleMute(): Promise<TaskData> {
    this.voiceOnly('toggleMute');
    this.require(
      'toggleMute',
      [TaskState.CONNECTED, TaskState.HELD, TaskState.CONSULTING, TaskState.CONFERENCING],
      'only a connected call can be muted',
    );
    const mute = !this.data_.isMuted;
    const connectionId = this.data_.agentConnectionId;
    return this.run('toggleMute', mute ? 'muted' : 'unmuted', mute ? 'muteParticipant' : 'unmuteParticipant', () =>
      this.host.client.command(
        mute ? 'muteParticipant' : 'unmuteParticipant',
        { contactId: this.id, ...(connectionId ? { connectionId } : {}) },
        this.commandOptions(),
      ),
    );
  }

  // ---------------------------------------------------------------------------------------
  // Internal: the manager drives these

  /** @internal The contact as the latest push shows it (undefined: it left the agent's data). */
  _sync(contact: ContactData<string> | undefined): void {
    if (contact) this.contact_ = contact;
    else this.present = false;
    this.data_ = this.derive();
    this.leg?.mute(this.data_.isMuted);
    if (this.data_.wrapUpRequired) this.step({ type: 'wrapUpRequired' });
    else if (this.auto.phase === 'armed' && this.data_.state !== TaskState.WRAP_UP) this.step({ type: 'wrappedUp' });
    const state = this.data_.state;
    if (state === TaskState.WRAP_UP || state === TaskState.COMPLETED || state === TaskState.MISSED) this.closeLeg();
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
    this.stopTimer();
    this.closeLeg();
    void this.chat_?.then((s) => s.close()).catch(() => undefined);
    this.chat_ = undefined;
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
    const c = this.contact_;
    const f = factsOf(c);
    const state = this.present ? taskStateOf(f) : TaskState.COMPLETED;
    return {
      ...this.extra,
      interactionId: c.contactId,
      mediaType: c.type,
      state,
      contact: c,
      agentConnectionId: agentConnectionOf(c)?.connectionId,
      queue: c.queue,
      wrapUpRequired: state === TaskState.WRAP_UP,
      isConsulted: f.calledIn,
      isConferenceInProgress: this.present && f.conference,
      isHold: f.held,
      isMuted: f.muted,
      recording: f.recording,
    };
  }

  private emit(event: Exclude<TaskEventName, 'task:media' | 'task:rejected' | 'task:outdialFailed'>): void {
    (this.emitter.emit as (e: string, t: Task) => void)(event, this);
  }

  private commandOptions() {
    return { timeoutMs: this.host.operationTimeoutMs };
  }

  private unsupported(operation: TaskOperation, message: string): TaskError {
    return new TaskError(TaskErrorType.Unsupported, operation, this.id, message);
  }

  private require(operation: TaskOperation, states: readonly TaskState[], why: string): void {
    if (!states.includes(this.data_.state))
      throw this.unsupported(
        operation,
        `${operation} on task ${this.id} (${this.contact_.type}): the task is ${this.data_.state}; ${why}`,
      );
  }

  private voiceOnly(operation: TaskOperation): void {
    if (this.contact_.type !== 'voice')
      throw this.unsupported(operation, `${operation} on task ${this.id}: only calls have it (this is a ${this.contact_.type})`);
  }

  /** Hold and resume: calls (the customer's connection) and tasks (pause); not chats. */
  private holdable(operation: 'hold' | 'resume'): boolean {
    const type = this.contact_.type;
    if (type !== 'voice' && type !== 'task')
      throw this.unsupported(
        operation,
        `${operation} on task ${this.id}: a ${type} cannot be held (calls are held, tasks paused)`,
      );
    this.require(
      operation,
      [TaskState.CONNECTED, TaskState.HELD, TaskState.CONSULTING],
      `only a connected ${type} can be ${operation === 'hold' ? 'held' : 'resumed'}`,
    );
    return type === 'voice';
  }

  private leave(operation: 'consultTransfer' | 'exitConference' | 'transferConference'): Promise<TaskData> {
    const connectionId = this.data_.agentConnectionId;
    return this.run(operation, 'ended', 'destroyConnection (the agent leaves the call)', () =>
      this.host.client.command(
        'destroyConnection',
        { contactId: this.id, ...(connectionId ? { connectionId } : {}) },
        this.commandOptions(),
      ),
    );
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

  // Auto wrap-up: the pure machine (auto-wrapup.ts) on the host's clock.

  private step(event: AutoWrapupEvent): void {
    const { state, effects } = autoWrapupStep(this.auto, event, this.host.clock.now(), this.host.autoWrapup);
    this.auto = state;
    for (const fx of effects) {
      if (fx.type === 'clear') this.stopTimer();
      else if (fx.type === 'schedule') {
        this.stopTimer();
        this.autoTimer = this.host.clock.setTimeout(() => {
          this.autoTimer = undefined;
          this.step({ type: 'timer' });
        }, fx.at - this.host.clock.now());
      } else void this.autoWrapupNow();
    }
  }

  private stopTimer(): void {
    if (this.autoTimer !== undefined) this.host.clock.clearTimeout(this.autoTimer);
    this.autoTimer = undefined;
  }

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

  // Media (browsers)

  private async openLeg(operation: TaskOperation, rejoin = false): Promise<void> {
    if (!this.leg || this.contact_.type !== 'voice') return;
    const token = agentConnectionOf(this.contact_)?.softphoneMediaInfo?.callContextToken;
    if (!token) return;
    try {
      await this.leg.open(token, { rejoin, muted: this.data_.isMuted });
    } catch (err) {
      throw new TaskError(
        TaskErrorType.Media,
        operation,
        this.id,
        `${operation} on task ${this.id}: the microphone could not be opened: ${err instanceof Error ? err.message : String(err)}`,
        { cause: err },
      );
    }
  }

  private closeLeg(): void {
    this.leg?.close();
  }

  private async openChatSession(): Promise<ChatSession> {
    const participantToken = participantTokenOf(this.contact_);
    const participantId = this.data_.agentConnectionId;
    if (!participantToken || !participantId)
      throw this.unsupported(
        'chat',
        `chatSession on task ${this.id}: the agent's data has no chat participant token for this chat (yet)`,
      );
    try {
      return await createChat({
        endpoint: this.host.endpoint,
        contactId: this.id,
        participantId,
        participantToken,
        chatToken: () => this.host.client.createChatToken(this.id, participantId),
      });
    } catch (err) {
      throw fromApiError(err, 'chat', this.id, 'making the chat session');
    }
  }
}
