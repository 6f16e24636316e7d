/**
 * The storage port. Two adapters implement it through one Kysely code path:
 * better-sqlite3 (embedded default) and pg. Handlers never see SQL.
 */
import type { Instance, ResourceKind, ResourceKinds } from '@switchboard/core';

export interface Page<T> {
  readonly items: readonly T[];
  /** Opaque cursor for the next page; absent on the last page. */
  readonly nextToken?: string;
}

export interface PageRequest {
  /** 1..1000; callers clamp to the API's own limits. */
  readonly limit: number;
  /** A nextToken from a previous page of the same listing. */
  readonly nextToken?: string;
}

export interface InstanceStore {
  list(page: PageRequest): Promise<Page<Instance>>;
  get(id: string): Promise<Instance | undefined>;
  /** Insert or replace. */
  put(instance: Instance): Promise<void>;
}

export interface ResourceStore {
  get<K extends ResourceKind>(instanceId: string, kind: K, id: string): Promise<ResourceKinds[K] | undefined>;
  getByName<K extends ResourceKind>(instanceId: string, kind: K, name: string): Promise<ResourceKinds[K] | undefined>;
  /** Ordered by name, then id. */
  list<K extends ResourceKind>(instanceId: string, kind: K, page: PageRequest): Promise<Page<ResourceKinds[K]>>;
  /** Everything of a kind (small sets: config, routing tables). */
  all<K extends ResourceKind>(instanceId: string, kind: K): Promise<readonly ResourceKinds[K][]>;
  /** Throws DuplicateResourceException when the name or id is taken within (instance, kind). */
  create<K extends ResourceKind>(instanceId: string, kind: K, entity: ResourceKinds[K]): Promise<void>;
  /** Replaces by id. Throws ResourceNotFoundException when absent, DuplicateResourceException on a name clash. */
  update<K extends ResourceKind>(instanceId: string, kind: K, entity: ResourceKinds[K]): Promise<void>;
  /** Insert or replace by id (used when loading the config file). */
  upsert<K extends ResourceKind>(instanceId: string, kind: K, entity: ResourceKinds[K]): Promise<void>;
  /** True when something was deleted. */
  delete(instanceId: string, kind: ResourceKind, id: string): Promise<boolean>;
}

/**
 * What the config loader last applied for each (instance, kind, name), as a hash of its
 * definition in the file. Lets a restart tell "the file changed" (apply it) from "the
 * file is the same" (keep what the admin API did since).
 */
export interface ConfigAppliedStore {
  get(instanceId: string, kind: ResourceKind, name: string): Promise<string | undefined>;
  put(instanceId: string, kind: ResourceKind, name: string, hash: string): Promise<void>;
}

export interface Store {
  readonly dialect: 'sqlite' | 'postgres';
  readonly instances: InstanceStore;
  readonly resources: ResourceStore;
  readonly configApplied: ConfigAppliedStore;
  /** Runs `fn` in one transaction; the store passed in is bound to it. */
  transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export type StorageOptions =
  | { readonly kind: 'sqlite'; readonly file: string /* ':memory:' for tests */ }
  | { readonly kind: 'postgres'; readonly url: string };
