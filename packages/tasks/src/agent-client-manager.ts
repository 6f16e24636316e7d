/**
 * An agent client (`@switchboard/agent-client`) seen as Streams' websocket manager, for a
 * task session or anything else written for that shape: the client's topic messages
 * (`event` frames) become `onMessage(topic, cb)` frames with the item as JSON, its
 * connection states become gain (open), lost (reconnecting) and init failure (closed).
 */
import type { AgentClient } from '@switchboard/agent-client';
import type { TaskWebSocketManager, TopicFrame } from './provider.js';

/** What the adapter uses of an AgentClient. */
export type AgentClientLike = Pick<AgentClient, 'on' | 'connectionState'>;

/** The adapter: every method of the shape, each `on…` returning the function that unsubscribes. */
export interface AgentClientWebSocketManager extends TaskWebSocketManager {
  subscribeTopics(topics: string[]): void;
  onMessage(topic: string, cb: (frame: TopicFrame) => void): () => void;
  onConnectionGain(cb: () => void): () => void;
  onConnectionLost(cb: () => void): () => void;
  onInitFailure(cb: () => void): () => void;
}

export function websocketManagerFor(client: AgentClientLike): AgentClientWebSocketManager {
  const onState = (wanted: string, cb: () => void) =>
    client.on('connectionState', (state) => {
      if (state === wanted) cb();
    });
  return {
    // The server pushes a task's items to the agent who holds it: there is nothing to ask for.
    subscribeTopics: () => undefined,
    onMessage: (topic, cb) =>
      client.on('topicMessage', (t, data) => {
        if (t === topic) cb({ topic: t, contentType: 'application/json', content: JSON.stringify(data) });
      }),
    onConnectionGain: (cb) => onState('open', cb),
    onConnectionLost: (cb) => onState('reconnecting', cb),
    // As Streams' manager: told at once when it already failed (a client closed, or whose session is over).
    onInitFailure: (cb) => {
      const off = onState('closed', cb);
      if (client.connectionState === 'closed') cb();
      return off;
    },
  };
}
