export * from './errors.js';
export * from './model/arn.js';
export * from './model/constants.js';
export * from './model/entities.js';
export * from './config/index.js';
export * from './flow/interpret.js';
