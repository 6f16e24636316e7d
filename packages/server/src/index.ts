export { createApp, type AppDeps } from './app.js';
export { startServer, DEFAULT_PORT, DEFAULT_DATA_DIR, type StartOptions, type RunningServer } from './server.js';
export { openStore } from './storage/db.js';
export type { Store, StorageOptions } from './storage/types.js';
export { readConfigFile } from './config/file.js';
