/**
 * Vitest globalSetup: one throwaway Postgres for the whole run. Its URL reaches test files
 * through process.env (the forks pool forks workers after this runs). Set
 * SWITCHBOARD_TEST_PG=off to run without Postgres: backends.ts then drops the Postgres cases.
 */
import { startPostgres } from './postgres.js';

export default async function setup(): Promise<(() => Promise<void>) | undefined> {
  if (process.env.SWITCHBOARD_TEST_PG === 'off') {
    console.warn('[switchboard] SWITCHBOARD_TEST_PG=off: Postgres test cases are not registered');
    return undefined;
  }
  const started = Date.now();
  const pg = await startPostgres();
  process.env.SWITCHBOARD_TEST_PG_URL = pg.url;
  if (process.env.SWITCHBOARD_TEST_PG_VERBOSE) console.info(`[switchboard] test Postgres up in ${Date.now() - started} ms`);
  return async () => {
    delete process.env.SWITCHBOARD_TEST_PG_URL;
    await pg.stop();
  };
}
