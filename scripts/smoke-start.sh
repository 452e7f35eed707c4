#!/usr/bin/env bash
# Boots `pnpm start` with nothing configured (embedded PostgreSQL, local redis-server, development
# key) on free ports, waits until console, ingress and worker answer /readyz, runs `pnpm demo`
# against it, sends Ctrl-C, and checks that every process it started is gone. Only the ports are set:
# the demo must find the console as pnpm start printed it (CONSOLE_PORT) and the webhook URLs must
# follow INGRESS_PORT (no PUBLIC_BASE_URL). Used by scripts/test-everything.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
# The embedded PostgreSQL runs as the `postgres` user when we are root: it must reach its folder
# (a private one is scripts/smoke-start-private-dir.sh's case).
chmod 755 "$data"
port() { scripts/free-port.sh; }
export CONSOLE_PORT=$(port) INGRESS_PORT=$(port) INGRESS_METRICS_PORT=$(port) METRICS_PORT=$(port) EMBEDDED_PG_PORT=$(port) LOCAL_REDIS_PORT=$(port)
unset PUBLIC_BASE_URL CONSOLE_URL
# A developer's .env must not change what this checks.
export CARROT_BRIDGE_ENV_FILE=none
log="$data/start.log"
# A throw-away data folder: the smoke test must not touch a developer's .data.
export CARROT_BRIDGE_DATA_DIR="$data/data"
env -u DATABASE_URL -u REDIS_URL -u SECRETS_KEY setsid node --import tsx scripts/start.ts >"$log" 2>&1 &
pid=$!
ok=""
for _ in $(seq 120); do
  if curl -sf "localhost:$CONSOLE_PORT/readyz" >/dev/null && curl -sf "localhost:$INGRESS_PORT/readyz" >/dev/null && curl -sf "localhost:$METRICS_PORT/readyz" >/dev/null; then ok=1; break; fi
  kill -0 "$pid" 2>/dev/null || break
  sleep 1
done
demo=0
if [ -n "$ok" ]; then
  # The simulator's traffic through the whole stack; it fails when a chat is missing or misattributed.
  node --import tsx scripts/demo.ts || demo=$?
fi
kill -INT -- "-$pid" 2>/dev/null || true
for _ in $(seq 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
# Everything pnpm start ran is in the session setsid gave it (other stacks on this machine are not).
# Zombies (state Z: exited, not yet reaped by a container's init) are not running and do not count.
left=$(ps -o pid=,stat=,args= -s "$pid" 2>/dev/null | awk '$2 !~ /^Z/' || true)
if [ -z "$ok" ]; then echo "smoke: pnpm start did not become ready"; sed 's/\x1b\[[0-9;]*m//g' "$log" | tail -40; exit 1; fi
if [ "$demo" -ne 0 ]; then echo "smoke: pnpm demo failed"; sed 's/\x1b\[[0-9;]*m//g' "$log" | tail -40; exit 1; fi
if [ -n "$left" ]; then echo "smoke: processes left behind after Ctrl-C:"; echo "$left"; exit 1; fi
echo "smoke: pnpm start booted (console, ingress, worker ready), pnpm demo matched, and everything stopped cleanly"
