#!/usr/bin/env bash
# `pnpm start` as root from a private checkout (mode 0700, like a clone under /root), which the embedded
# PostgreSQL's `postgres` user cannot enter (issue #15). Copies this working tree into a 0700 folder,
# installs it from the pnpm store, then:
#   1. starts with the embedded PostgreSQL's port taken: the start must fail, saying why, and leave no
#      password file in /tmp;
#   2. starts again: console, ingress and worker get ready; `pnpm cq` finds the stack by itself;
#   3. Ctrl-C: nothing is left running. Everything it made is deleted. Loopback only, ports free ones.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
[ "$(id -u)" = 0 ] || { echo "private-dir: needs root (it checks how root's pnpm start runs PostgreSQL)"; exit 1; }

private=$(mktemp -d /tmp/cb-private.XXXXXX)
[ "$(stat -c %a "$private")" = 700 ] || { echo "private-dir: $private is not 0700"; exit 1; }
clone="$private/carrot-bridge"
log="$private/start.log"
shared=/var/lib/carrot-bridge
binaries_existed=$(ls -d $shared/postgres-* 2>/dev/null || true)
holder=""
start_pid=""
cleanup() {
  [ -n "$holder" ] && kill "$holder" 2>/dev/null || true
  [ -n "$start_pid" ] && kill -KILL -- "-$start_pid" 2>/dev/null || true
  # The cluster this test made lives outside the private folder (the postgres user could not enter it).
  # (named by the first 12 hex digits of the SHA-256 of its data folder, as scripts/embedded-postgres.ts does).
  rm -rf "$shared/clusters/$(printf '%s' "$clone/.data" | sha256sum | cut -c1-12)"
  [ -z "$binaries_existed" ] && rm -rf "$shared"/postgres-*
  rmdir "$shared/clusters" "$shared" 2>/dev/null || true
  rm -rf "$private"
}
trap cleanup EXIT

mkdir "$clone"
git ls-files -z --cached --others --exclude-standard | tar --null -T - --ignore-failed-read -cf - 2>/dev/null | tar -xf - -C "$clone"
installed=$SECONDS
(cd "$clone" && CI=true pnpm install --frozen-lockfile --prefer-offline >"$private/install.log" 2>&1) || { tail -20 "$private/install.log"; exit 1; }
echo "private-dir: installed a copy in $clone ($((SECONDS - installed)) s)"

port() { "$repo/scripts/free-port.sh"; }
export CONSOLE_PORT=$(port) INGRESS_PORT=$(port) INGRESS_METRICS_PORT=$(port) METRICS_PORT=$(port) EMBEDDED_PG_PORT=$(port) LOCAL_REDIS_PORT=$(port)
unset DATABASE_URL REDIS_URL SECRETS_KEY PUBLIC_BASE_URL CARROT_BRIDGE_DATA_DIR
export CARROT_BRIDGE_ENV_FILE=none
passwords_before=$(ls /tmp | grep -c '^pg-password-' || true)

# 1. PostgreSQL's port taken: a clear failure, no password file left, nothing that breaks the next start.
node -e "require('node:net').createServer().listen(Number(process.argv[1]), '127.0.0.1')" "$EMBEDDED_PG_PORT" &
holder=$!
sleep 0.5
if (cd "$clone" && timeout 120 node --import tsx scripts/start.ts >"$private/failed-start.log" 2>&1); then
  echo "private-dir: pnpm start succeeded although PostgreSQL's port was taken"; exit 1
fi
grep -q "start: PostgreSQL stopped" "$private/failed-start.log" || { echo "private-dir: the failed start did not say why:"; cat "$private/failed-start.log"; exit 1; }
kill "$holder"; holder=""
[ "$(ls /tmp | grep -c '^pg-password-' || true)" = "$passwords_before" ] || { echo "private-dir: a pg-password file was left in /tmp"; exit 1; }
echo "private-dir: with its port taken, pnpm start failed saying: $(grep -o 'start: PostgreSQL stopped.\{0,80\}' "$private/failed-start.log")"

# 2. The real start.
(cd "$clone" && exec setsid node --import tsx scripts/start.ts >"$log" 2>&1) &
start_pid=$!
ready=""
for _ in $(seq 120); do
  if curl -sf "127.0.0.1:$CONSOLE_PORT/readyz" >/dev/null && curl -sf "127.0.0.1:$INGRESS_METRICS_PORT/readyz" >/dev/null && curl -sf "127.0.0.1:$METRICS_PORT/readyz" >/dev/null; then ready=1; break; fi
  kill -0 "$start_pid" 2>/dev/null || break
  sleep 1
done
[ -n "$ready" ] || { echo "private-dir: pnpm start did not become ready"; sed 's/\x1b\[[0-9;]*m//g' "$log" | tail -40; exit 1; }
grep -q "data in $shared/clusters/" "$log" || { echo "private-dir: the cluster is not where the postgres user can reach it"; grep PostgreSQL "$log"; exit 1; }
echo "private-dir: ready; $(sed 's/\x1b\[[0-9;]*m//g' "$log" | grep -o 'embedded PostgreSQL.*')"

# pnpm cq finds the running stack with nothing set: an unknown integration is «не найдена», not a config error.
cq=$(cd "$clone" && node --import tsx apps/console/src/cli/cq.ts status --integration 00000000-0000-4000-8000-000000000000 2>&1 || true)
echo "$cq" | grep -q "Интеграция не найдена" || { echo "private-dir: pnpm cq did not reach the local stack: $cq"; exit 1; }
echo "private-dir: pnpm cq found the stack: $cq"

# 3. Ctrl-C: everything stops.
kill -INT -- "-$start_pid"
for _ in $(seq 40); do kill -0 "$start_pid" 2>/dev/null || break; sleep 0.5; done
kill -0 "$start_pid" 2>/dev/null && { echo "private-dir: pnpm start did not stop on Ctrl-C"; exit 1; }
start_pid_done=$start_pid; start_pid=""
# Everything pnpm start ran is in the session setsid gave it (other stacks on this machine are not).
# Zombies (state Z: exited, not yet reaped by a container's init) are not running and do not count.
left=$(ps -o pid=,stat=,args= -s "$start_pid_done" 2>/dev/null | awk '$2 !~ /^Z/' || true)
[ -z "$left" ] || { echo "private-dir: left running after Ctrl-C (start pid $start_pid_done):"; echo "$left"; exit 1; }
echo "private-dir: pnpm start as root from a 0700 directory works, fails cleanly, and stops cleanly"
