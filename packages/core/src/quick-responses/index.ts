export * from './placeholders.js';
export * from './search.js';
export * from './wire.js';
