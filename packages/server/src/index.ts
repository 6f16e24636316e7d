export { createApp, type AppDeps } from './app.js';
export { startServer, DEFAULT_PORT, DEFAULT_DATA_DIR, type StartOptions, type RunningServer } from './server.js';
export { openStore } from './storage/db.js';
export type { Store, StorageOptions } from './storage/types.js';
import type { ConfigFileResult } from './config/file.js';

/** Reads, parses and validates an instance file. The YAML parser loads only when a file is read. */
export async function readConfigFile(path: string): Promise<ConfigFileResult> {
  const { readConfigFile: read } = await import('./config/file.js');
  return read(path);
}
