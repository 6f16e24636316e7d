/**
 * The single-file browser build: defines `connect.TaskSession` and `connect.ReferenceType`
 * for pages written for TaskJS, keeping whatever else `connect` already holds (Streams,
 * the chat SDK), and `connect.SwitchboardTasks` with the agent client's adapter. Streams
 * need not be loaded.
 */
import { ContentTypes, ReferenceType, TaskEvents, TaskSession, websocketManagerFor } from './index.js';

const g = globalThis as { connect?: Record<string, unknown> };
g.connect ??= {};
g.connect.TaskSession = TaskSession;
g.connect.ReferenceType = ReferenceType;
g.connect.SwitchboardTasks = { version: '0.1.0', websocketManagerFor, TaskEvents, ContentTypes };
