#!/usr/bin/env bash
# The two commands of a fresh Debian / Ubuntu machine whose only prerequisite is Node.js 20:
#   bash scripts/setup.sh start   what `pnpm start` needs (pnpm at the pinned version, redis-server), the
#                                 workspace, then `pnpm start` (embedded PostgreSQL, the demo account)
#   bash scripts/setup.sh test    what the tests need as well (PostgreSQL, chromium, docker-compose, curl),
#                                 the workspace, then the whole suite (scripts/test-everything.sh)
# Only what is missing is installed. As root it installs; otherwise it prints the exact commands to run
# (with sudo) and stops, changing nothing. Nothing downloads binaries outside apt and the npm registry.
set -euo pipefail
cd "$(dirname "$0")/.."

goal=${1:-}
case "$goal" in
  start | test) ;;
  *) echo "usage: bash scripts/setup.sh start|test" >&2; exit 2 ;;
esac

say() { echo "setup: $*"; }

if ! command -v node >/dev/null 2>&1; then
  say "Node.js 20.11 or newer is needed first (https://nodejs.org/en/download, or apt-get install nodejs on Debian 13)"; exit 1
fi
if ! node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 11) ? 0 : 1)'; then
  say "Node.js $(node --version) is too old: 20.11 or newer is needed"; exit 1
fi

# One source of truth for the pnpm version: package.json's packageManager field.
pnpm_version=$(node -p 'require("./package.json").packageManager.split("@")[1]')

apt_missing=()
need_command() { command -v "$1" >/dev/null 2>&1 || apt_missing+=("$2"); }
need_command redis-server redis-server
if [ "$goal" = test ]; then
  # The test suites' own throw-away PostgreSQL (scripts/test-services.sh) and the drift check's pg_dump.
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || apt_missing+=(postgresql)
  need_command pg_dump postgresql-client
  # The page is tested in a real headless browser: playwright-core drives Debian's chromium.
  [ -x /usr/bin/chromium ] || apt_missing+=(chromium)
  # No Docker engine is assumed: the compose file is validated with a real parser instead.
  need_command docker-compose docker-compose
  need_command curl curl
fi
need_pnpm=""
[ "$(pnpm --version 2>/dev/null || true)" = "$pnpm_version" ] || need_pnpm=1

commands=()
[ ${#apt_missing[@]} -gt 0 ] && commands+=("apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ${apt_missing[*]}")
[ -n "$need_pnpm" ] && commands+=("npm install -g pnpm@$pnpm_version")

if [ ${#commands[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    for command in "${commands[@]}"; do
      say "running: $command"
      bash -c "$command" >/dev/null
    done
  else
    say "missing: ${apt_missing[*]:-}${need_pnpm:+ pnpm@$pnpm_version}. Run, then this command again:"
    for command in "${commands[@]}"; do echo "  sudo bash -c '$command'"; done
    exit 1
  fi
fi

pnpm install --frozen-lockfile
if [ "$goal" = start ]; then exec pnpm start; fi
exec bash scripts/test-everything.sh
