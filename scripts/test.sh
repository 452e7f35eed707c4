#!/usr/bin/env bash
# `pnpm test`: type check, lint, migration drift check, then every workspace suite one after another
# (they share the PostgreSQL and Redis servers), and one closing line with the totals.
# DATABASE_URL / REDIS_URL name the servers to use; whichever is unset gets a throw-away server of its
# own on a free loopback port (scripts/test-services.sh), stopped and deleted at the end.
set -uo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp)
services_dir=""
cleanup() {
  rm -f "$log"
  if [ -n "$services_dir" ]; then
    TEST_SERVICES_DIR=$services_dir scripts/test-services.sh stop
    rm -rf "$services_dir"
  fi
}
trap cleanup EXIT
# A developer's .env configures the product, not the tests: the suites never read it.
export CARROT_BRIDGE_ENV_FILE=none

if [ -z "${DATABASE_URL:-}" ] || [ -z "${REDIS_URL:-}" ]; then
  own_database=${DATABASE_URL:-}
  own_redis=${REDIS_URL:-}
  services_dir=$(mktemp -d /tmp/carrot-bridge-test.XXXXXX)
  # The cluster runs as the postgres user when we are root: it must be able to enter the folder.
  chmod 755 "$services_dir"
  services=$(TEST_SERVICES_DIR=$services_dir TEST_PG_PORT=$(scripts/free-port.sh) TEST_REDIS_PORT=$(scripts/free-port.sh) scripts/test-services.sh start) \
    || { echo "pnpm test: could not start throw-away PostgreSQL and Redis (above); or set DATABASE_URL and REDIS_URL"; exit 1; }
  eval "$services"
  [ -n "$own_database" ] && export DATABASE_URL=$own_database
  [ -n "$own_redis" ] && export REDIS_URL=$own_redis
  echo "pnpm test: throw-away servers in $services_dir (PostgreSQL ${DATABASE_URL##*@}, Redis ${REDIS_URL##*//})"
fi

pnpm typecheck || { echo "typecheck failed"; exit 1; }
pnpm lint || { echo "lint failed"; exit 1; }
pnpm db:check || { echo "migration drift check failed"; exit 1; }
pnpm -r --workspace-concurrency=1 --no-bail run test 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

passed=$(grep -Eo '^ +[0-9]+ passing' "$log" | awk '{s+=$1} END {print s+0}')
failed=$(grep -Eo '^ +[0-9]+ failing' "$log" | awk '{s+=$1} END {print s+0}')
echo
echo "tests: ${passed} passed, ${failed} failed"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ]; then exit 1; fi
if [ "$passed" -eq 0 ]; then echo "no test ran"; exit 1; fi
