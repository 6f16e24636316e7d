/**
 * The single-file browser build: defines `connect.ChatSession` (and `connect.LogLevel`) for
 * pages written for ChatJS, keeping whatever else `connect` already holds (Streams).
 */
import { ChatSession, LogLevel } from './index.js';

const g = globalThis as { connect?: Record<string, unknown> };
g.connect ??= {};
g.connect.ChatSession = ChatSession;
g.connect.LogLevel ??= LogLevel;
g.connect.SwitchboardChat = { version: '0.1.0' };
