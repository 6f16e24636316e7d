/**
 * The CCP's side of amazon-connect-streams' iframe protocol: a page on another origin
 * embeds `/ccp/` with `connect.core.initCCP` and drives the signed-in agent through
 * Streams' API (wire-streams-ccp.md §4.1, Option A). `startStreamsBridge` is started by
 * main.tsx when the page is framed.
 */
export {
  type BridgeDesktop,
  type BridgeOptions,
  type BridgeSoftphone,
  type BridgeWindow,
  type StreamsBridge,
  startStreamsBridge,
} from './bridge.js';
export {
  ACCEPT_ECHO_WAIT_MS,
  type BridgeState,
  type DesktopView,
  type Effect,
  type Input,
  initialState,
  next,
} from './protocol.js';
export { StreamsEvent, type StreamsMessage } from './messages.js';
