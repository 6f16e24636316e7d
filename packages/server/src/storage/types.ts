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

// ---------------------------------------------------------------------------------------
// Runtime: contacts, participants, agent sessions and states, the event log

/**
 * A contact as stored: a few indexed columns plus the whole document as JSON (`body`),
 * which the server owns (see contacts/model.ts). Storage never looks inside `body`.
 */
export interface StoredContact {
  readonly instanceId: string;
  readonly contactId: string;
  readonly initialContactId: string;
  readonly channel: string;
  /** ContactPhase; `destroyed` contacts are kept for DescribeContact and transcripts. */
  readonly phase: string;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly body: string;
}

export interface ContactStore {
  /**
   * Insert, or update by (instanceId, contactId). A contact's initialContactId, channel and
   * createdAt never change: an update keeps the stored ones and takes phase, updatedAt and body.
   */
  put(contact: StoredContact): Promise<void>;
  /** Several at once (one statement per few hundred); keys must be distinct. */
  putMany(contacts: readonly StoredContact[]): Promise<void>;
  get(instanceId: string, contactId: string): Promise<StoredContact | undefined>;
  /** Every contact whose phase is not `destroyed`, all instances, oldest first (restart recovery). */
  listLive(): Promise<readonly StoredContact[]>;
  /** The contacts of one initial contact (a chat and its transfers), oldest first. */
  listByInitial(instanceId: string, initialContactId: string): Promise<readonly StoredContact[]>;
}

/** A bearer token (participant, connection or agent session), stored only as a SHA-256 hash. */
export interface StoredToken {
  /** Hex SHA-256 of the token. */
  readonly tokenHash: string;
  /** 'participant' | 'connection' | 'agent-session' | … */
  readonly kind: string;
  readonly instanceId: string;
  /** The user for agent sessions, the contact for participant and connection tokens. */
  readonly subjectId: string;
  /** The participant id for participant and connection tokens. */
  readonly participantId?: string;
  readonly createdAt: number;
  readonly expiresAt: number;
}

export interface TokenStore {
  put(token: StoredToken): Promise<void>;
  /** Undefined when unknown; expired tokens are returned (the caller decides). */
  get(tokenHash: string): Promise<StoredToken | undefined>;
  delete(tokenHash: string): Promise<boolean>;
  /** Deletes every token of a subject (e.g. all participant tokens of an ended contact). */
  deleteBySubject(instanceId: string, kind: string, subjectId: string): Promise<number>;
  /** Deletes tokens with expiresAt <= now; returns how many. */
  deleteExpired(now: number): Promise<number>;
}

/** An agent's routing state (chosen status, next status, idle timer) as JSON. */
export interface StoredAgentState {
  readonly instanceId: string;
  readonly userId: string;
  readonly updatedAt: number;
  readonly body: string;
}

export interface AgentStateStore {
  put(state: StoredAgentState): Promise<void>;
  /** Several at once; keys must be distinct. */
  putMany(states: readonly StoredAgentState[]): Promise<void>;
  get(instanceId: string, userId: string): Promise<StoredAgentState | undefined>;
  /** All instances. */
  list(): Promise<readonly StoredAgentState[]>;
  delete(instanceId: string, userId: string): Promise<boolean>;
}

/** One of an agent's assignments (routing's Assignment) as JSON. */
export interface StoredAssignment {
  readonly instanceId: string;
  readonly userId: string;
  readonly contactId: string;
  /** The agent's snapshot version when it was written. */
  readonly version: number;
  readonly body: string;
}

/** Names an assignment that ended (the agent cleared it, or the offer was withdrawn). */
export interface AssignmentKey {
  readonly instanceId: string;
  readonly userId: string;
  readonly contactId: string;
}

export interface AgentAssignmentStore {
  /** Several at once; keys must be distinct. */
  putMany(rows: readonly StoredAssignment[]): Promise<void>;
  deleteMany(keys: readonly AssignmentKey[]): Promise<void>;
  /** All instances, in no particular order. */
  list(): Promise<readonly StoredAssignment[]>;
}

/** One entry of the durable event log (agent and contact events). */
export interface EventRecord {
  readonly instanceId: string;
  /** Dotted name, e.g. `contact.offered`. */
  readonly type: string;
  readonly at: number;
  readonly agentId?: string;
  readonly contactId?: string;
  /** The whole event as JSON. */
  readonly body: string;
}

export interface StoredEvent extends EventRecord {
  /** Increasing, gap-free only per backend transaction order; use as a cursor. */
  readonly seq: number;
}

export interface EventStore {
  append(events: readonly EventRecord[]): Promise<void>;
  /** Events with seq > afterSeq in seq order, at most `limit`. */
  list(instanceId: string, afterSeq: number, limit: number): Promise<readonly StoredEvent[]>;
}

// ---------------------------------------------------------------------------------------
// Chat transcripts

/**
 * One transcript item of a chat chain (an initial contact and its transfers), with the
 * wire ChatItem as JSON in `body`. Typing events are never stored.
 */
export interface StoredChatItem {
  readonly instanceId: string;
  readonly initialContactId: string;
  readonly contactId: string;
  /** The item Id; unique per instance. */
  readonly id: string;
  /** The item's AbsoluteTime, epoch ms. */
  readonly absoluteTime: number;
  /** The item's Type (MESSAGE, EVENT, ATTACHMENT, MESSAGEMETADATA, …). */
  readonly type: string;
  readonly body: string;
}

export interface ChatItemStore {
  /**
   * Stores items in the given order (seq increases along the array). Throws when an id is
   * already stored in the instance; the call then stores nothing (inside a caller's
   * transaction: once that error rolls it back).
   */
  append(items: readonly StoredChatItem[]): Promise<void>;
  /** All items of a chain in (absoluteTime, seq) order; chains are small (≤ a few thousand). */
  list(instanceId: string, initialContactId: string): Promise<readonly (StoredChatItem & { readonly seq: number })[]>;
  get(instanceId: string, id: string): Promise<(StoredChatItem & { readonly seq: number }) | undefined>;
}

// ---------------------------------------------------------------------------------------
// Chat attachments

/** PENDING: started, not completed; APPROVED: completed and posted to the chat; REJECTED. */
export type StoredAttachmentStatus = 'PENDING' | 'APPROVED' | 'REJECTED';

/** One attachment of a chat chain; its bytes are in a blob store under `storageKey`. */
export interface StoredAttachment {
  readonly instanceId: string;
  /** The AttachmentId. */
  readonly id: string;
  readonly initialContactId: string;
  readonly contactId: string;
  /** The uploader. */
  readonly participantId: string;
  readonly name: string;
  readonly contentType: string;
  /** The declared AttachmentSizeInBytes. */
  readonly sizeBytes: number;
  readonly status: StoredAttachmentStatus;
  /** Made by the server, never from user input. */
  readonly storageKey: string;
  readonly createdAt: number;
  readonly completedAt?: number;
}

export interface AttachmentStore {
  /** Insert or replace by (instanceId, id). */
  put(attachment: StoredAttachment): Promise<void>;
  get(instanceId: string, id: string): Promise<StoredAttachment | undefined>;
  /** How many attachments of a chat chain have one of the given statuses. */
  countByChain(instanceId: string, initialContactId: string, statuses: readonly StoredAttachmentStatus[]): Promise<number>;
}

/** What one commit of the routing and chat runtime writes. */
export interface RuntimeBatch {
  readonly contacts?: readonly StoredContact[];
  readonly agents?: readonly StoredAgentState[];
  /** Keys distinct from each other and from `assignmentDeletes`. */
  readonly assignments?: readonly StoredAssignment[];
  readonly assignmentDeletes?: readonly AssignmentKey[];
  readonly events?: readonly EventRecord[];
  readonly chatItems?: readonly StoredChatItem[];
}

export interface Store {
  readonly dialect: 'sqlite' | 'postgres';
  readonly instances: InstanceStore;
  readonly resources: ResourceStore;
  readonly configApplied: ConfigAppliedStore;
  readonly contacts: ContactStore;
  readonly tokens: TokenStore;
  readonly agentStates: AgentStateStore;
  readonly agentAssignments: AgentAssignmentStore;
  readonly events: EventStore;
  readonly chatItems: ChatItemStore;
  readonly attachments: AttachmentStore;
  /** Runs `fn` in one transaction; the store passed in is bound to it. */
  transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T>;
  /** Commits runtime changes in one transaction (the routing and chat write path). */
  writeBatch(batch: RuntimeBatch): Promise<void>;
  /** Where writeBatch commits now: SQLite's writer thread, or this thread's connection. */
  readonly batchWriter: 'thread' | 'inline';
  close(): Promise<void>;
}

export type StorageOptions =
  | {
      readonly kind: 'sqlite';
      readonly file: string /* ':memory:' for tests */;
      /**
       * Who commits runtime batches for a file (db.ts): `auto` (default) the writer thread
       * while this thread's event loop is busy, else this thread; `thread` always the
       * writer thread (tests).
       */
      readonly batchThread?: 'auto' | 'thread';
    }
  | { readonly kind: 'postgres'; readonly url: string };
