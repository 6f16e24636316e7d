/** Row shapes of the storage tables, as Kysely sees them. Bodies are JSON text. */
import type { Generated } from 'kysely';

export interface InstancesTable {
  id: string;
  alias: string;
  body: string;
  created_at: number;
}

export interface ResourcesTable {
  instance_id: string;
  kind: string;
  id: string;
  name: string;
  body: string;
  created_at: number;
  updated_at: number;
  version: number;
}

export interface ConfigAppliedTable {
  instance_id: string;
  kind: string;
  name: string;
  hash: string;
}

export interface ContactsTable {
  instance_id: string;
  id: string;
  initial_contact_id: string;
  channel: string;
  phase: string;
  created_at: number;
  updated_at: number;
  body: string;
}

export interface TokensTable {
  token_hash: string;
  kind: string;
  instance_id: string;
  subject_id: string;
  participant_id: string | null;
  created_at: number;
  expires_at: number;
}

export interface AgentStatesTable {
  instance_id: string;
  user_id: string;
  updated_at: number;
  body: string;
}

export interface AgentAssignmentsTable {
  instance_id: string;
  user_id: string;
  contact_id: string;
  version: number;
  body: string;
}

export interface EventsTable {
  /** Assigned by the database on insert. */
  seq: Generated<number>;
  instance_id: string;
  type: string;
  at: number;
  agent_id: string | null;
  contact_id: string | null;
  body: string;
}

export interface ChatItemsTable {
  /** Assigned by the database on insert. */
  seq: Generated<number>;
  instance_id: string;
  initial_contact_id: string;
  id: string;
  contact_id: string;
  absolute_time: number;
  type: string;
  body: string;
}

export interface AttachmentsTable {
  instance_id: string;
  id: string;
  initial_contact_id: string;
  contact_id: string;
  participant_id: string;
  name: string;
  content_type: string;
  size_bytes: number;
  status: string;
  storage_key: string;
  created_at: number;
  completed_at: number | null;
}

export interface Database {
  instances: InstancesTable;
  resources: ResourcesTable;
  config_applied: ConfigAppliedTable;
  contacts: ContactsTable;
  tokens: TokensTable;
  agent_states: AgentStatesTable;
  agent_assignments: AgentAssignmentsTable;
  events: EventsTable;
  chat_items: ChatItemsTable;
  attachments: AttachmentsTable;
}
