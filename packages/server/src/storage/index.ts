export { openStore, type StorageLogger } from './db.js';
export type {
  ConfigAppliedStore,
  InstanceStore,
  Page,
  PageRequest,
  ResourceStore,
  StorageOptions,
  Store,
} from './types.js';
