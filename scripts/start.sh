#!/usr/bin/env bash
# Installs what is missing, builds, and starts Switchboard. Without arguments it serves
# the built-in demo instance; any arguments go to `switchboard start` (see --help).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
ensure_node_modules
step "Building"
npm run build --silent
exec node packages/cli/dist/switchboard.mjs start "$@"
