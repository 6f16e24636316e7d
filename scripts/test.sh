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
npx tsc -b packages/cli
npx tsc -p tsconfig.check.json

step "Lint and format check (Biome)"
npx biome check .

step "Tests (vitest: unit, property and integration, on SQLite and on Postgres)"
npx vitest run "$@"
