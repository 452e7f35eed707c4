#!/usr/bin/env bash
# The runtime directory as the image holds it (scripts/build/runtime-dir.sh: compiled apps, production
# dependencies only; its contents asserted there), started the way production starts it: NODE_ENV=
# production, `node --enable-source-maps [the worker's heap flags] apps/<app>/dist/main.js` from the directory, console, ingress
# and worker against throw-away PostgreSQL and Redis (scripts/test-services.sh; migrations applied by the
# development Prisma CLI first, as the image's migrate stage does). Waits for every /readyz, prints the
# idle worker's RSS, runs `pnpm demo` through the stack, then SIGTERM: every app must exit 0.
# Used by scripts/test-everything.sh. Loopback only, free ports; everything it made is deleted.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d /tmp/cb-runtime.XXXXXX)
chmod 755 "$work"
runtime="$work/runtime"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  TEST_SERVICES_DIR="$work/services" scripts/test-services.sh stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

bash scripts/build/runtime-dir.sh "$runtime"
port() { scripts/free-port.sh; }
eval "$(TEST_SERVICES_DIR="$work/services" TEST_PG_PORT=$(port) TEST_REDIS_PORT=$(port) scripts/test-services.sh start)"
export CARROT_BRIDGE_ENV_FILE=none
pnpm exec prisma migrate deploy >"$work/migrate.log" 2>&1 || { cat "$work/migrate.log"; exit 1; }
# The demo account `pnpm demo` sends to (what pnpm start seeds on an empty database).
node --import tsx prisma/seed-if-empty.ts >/dev/null

export CONSOLE_PORT=$(port) INGRESS_PORT=$(port) INGRESS_METRICS_PORT=$(port) METRICS_PORT=$(port)
export CONSOLE_PASSWORD=smoke-runtime-password CONSOLE_USER=admin
export PUBLIC_BASE_URL="http://127.0.0.1:$INGRESS_PORT" CONSOLE_URL="http://127.0.0.1:$CONSOLE_PORT"
secrets_key=$(openssl rand -base64 32)
for app in console ingress worker; do
  # The app's V8 flags, as packages/config/src/app-launch.ts gives them (app-launch.test.ts keeps the two equal).
  case $app in worker) flags=(--max-semi-space-size=32 --heap-growing-percent=100) ;; *) flags=() ;; esac
  # Only what production gives an app (compose's environment), nothing of this shell's.
  (cd "$runtime" && exec env -i PATH="$PATH" NODE_ENV=production LOG_LEVEL=warn CARROT_BRIDGE_ENV_FILE=none \
    DATABASE_URL="$DATABASE_URL" REDIS_URL="$REDIS_URL" SECRETS_KEY="$secrets_key" QUEUE_PREFIX=smoke \
    CONSOLE_PORT="$CONSOLE_PORT" CONSOLE_HOST=127.0.0.1 CONSOLE_PASSWORD="$CONSOLE_PASSWORD" PUBLIC_BASE_URL="$PUBLIC_BASE_URL" \
    INGRESS_PORT="$INGRESS_PORT" INGRESS_HOST=127.0.0.1 INGRESS_METRICS_PORT="$INGRESS_METRICS_PORT" \
    METRICS_PORT="$METRICS_PORT" METRICS_HOST=127.0.0.1 ALLOW_API_BASE_URL_OVERRIDE=true \
    node --enable-source-maps "${flags[@]}" "apps/$app/dist/main.js") >"$work/$app.log" 2>&1 &
  pids+=($!)
done
ready=""
for _ in $(seq 60); do
  if curl -sf "$CONSOLE_URL/readyz" >/dev/null && curl -sf "$PUBLIC_BASE_URL/readyz" >/dev/null && curl -sf "127.0.0.1:$METRICS_PORT/readyz" >/dev/null; then ready=1; break; fi
  sleep 0.5
done
if [ -z "$ready" ]; then
  echo "smoke-runtime: the compiled apps did not become ready"; tail -n 20 "$work"/*.log; exit 1
fi
sleep 1
names=(console ingress worker)
echo "smoke-runtime: idle RSS after /readyz (MB):$(for i in 0 1 2; do printf ' %s %s' "${names[$i]}" $(( $(ps -o rss= -p "${pids[$i]}") / 1024 )); done)"
node --import tsx scripts/demo.ts || { echo "smoke-runtime: pnpm demo failed"; tail -n 20 "$work"/*.log; exit 1; }

codes=()
for pid in "${pids[@]}"; do kill -TERM "$pid"; done
for pid in "${pids[@]}"; do code=0; wait "$pid" || code=$?; codes+=("$code"); done
pids=()
if [ "${codes[*]}" != "0 0 0" ]; then echo "smoke-runtime: exit codes after SIGTERM (console ingress worker): ${codes[*]}"; tail -n 20 "$work"/*.log; exit 1; fi
echo "smoke-runtime: the runtime directory's compiled apps started as in production, pnpm demo matched, all stopped cleanly"
