#!/usr/bin/env bash
# Runs every test Switchboard has. On a fresh Debian machine (as root) it first installs
# what the tests need: PostgreSQL's server binaries (the suite starts its own throwaway
# cluster; nothing is configured system-wide).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

ensure_debian_packages
ensure_node_modules

step "Type-checking (sources, tests, benchmarks)"
npm run build --silent
npx tsc -p tsconfig.check.json
npx tsc -p packages/ccp/tsconfig.json

step "Lint and format check (Biome)"
npx biome check .

step "Tests (vitest: unit, property and integration, on SQLite and on Postgres)"
results=$(mktemp)
status=0
npx vitest run --reporter=default --reporter=json --outputFile.json="$results" "$@" || status=$?
# One plain closing line for CI: "vitest: N passed, N failed[, N skipped]".
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const skipped = r.numPendingTests + r.numTodoTests;
  console.log(`vitest: ${r.numPassedTests} passed, ${r.numFailedTests} failed` + (skipped ? `, ${skipped} skipped` : ""));
' "$results" || true
rm -f "$results"
exit "$status"
