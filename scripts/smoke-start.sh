#!/usr/bin/env bash
# Boots `pnpm start` with nothing configured (embedded PostgreSQL, local redis-server, development
# key) on spare ports, waits until console, ingress and worker answer /readyz, runs `pnpm demo`
# against it, sends Ctrl-C, and checks
# that every process it started is gone. Used by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."
data=$(mktemp -d)
# The embedded PostgreSQL runs as the `postgres` user when we are root: it must reach its folder.
chmod 755 "$data"
# Below the kernel ephemeral range (32768+), so no outgoing connection can hold one of them.
export CONSOLE_PORT=23000 INGRESS_PORT=23001 METRICS_PORT=23464 EMBEDDED_PG_PORT=23329 LOCAL_REDIS_PORT=23379
export PUBLIC_BASE_URL=http://localhost:23001
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
  CONSOLE_URL="http://localhost:$CONSOLE_PORT" node --import tsx scripts/demo.ts || demo=$?
fi
kill -INT -- "-$pid" 2>/dev/null || true
for _ in $(seq 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
left=$(pgrep -af "apps/(console|ingress|worker)/src/main.ts|redis-server .*:$LOCAL_REDIS_PORT|-p $EMBEDDED_PG_PORT" || true)
if [ -z "$ok" ]; then echo "smoke: pnpm start did not become ready"; sed 's/\x1b\[[0-9;]*m//g' "$log" | tail -40; exit 1; fi
if [ "$demo" -ne 0 ]; then echo "smoke: pnpm demo failed"; sed 's/\x1b\[[0-9;]*m//g' "$log" | tail -40; exit 1; fi
if [ -n "$left" ]; then echo "smoke: processes left behind after Ctrl-C:"; echo "$left"; exit 1; fi
echo "smoke: pnpm start booted (console, ingress, worker ready), pnpm demo matched, and everything stopped cleanly"
