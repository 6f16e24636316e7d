/**
 * The CCP as the tests serve it: built with Vite from the current sources into a temp
 * directory keyed by a fingerprint of every source file it bundles (its own, the chat SDK's,
 * the agent client's, core's, voice's and the Streams methods'), so no test ever serves a stale build, and test files of
 * one run share one build.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../..');
const SOURCES = [
  'packages/ccp/src',
  'packages/ccp/index.html',
  'packages/ccp/vite.config.ts',
  'packages/chat/src',
  'packages/agent-client/src',
  'packages/core/src',
  'packages/voice/src',
  'packages/streams/src',
];

function fingerprint(): string {
  const h = createHash('sha256');
  const walk = (p: string) => {
    const st = statSync(p);
    if (st.isDirectory()) {
      for (const e of readdirSync(p).sort()) walk(path.join(p, e));
    } else if (!p.endsWith('.test.ts')) {
      h.update(`${path.relative(root, p)}:${st.size}:${st.mtimeMs}\n`);
    }
  };
  for (const s of SOURCES) walk(path.join(root, s));
  return h.digest('hex').slice(0, 16);
}

/** The directory holding a build of the current sources (built now if there is none). */
export async function ccpBuild(): Promise<string> {
  const out = path.join(tmpdir(), `switchboard-ccp-${fingerprint()}`);
  if (existsSync(path.join(out, 'index.html'))) return out;
  // Built aside and renamed into place: test files running at once never see half a build.
  const tmp = `${out}.${process.pid}`;
  const { build } = await import('vite');
  // A production build, as `npm run build` makes: the test runner sets NODE_ENV=test, which
  // would give React's development build (and its JSX runtime) instead.
  const env = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      root: path.join(root, 'packages/ccp'),
      mode: 'production',
      logLevel: 'silent',
      build: { outDir: tmp, emptyOutDir: true },
    });
  } finally {
    process.env.NODE_ENV = env;
  }
  try {
    renameSync(tmp, out);
  } catch {
    rmSync(tmp, { recursive: true, force: true }); // another file's build got there first
  }
  return out;
}
