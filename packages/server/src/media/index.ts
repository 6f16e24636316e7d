export { DtmfCounter, parseTelephoneEvent, type TelephoneEvent } from './dtmf.js';
export { HOLD_MUSIC } from './lines.js';
export type {
  CallRecording,
  LegAddress,
  LegEvents,
  LegState,
  MediaServer,
  MediaServerOptions,
  RecordedLeg,
  RecordOptions,
} from './types.js';
export { DEFAULT_LINES, WeriftMediaServer } from './werift-server.js';
