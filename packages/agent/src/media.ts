/**
 * The agent's media in a browser: the voice leg of a call (`@switchboard/voice`'s VoiceCall
 * with the snapshot's `softphoneMediaInfo.callContextToken`, as the desktop's softphone
 * opens it) and the chat session of a chat (`@switchboard/chat`'s ChatSession, type AGENT,
 * with the participant token of the snapshot's `chatMediaInfo`). Loaded on first use, so
 * Node agents without media never load them.
 */
import type { ContactData } from '@switchboard/agent-client';
import type { ChatSession } from '@switchboard/chat';
import type { VoiceCall } from '@switchboard/voice';
import { agentConnectionOf } from './derive.js';
import { fromApiError, TaskError, TaskErrorType, type TaskOperation } from './errors.js';
import { unsupported } from './guards.js';

/** Whether this runtime can carry a voice leg (a browser with WebRTC and a microphone API). */
export const canCarryVoice = (): boolean =>
  typeof (globalThis as { RTCPeerConnection?: unknown }).RTCPeerConnection === 'function' &&
  typeof (globalThis as { navigator?: { mediaDevices?: { getUserMedia?: unknown } } }).navigator?.mediaDevices?.getUserMedia ===
    'function';

/** The default microphone: `getUserMedia({audio: true})`'s track. */
export async function defaultMicrophone(): Promise<MediaStreamTrack> {
  const media = (globalThis as { navigator?: Navigator }).navigator?.mediaDevices;
  if (!media?.getUserMedia) throw new Error('this runtime has no microphone API (navigator.mediaDevices.getUserMedia)');
  const track = (await media.getUserMedia({ audio: true })).getAudioTracks()[0];
  if (!track) throw new Error('getUserMedia gave no audio track');
  return track;
}

/**
 * The agent's leg of one call: opened with the call's token (it connects while the offer
 * rings; the audio flows once accepted), its remote tracks handed to `onTrack`, closed (the
 * microphone stopped) when the call is over for the agent.
 */
export class VoiceLeg {
  private call: VoiceCall | undefined;
  private token: string | undefined;
  private mic: MediaStreamTrack | undefined;

  constructor(
    private readonly o: {
      readonly endpoint: string;
      readonly microphone: () => Promise<MediaStreamTrack>;
      readonly onTrack: (track: MediaStreamTrack) => void;
    },
  ) {}

  get isOpen(): boolean {
    return this.call !== undefined;
  }

  /**
   * Opens the leg for `token` (nothing to do when it is open on it already). `rejoin`: the
   * call was under way before (a reload). Rejects when the microphone cannot be opened.
   */
  async open(token: string, options: { readonly rejoin: boolean; readonly muted: boolean }): Promise<void> {
    if (this.call && this.token === token) return;
    this.close();
    this.token = token;
    const mic = await this.o.microphone();
    if (this.token !== token) {
      mic.stop(); // closed meanwhile
      return;
    }
    this.mic = mic;
    const { VoiceCall } = await import('@switchboard/voice');
    if (this.token !== token) return;
    const url = new URL('/voice/v1/ws', this.o.endpoint);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    const call = new VoiceCall({
      url: url.toString(),
      token,
      microphone: mic,
      play: false,
      connectTimeoutMs: 20_000,
      rejoin: options.rejoin,
    });
    this.call = call;
    call.on('track', (track) => {
      if (this.call === call) this.o.onTrack(track);
    });
    call.on('state', (state) => {
      if ((state === 'ended' || state === 'failed') && this.call === call) this.close();
    });
    if (options.muted) call.mute();
    call.start().catch(() => undefined); // its failures show as the `failed` state
  }

  /** The microphone follows the server's mute (another tab may have muted). */
  mute(muted: boolean): void {
    if (this.call && this.call.muted !== muted) this.call.mute(muted);
  }

  close(): void {
    const call = this.call;
    this.call = undefined;
    this.token = undefined;
    call?.hangUp();
    this.mic?.stop();
    this.mic = undefined;
  }
}

/** The agent's participant token for a chat, from the snapshot (`chatMediaInfo.connectionData`). */
export function participantTokenOf(contact: ContactData<string>): string | undefined {
  const conn = contact.connections.find((c) => c.type === 'agent');
  try {
    const parsed = JSON.parse(conn?.chatMediaInfo?.connectionData ?? '{}') as { ConnectionAuthenticationToken?: unknown };
    return typeof parsed.ConnectionAuthenticationToken === 'string' ? parsed.ConnectionAuthenticationToken : undefined;
  } catch {
    return undefined;
  }
}

export interface ChatOptions {
  readonly endpoint: string;
  readonly contactId: string;
  readonly participantId: string;
  readonly participantToken: string;
  readonly chatToken: () => Promise<{ participantToken: string; expiry: string }>;
}

/** The agent's chat session for a chat, created but not connected: subscribe first, then `connect()` (as with ChatJS). */
export async function createChat(o: ChatOptions): Promise<ChatSession> {
  const { ChatSession, SessionTypes } = await import('@switchboard/chat');
  const session = ChatSession.create({
    type: SessionTypes.AGENT,
    options: { endpoint: o.endpoint },
    chatDetails: {
      contactId: o.contactId,
      participantId: o.participantId,
      participantToken: o.participantToken,
      getConnectionToken: async () => ({ chatTokenTransport: await o.chatToken() }),
    },
  });
  return session;
}

/** What a task's media needs from its Task (internal). */
export interface TaskMediaHost {
  readonly endpoint: string;
  /** Whether this runtime opens voice legs (browsers). */
  readonly media: boolean;
  readonly microphone: () => Promise<MediaStreamTrack>;
  readonly onTrack: (track: MediaStreamTrack) => void;
  readonly chatToken: (participantId: string) => Promise<{ participantToken: string; expiry: string }>;
}

/**
 * One task's media: the voice leg of a call in a browser, the chat session of a chat (made
 * on first use). Failures are TaskErrors naming the task and the operation.
 */
export class TaskMedia {
  private readonly leg: VoiceLeg | undefined;
  private chat: Promise<ChatSession> | undefined;

  constructor(
    private readonly host: TaskMediaHost,
    contact: ContactData<string>,
  ) {
    this.leg =
      host.media && contact.type === 'voice'
        ? new VoiceLeg({ endpoint: host.endpoint, microphone: host.microphone, onTrack: host.onTrack })
        : undefined;
  }

  /** Opens the call's leg (a browser, once the agent's data has the call's token). `rejoin`: after a reload. */
  async openLeg(operation: TaskOperation, contact: ContactData<string>, muted: boolean, rejoin = false): Promise<void> {
    if (!this.leg || contact.type !== 'voice') return;
    const token = agentConnectionOf(contact)?.softphoneMediaInfo?.callContextToken;
    if (!token) return;
    try {
      await this.leg.open(token, { rejoin, muted });
    } catch (err) {
      const id = contact.contactId;
      throw new TaskError(
        TaskErrorType.Media,
        operation,
        id,
        `${operation} on task ${id}: the microphone could not be opened: ${err instanceof Error ? err.message : String(err)}`,
        { cause: err },
      );
    }
  }

  /** The microphone follows the server's mute. */
  mute(muted: boolean): void {
    this.leg?.mute(muted);
  }

  closeLeg(): void {
    this.leg?.close();
  }

  /** The chat's session, made once (again after a failure). */
  chatSession(contact: ContactData<string>, participantId: string | undefined): Promise<ChatSession> {
    const id = contact.contactId;
    if (contact.type !== 'chat')
      return Promise.reject(
        unsupported('chat', id, `chatSession on task ${id}: it is a ${contact.type}, not a chat: it has no chat session`),
      );
    this.chat ??= this.openChat(contact, participantId).catch((err) => {
      this.chat = undefined;
      throw err;
    });
    return this.chat;
  }

  /** The task is done: the leg closed, the chat session closed and forgotten. */
  dispose(): void {
    this.closeLeg();
    void this.chat?.then((s) => s.close()).catch(() => undefined);
    this.chat = undefined;
  }

  private async openChat(contact: ContactData<string>, participantId: string | undefined): Promise<ChatSession> {
    const id = contact.contactId;
    const participantToken = participantTokenOf(contact);
    if (!participantToken || !participantId)
      throw unsupported(
        'chat',
        id,
        `chatSession on task ${id}: the agent's data has no chat participant token for this chat (yet)`,
      );
    try {
      return await createChat({
        endpoint: this.host.endpoint,
        contactId: id,
        participantId,
        participantToken,
        chatToken: () => this.host.chatToken(participantId),
      });
    } catch (err) {
      throw fromApiError(err, 'chat', id, 'making the chat session');
    }
  }
}
