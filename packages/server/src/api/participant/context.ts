/** What participant handlers get: the chat service and the request's bearer token. */
import type { Participant } from '../../chat/service.js';
import type { ChatService } from '../../chat/service.js';

export interface ParticipantContext {
  readonly chat: ChatService;
  /** `X-Amz-Bearer`: a ParticipantToken (CreateParticipantConnection) or a ConnectionToken. */
  readonly bearer: string | undefined;
  /** The participant of a connection token (every operation but CreateParticipantConnection). */
  connection(): Promise<Participant>;
}
