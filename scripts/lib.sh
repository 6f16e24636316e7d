# Shared by scripts/test.sh and scripts/start.sh.
step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

# Debian packages the test suite needs; installed only when missing.
ensure_debian_packages() {
  local need=()
  compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || need+=(postgresql)
  [ -x /usr/bin/chromium ] || need+=(chromium)
  [ ${#need[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "Missing Debian packages: ${need[*]}. Install them with: sudo apt-get install -y ${need[*]}" >&2
    exit 1
  fi
  step "Installing Debian packages: ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}"
}

# npm dependencies: installed from the lock file when missing or older than it.
# `npm install`, not `npm ci`: npm 11 leaves other platforms' optional packages (Biome's
# and Rollup's native builds) out of the lock file, and `npm ci` then refuses it.
ensure_node_modules() {
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    step "Installing npm dependencies (npm install, from package-lock.json)"
    npm install --no-audit --no-fund
  fi
}
