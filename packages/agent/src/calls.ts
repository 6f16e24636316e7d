/**
 * What only a call can do: consult another agent or a queue, end the consult, hand the call
 * to the consulted party, conference, leave or hand on the conference, pause and resume the
 * recording, mute. The Task (task.ts) answers these methods with this module; each checks the
 * call (guards.ts), runs its command as one of the task's operations and emits the events
 * that say it failed (the ones that say it worked come from the agent's data, derive.ts).
 */
import type { AgentClient, CommandOptions, QuickConnectEndpoint } from '@switchboard/agent-client';
import { thirdConnectionOf } from './derive.js';
import { TaskError, TaskErrorType } from './errors.js';
import { TASK_EVENTS, type TaskLifecycleEvent } from './events.js';
import { type Guarded, requireState, requireVoice, unsupported } from './guards.js';
import type { ExclusiveOperation, Expectation } from './settle.js';
import {
  type ConsultEndPayload,
  type ConsultPayload,
  type ConsultTransferPayLoad,
  type ResumeRecordingPayload,
  type TaskData,
  TaskState,
} from './types.js';

/** What the call methods need from their Task (internal). */
export interface CallsHost {
  readonly client: AgentClient;
  readonly commandOptions: () => CommandOptions;
  /** The task as it is now. */
  readonly task: () => Guarded;
  /** Runs one operation (operations.ts) and answers the task's data once it took effect. */
  run(operation: ExclusiveOperation, expect: Expectation, command: string, send: () => Promise<unknown>): Promise<TaskData>;
  emit(event: TaskLifecycleEvent): void;
  /** Keeps what an operation learnt in the task's data. */
  remember(patch: Partial<TaskData>): void;
  /** The quick connect a consult goes to. */
  destination(operation: 'consult', payload: ConsultPayload): Promise<QuickConnectEndpoint>;
}

/** The call methods of one Task (see Task for what each does). */
export class Calls {
  constructor(private readonly host: CallsHost) {}

  private get id(): string {
    return this.host.task().contact.contactId;
  }

  async consult(payload: ConsultPayload): Promise<TaskData> {
    const t = this.host.task();
    requireVoice(t, 'consult');
    requireState(
      t,
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
    const endpoint = await this.host.destination('consult', payload);
    return this.host.run('consult', 'consultPlaced', 'createAdditionalConnection', async () => {
      const out = (await this.host.client.command(
        'createAdditionalConnection',
        { contactId: this.id, endpoint: { endpointARN: endpoint.endpointARN } },
        this.host.commandOptions(),
      )) as { contactId?: string };
      if (typeof out?.contactId === 'string') this.host.remember({ consultContactId: out.contactId });
    });
  }

  async endConsult(_payload?: ConsultEndPayload): Promise<TaskData> {
    const t = this.host.task();
    requireVoice(t, 'endConsult');
    const third = thirdConnectionOf(t.contact);
    if (!third) throw unsupported('endConsult', this.id, `endConsult on task ${this.id}: there is no consult on the call to end`);
    const queueRinging = third.endpoint.type === 'queue' && third.state.type === 'connecting';
    const conference = t.data.isConferenceInProgress;
    try {
      const data = await this.host.run('endConsult', 'consultOver', 'destroyConnection', () =>
        this.host.client.command(
          'destroyConnection',
          { contactId: this.id, connectionId: third.connectionId },
          this.host.commandOptions(),
        ),
      );
      if (queueRinging) this.host.emit(TASK_EVENTS.TASK_CONSULT_QUEUE_CANCELLED);
      return data;
    } catch (err) {
      if (conference) this.host.emit(TASK_EVENTS.TASK_CONFERENCE_END_FAILED);
      else if (queueRinging) this.host.emit(TASK_EVENTS.TASK_CONSULT_QUEUE_FAILED);
      throw err;
    }
  }

  async consultTransfer(_payload?: ConsultTransferPayLoad): Promise<TaskData> {
    const t = this.host.task();
    requireVoice(t, 'consultTransfer');
    if (!thirdConnectionOf(t.contact))
      throw unsupported('consultTransfer', this.id, `consultTransfer on task ${this.id}: there is no consult to transfer to`);
    return this.leave('consultTransfer');
  }

  async consultConference(): Promise<TaskData> {
    const t = this.host.task();
    requireVoice(t, 'consultConference');
    const third = thirdConnectionOf(t.contact);
    if (!third || third.state.type === 'connecting')
      throw unsupported(
        'consultConference',
        this.id,
        `consultConference on task ${this.id}: ${third ? 'the consulted party has not answered yet' : 'there is no consult on the call to conference with'}`,
      );
    this.host.emit(TASK_EVENTS.TASK_CONFERENCE_ESTABLISHING);
    try {
      return await this.host.run('consultConference', 'conference', 'conferenceConnections', () =>
        this.host.client.command('conferenceConnections', { contactId: this.id }, this.host.commandOptions()),
      );
    } catch (err) {
      this.host.emit(TASK_EVENTS.TASK_CONFERENCE_FAILED);
      throw err;
    }
  }

  async exitConference(): Promise<TaskData> {
    const t = this.host.task();
    requireVoice(t, 'exitConference');
    if (!t.data.isConferenceInProgress)
      throw unsupported('exitConference', this.id, `exitConference on task ${this.id}: there is no conference to leave`);
    try {
      // The agent's contact ending with the conference on says `task:participantLeft` (derive.ts).
      return await this.leave('exitConference');
    } catch (err) {
      this.host.emit(TASK_EVENTS.TASK_PARTICIPANT_LEFT_FAILED);
      throw err;
    }
  }

  async transferConference(): Promise<TaskData> {
    const t = this.host.task();
    requireVoice(t, 'transferConference');
    if (!t.data.isConferenceInProgress)
      throw unsupported(
        'transferConference',
        this.id,
        `transferConference on task ${this.id}: there is no conference to transfer`,
      );
    try {
      const data = await this.leave('transferConference');
      this.host.emit(TASK_EVENTS.TASK_CONFERENCE_TRANSFERRED);
      return data;
    } catch (err) {
      this.host.emit(TASK_EVENTS.TASK_CONFERENCE_TRANSFER_FAILED);
      throw err;
    }
  }

  async pauseRecording(): Promise<TaskData> {
    requireVoice(this.host.task(), 'pauseRecording');
    try {
      return await this.host.run('pauseRecording', 'recordingPaused', 'pauseContactRecording', () =>
        this.host.client.command('pauseContactRecording', { contactId: this.id }, this.host.commandOptions()),
      );
    } catch (err) {
      this.host.emit(TASK_EVENTS.TASK_RECORDING_PAUSE_FAILED);
      throw err;
    }
  }

  async resumeRecording(_payload?: ResumeRecordingPayload): Promise<TaskData> {
    requireVoice(this.host.task(), 'resumeRecording');
    try {
      return await this.host.run('resumeRecording', 'recordingResumed', 'resumeContactRecording', () =>
        this.host.client.command('resumeContactRecording', { contactId: this.id }, this.host.commandOptions()),
      );
    } catch (err) {
      this.host.emit(TASK_EVENTS.TASK_RECORDING_RESUME_FAILED);
      throw err;
    }
  }

  async toggleMute(): Promise<TaskData> {
    const t = this.host.task();
    requireVoice(t, 'toggleMute');
    requireState(
      t,
      'toggleMute',
      [TaskState.CONNECTED, TaskState.HELD, TaskState.CONSULTING, TaskState.CONFERENCING],
      'only a connected call can be muted',
    );
    const mute = !t.data.isMuted;
    const connectionId = t.data.agentConnectionId;
    return this.host.run('toggleMute', mute ? 'muted' : 'unmuted', mute ? 'muteParticipant' : 'unmuteParticipant', () =>
      this.host.client.command(
        mute ? 'muteParticipant' : 'unmuteParticipant',
        { contactId: this.id, ...(connectionId ? { connectionId } : {}) },
        this.host.commandOptions(),
      ),
    );
  }

  /** The agent leaves the call; the others talk on. */
  private leave(operation: 'consultTransfer' | 'exitConference' | 'transferConference'): Promise<TaskData> {
    const connectionId = this.host.task().data.agentConnectionId;
    return this.host.run(operation, 'ended', 'destroyConnection (the agent leaves the call)', () =>
      this.host.client.command(
        'destroyConnection',
        { contactId: this.id, ...(connectionId ? { connectionId } : {}) },
        this.host.commandOptions(),
      ),
    );
  }
}
