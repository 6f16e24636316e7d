import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // Workspace packages export their TypeScript source under the "source" condition,
    // so tests run without a build step.
    conditions: ['source'],
  },
  // Vite 6+ applies `resolve.conditions` to the client environment only; tests run in the
  // SSR one, which would otherwise pick `default` (a possibly stale dist/).
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    // bench/**: the benches' pure helpers (never the benches themselves: tests assert no timings).
    include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'bench/**/*.test.mjs'],
    globalSetup: ['./packages/server/test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
