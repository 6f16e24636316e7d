/** Row shapes of the storage tables, as Kysely sees them. Bodies are JSON text. */
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

export interface Database {
  instances: InstancesTable;
  resources: ResourcesTable;
  config_applied: ConfigAppliedTable;
}
