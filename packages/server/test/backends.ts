/**
 * The storage backends every storage-level suite runs against:
 *   describe.each(backends)('$name', (b) => { ... await b.open() ... })
 * Each open() gets an isolated, empty, migrated store: a new SQLite file (a real file,
 * to exercise WAL) or a new database on the run's shared Postgres (see global-setup.ts).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openStore } from '../src/storage/db.js';
import type { StorageOptions, Store } from '../src/storage/types.js';

export interface Backend {
  readonly name: 'sqlite' | 'postgres';
  /** Options for a new, empty location; open it as often as needed (reopen tests). */
  fresh(): Promise<StorageOptions>;
  /** openStore(await fresh()). */
  open(): Promise<Store>;
}

let tmp: string | undefined;
/** Inside the run's scratch directory (global-setup.ts removes it), else a temp dir of our own. */
const tmpDir = () => {
  tmp ??= mkdtempSync(join(process.env.SWITCHBOARD_TEST_TMP ?? tmpdir(), 'sb-sqlite-'));
  return tmp;
};

const sqlite: Backend = {
  name: 'sqlite',
  fresh: async () => ({ kind: 'sqlite', file: join(tmpDir(), `${randomBytes(6).toString('hex')}.db`) }),
  open: async () => openStore(await sqlite.fresh()),
};

function postgresBackend(serverUrl: string): Backend {
  const b: Backend = {
    name: 'postgres',
    async fresh() {
      const name = `sb_${randomBytes(6).toString('hex')}`;
      const admin = new pg.Client({ connectionString: serverUrl });
      await admin.connect();
      try {
        await admin.query(`create database ${name}`);
      } finally {
        await admin.end();
      }
      const url = new URL(serverUrl);
      url.pathname = `/${name}`;
      return { kind: 'postgres', url: url.toString() };
    },
    open: async () => openStore(await b.fresh()),
  };
  return b;
}

function backendList(): Backend[] {
  if (process.env.SWITCHBOARD_TEST_PG === 'off') return [sqlite];
  const url = process.env.SWITCHBOARD_TEST_PG_URL;
  if (!url) {
    throw new Error(
      'SWITCHBOARD_TEST_PG_URL is not set: run through the repo vitest config (its globalSetup starts Postgres) ' +
        'or set SWITCHBOARD_TEST_PG=off',
    );
  }
  return [sqlite, postgresBackend(url)];
}

export const backends: Backend[] = backendList();
