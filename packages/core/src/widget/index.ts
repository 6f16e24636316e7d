export * from './availability.js';
export * from './leave-message.js';
export * from './rate-limit.js';
export * from './rating.js';
export * from './rules.js';
export * from './start.js';
export * from './text.js';
export * from './voice.js';
