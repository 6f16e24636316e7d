export * from './bridge.js';
export * from './signalling.js';
