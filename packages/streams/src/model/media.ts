/**
 * The media controllers of chat and task connections (Streams' MediaFactory): one session per
 * connection, created on the first `getMediaController()` and ended when the contact leaves
 * the agent's data. A chat's is the agent's `@switchboard/chat` session (the participant API
 * of the server the transport reaches); a task's is a `@switchboard/tasks` TaskSession over
 * the `aws/task` items the transport hands on.
 */
import { ChatSession, SessionTypes } from '@switchboard/chat';
import { TaskSession, type TaskWebSocketManager, type TopicFrame } from '@switchboard/tasks';
import type { Runtime } from '../runtime.js';
import type { ChatConnection, TaskConnection } from './connection.js';

interface Held<T> {
  readonly contactId: string;
  readonly session: Promise<T>;
  end(): void;
}

const controllers = new WeakMap<Runtime, Map<string, Held<unknown>>>();

function held(rt: Runtime): Map<string, Held<unknown>> {
  let m = controllers.get(rt);
  if (!m) {
    const map = new Map<string, Held<unknown>>();
    m = map;
    controllers.set(rt, map);
    // Ended with the contact: Streams' MediaFactory drops the controller on `contact::destroyed`.
    const drop = (data: unknown) => {
      const id = (data as { contactId?: string } | null)?.contactId;
      for (const [key, h] of map) {
        if (h.contactId === id) {
          map.delete(key);
          h.end();
        }
      }
    };
    rt.bus.subscribe('contact::destroyed', drop);
  }
  return m;
}

/**
 * `connect.core.terminate()`: ends every media session of `rt` (a chat's socket closes), and
 * forgets them, so a `connect` initialised again subscribes afresh (terminate clears the bus).
 */
export function endMedia(rt: Runtime): void {
  const m = controllers.get(rt);
  controllers.delete(rt);
  for (const h of m?.values() ?? []) h.end();
}

export function chatController(rt: Runtime, conn: ChatConnection): Promise<ChatSession> {
  const map = held(rt);
  const key = `${conn.contactId}/${conn.connectionId}`;
  const existing = map.get(key) as Held<ChatSession> | undefined;
  if (existing) return existing.session;
  const info = conn.getMediaInfo();
  const endpoint = rt.transport?.endpoint;
  if (!info?.participantToken || !endpoint) {
    const why = !endpoint
      ? 'connect is not initialised'
      : `contact ${conn.contactId} has no chat media for this connection (is it the agent's, and the contact a chat?)`;
    return Promise.reject(new Error(`getMediaController: ${why}`));
  }
  const session = ChatSession.create({
    type: SessionTypes.AGENT,
    options: { endpoint, ...(rt.region ? { region: rt.region } : {}) },
    chatDetails: {
      contactId: info.contactId,
      participantId: info.participantId,
      participantToken: info.participantToken,
      getConnectionToken: info.getConnectionToken,
    },
  });
  const ready = session.connect().then(
    () => session,
    (e: unknown) => {
      map.delete(key);
      throw e;
    },
  );
  map.set(key, { contactId: conn.contactId, session: ready, end: () => session.close() });
  return ready;
}

/** `connect.core.getWebSocketManager()`: Streams' runtime manager shape over the transport's topic items. */
export function websocketManager(rt: Runtime): TaskWebSocketManager & {
  onAllMessage(cb: (frame: TopicFrame) => void): () => void;
  sendMessage(payload: unknown): void;
} {
  const frameOf = (topic: string, data: unknown): TopicFrame =>
    typeof data === 'object' && data !== null && 'content' in data
      ? (data as TopicFrame)
      : { topic, contentType: 'application/json', content: JSON.stringify(data) };
  return {
    // The server pushes a task's items to the agent who holds it: there is nothing to ask for.
    subscribeTopics: () => undefined,
    onMessage: (topic, cb) =>
      rt.onTopic((t, data) => {
        if (t === topic) cb(frameOf(t, data));
      }),
    onAllMessage: (cb) => rt.onTopic((t, data) => cb(frameOf(t, data))),
    onConnectionGain: (cb) => rt.bus.subscribe('agent::websocket_connection_gained', () => cb()),
    onConnectionLost: (cb) => rt.bus.subscribe('agent::websocket_connection_lost', () => cb()),
    onInitFailure: (cb) => rt.bus.subscribe('webSocket::init_failure', () => cb()),
    sendMessage: () => undefined,
  };
}

export function taskController(rt: Runtime, conn: TaskConnection): Promise<TaskSession> {
  const map = held(rt);
  const key = `${conn.contactId}/${conn.connectionId}`;
  const existing = map.get(key) as Held<TaskSession> | undefined;
  if (existing) return existing.session;
  const { contactId, initialContactId } = conn.getMediaInfo();
  const session = TaskSession.create({ contactId, initialContactId, websocketManager: websocketManager(rt) });
  const ready = session.connect().then(() => session);
  map.set(key, { contactId, session: ready, end: () => session.cleanUp() });
  return ready;
}
