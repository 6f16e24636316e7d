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

export interface VoiceLegOptions {
  readonly endpoint: string;
  readonly token: string;
  readonly microphone: MediaStreamTrack;
  /** The call was under way before (a reload): start() tries again like a rejoin. */
  readonly rejoin: boolean;
  readonly onTrack: (track: MediaStreamTrack, line: number) => void;
  readonly onState: (state: string) => void;
}

/** Opens the agent's leg (it connects while the offer rings; the audio flows once accepted). */
export async function openVoiceLeg(o: VoiceLegOptions): Promise<VoiceCall> {
  const { VoiceCall } = await import('@switchboard/voice');
  const url = new URL('/voice/v1/ws', o.endpoint);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  const call = new VoiceCall({
    url: url.toString(),
    token: o.token,
    microphone: o.microphone,
    play: false,
    connectTimeoutMs: 20_000,
    rejoin: o.rejoin,
  });
  call.on('track', o.onTrack);
  call.on('state', (s) => o.onState(s));
  call.start().catch(() => undefined); // its failures show as the `failed` state
  return call;
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
