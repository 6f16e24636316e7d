export * from './items.js';
export * from './transcript.js';
export * from './validate.js';
