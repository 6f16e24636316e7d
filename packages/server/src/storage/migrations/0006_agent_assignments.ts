import type { AnyDb, SchemaMigration } from './index.js';

/**
 * An agent's assignments (the contacts offered to, connected with, missed by or in
 * after-contact work with them) as rows of their own, one per (instance, agent, contact).
 * They were part of the agent's state document, rewritten whole at every routing step of
 * any of the agent's contacts: an agent holding ten chats wrote ~3 KB per step. A row here
 * changes only with its own assignment. Older agent documents still carrying their
 * assignments are read as before and moved here by the first commit (routing/instance.ts).
 */
export const agentAssignments: SchemaMigration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable('agent_assignments')
      .addColumn('instance_id', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('contact_id', 'text', (c) => c.notNull())
      // The agent's snapshot version when the row was written: versions only grow, also
      // across restarts, and a step may change an assignment and nothing else of the agent.
      .addColumn('version', 'bigint', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('agent_assignments_pk', ['instance_id', 'user_id', 'contact_id'])
      .execute();
  },

  async down(db: AnyDb) {
    await db.schema.dropTable('agent_assignments').execute();
  },
};
