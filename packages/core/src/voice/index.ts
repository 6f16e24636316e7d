export * from './bridge.js';
export * from './signalling.js';
export * from './call.js';
export * from './recording.js';
