/**
 * Vitest globalSetup: one throwaway Postgres for the whole run. Its URL reaches test files
 * through process.env (the forks pool forks workers after this runs). Set
 * SWITCHBOARD_TEST_PG=off to run without Postgres: backends.ts then drops the Postgres cases.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPostgres } from './postgres.js';

export default async function setup(): Promise<() => Promise<void>> {
  // One scratch directory for the run (SQLite files, ...), removed at teardown: workers are
  // killed without running their own exit handlers.
  const scratch = mkdtempSync(join(tmpdir(), 'sb-test-'));
  process.env.SWITCHBOARD_TEST_TMP = scratch;
  const removeScratch = () => rmSync(scratch, { recursive: true, force: true });
  if (process.env.SWITCHBOARD_TEST_PG === 'off') {
    console.warn('[switchboard] SWITCHBOARD_TEST_PG=off: Postgres test cases are not registered');
    return async () => removeScratch();
  }
  const started = Date.now();
  const pg = await startPostgres().catch((err: unknown) => {
    removeScratch();
    throw err;
  });
  process.env.SWITCHBOARD_TEST_PG_URL = pg.url;
  if (process.env.SWITCHBOARD_TEST_PG_VERBOSE) console.info(`[switchboard] test Postgres up in ${Date.now() - started} ms`);
  return async () => {
    delete process.env.SWITCHBOARD_TEST_PG_URL;
    await pg.stop();
    removeScratch();
  };
}
