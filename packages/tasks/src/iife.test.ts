/**
 * The browser build's entry: it defines connect.TaskSession and connect.ReferenceType on a
 * `connect` that already exists (Streams loaded first) without touching the rest.
 */
import { expect, it } from 'vitest';

it('merges into an existing connect: TaskSession, ReferenceType (TaskJS’s five), the adapter', async () => {
  const core = { marker: true };
  const g = globalThis as { connect?: Record<string, unknown> };
  g.connect = { core };
  await import('./iife.js');
  const c = g.connect as Record<string, unknown> & {
    TaskSession: { create: unknown };
    SwitchboardTasks: { websocketManagerFor: unknown };
  };
  expect(c.core).toBe(core);
  expect(typeof c.TaskSession.create).toBe('function');
  expect(c.ReferenceType).toEqual({ URL: 'URL', EMAIL: 'EMAIL', NUMBER: 'NUMBER', STRING: 'STRING', DATE: 'DATE' });
  expect(typeof c.SwitchboardTasks.websocketManagerFor).toBe('function');
  delete g.connect;
});
