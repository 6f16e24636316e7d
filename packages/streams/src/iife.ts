/**
 * The browser build's entry (dist/switchboard-streams.js): defines the global `connect`, as
 * amazon-connect-streams' release file does, so pages written for Streams load this instead.
 * What chatjs or taskjs loaded earlier put on `connect` is kept.
 */
import { connect } from './connect.js';

const g = globalThis as unknown as { connect?: Record<string, unknown> };
g.connect = Object.assign(g.connect ?? {}, connect);
