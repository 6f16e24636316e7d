export * from './references.js';
export * from './template.js';
