export * from './snapshot.js';
export * from './delta.js';
