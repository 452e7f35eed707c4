#!/usr/bin/env bash
# `pnpm test`: type check and lint, migration drift check, then every workspace suite (they share the
# PostgreSQL and Redis servers), and one closing line with the totals.
# DATABASE_URL / REDIS_URL name the servers to use; whichever is unset gets a throw-away server of its
# own on a free loopback port (scripts/test-services.sh), stopped and deleted at the end.
set -uo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp)
services_dir=""
runtime_parent=""
cleanup() {
  rm -f "$log"
  [ -n "$runtime_parent" ] && rm -rf "$runtime_parent"
  if [ -n "$services_dir" ]; then
    TEST_SERVICES_DIR=$services_dir scripts/test-services.sh stop
    rm -rf "$services_dir"
  fi
}
trap cleanup EXIT
# Stops with `reason`, also written to TEST_FAILURES_FILE: test-everything.sh repeats it after its summary,
# where CI's record (the end of the output) shows it.
stop() {
  echo "$1"
  [ -n "${TEST_FAILURES_FILE:-}" ] && printf '%s\n' "$1" >"$TEST_FAILURES_FILE"
  exit 1
}
# A developer's .env configures the product, not the tests: the suites never read it.
export CARROT_BRIDGE_ENV_FILE=none

if [ -z "${DATABASE_URL:-}" ] || [ -z "${REDIS_URL:-}" ]; then
  own_database=${DATABASE_URL:-}
  own_redis=${REDIS_URL:-}
  services_dir=$(mktemp -d /tmp/carrot-bridge-test.XXXXXX)
  # The cluster runs as the postgres user when we are root: it must be able to enter the folder.
  chmod 755 "$services_dir"
  services=$(TEST_SERVICES_DIR=$services_dir TEST_PG_PORT=$(scripts/free-port.sh) TEST_REDIS_PORT=$(scripts/free-port.sh) scripts/test-services.sh start) \
    || stop "pnpm test: could not start throw-away PostgreSQL and Redis (above); or set DATABASE_URL and REDIS_URL"
  eval "$services"
  [ -n "$own_database" ] && export DATABASE_URL=$own_database
  [ -n "$own_redis" ] && export REDIS_URL=$own_redis
  echo "pnpm test: throw-away servers in $services_dir (PostgreSQL ${DATABASE_URL##*@}, Redis ${REDIS_URL##*//})"
fi

# The type check and the linter side by side: each keeps about one core busy.
typecheck_log=$(mktemp)
pnpm typecheck >"$typecheck_log" 2>&1 &
typecheck=$!
lint_log=$(mktemp)
pnpm lint 2>&1 | tee "$lint_log"
if [ "${PIPESTATUS[0]}" -ne 0 ]; then
  kill "$typecheck" 2>/dev/null
  stop "lint failed: $(tail -n 15 "$lint_log")"
fi
rm -f "$lint_log"
wait "$typecheck" || { cat "$typecheck_log"; stop "typecheck failed: $(grep -m 15 'error TS' "$typecheck_log")"; }
rm -f "$typecheck_log"
pnpm db:check || stop "migration drift check failed (above)"

# Three rounds (CI's 20 minutes): the quick packages one at a time (among them every test that compares
# timings, kept off a busy machine); the three long server suites side by side, unsorted (console and
# worker depend on db, and pnpm would otherwise run db alone first; they have databases and Redis
# prefixes of their own and assert no timing), the console's in two halves; the end-to-end suite alone
# (real processes and Chromium).
long=(--filter @carrot-bridge/worker --filter @carrot-bridge/db)
quick=(--filter '!@carrot-bridge/console' --filter '!@carrot-bridge/worker' --filter '!@carrot-bridge/db'
  --filter '!@carrot-bridge/e2e-tests')
status=0
pnpm -r --workspace-concurrency=1 --no-bail "${quick[@]}" run test 2>&1 | tee "$log"
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1
# The console's suite, the longest, in two halves of its files (alternating, so each half has a share
# of the slow ones), beside worker and db: four streams keep both cores busy to the end of the round.
console_half() {
  local half=$1 files
  mapfile -t files < <(cd apps/console && find src test -name '*.test.ts' | sort | awk -v h="$half" 'NR % 2 == h')
  (cd apps/console && mocha --no-config --extension ts --node-option import=tsx --reporter dot --timeout 30000 --exit \
    "${files[@]}")
}
long_log=$(mktemp) console_a_log=$(mktemp) console_b_log=$(mktemp)
pnpm -r --no-sort --workspace-concurrency=2 --no-bail --reporter=append-only --reporter-hide-prefix "${long[@]}" run test \
  >"$long_log" 2>&1 &
long_pid=$!
PATH="$PWD/node_modules/.bin:$PATH" console_half 0 >"$console_a_log" 2>&1 &
console_a=$!
PATH="$PWD/node_modules/.bin:$PATH" console_half 1 >"$console_b_log" 2>&1 &
console_b=$!
for pid in $long_pid $console_a $console_b; do wait "$pid" || status=1; done
cat "$long_log" "$console_a_log" "$console_b_log" | tee -a "$log"
rm -f "$long_log" "$console_a_log" "$console_b_log"
# The end-to-end suite runs the apps as production does (issue #27, docs/production.md): compiled, from
# the runtime directory the Dockerfile ships (scripts/build/runtime-dir.sh checks what it holds).
# CARROT_BRIDGE_APP_DIR set by the caller (test-everything.sh, for the fault suite too) is used as is.
if [ -z "${CARROT_BRIDGE_APP_DIR:-}" ]; then
  runtime_parent=$(mktemp -d /tmp/carrot-bridge-runtime.XXXXXX)
  bash scripts/build/runtime-dir.sh "$runtime_parent/runtime" || stop "the runtime directory could not be built (above)"
  export CARROT_BRIDGE_APP_DIR=$runtime_parent/runtime
fi
pnpm --filter @carrot-bridge/e2e-tests run test 2>&1 | tee -a "$log"
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1

passed=$(grep -Eo '^ +[0-9]+ passing' "$log" | awk '{s+=$1} END {print s+0}')
failed=$(grep -Eo '^ +[0-9]+ failing' "$log" | awk '{s+=$1} END {print s+0}')
echo
echo "tests: ${passed} passed, ${failed} failed"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ]; then
  # CI shows only the end of its output: the failing tests' titles and first lines go last, and into
  # TEST_FAILURES_FILE when the caller (test-everything.sh) wants to repeat them after its summary.
  failures=$(awk '/^ +[0-9]+\) /{n=4} n>0{print; n--}' "$log" | cut -c1-240 | head -60)
  echo "failing tests (first lines):"
  echo "${failures:-  (none reported by mocha: a suite could not start; see above)}"
  [ -n "${TEST_FAILURES_FILE:-}" ] && echo "${failures:-  (no mocha failure lines: a suite could not start)}" >"$TEST_FAILURES_FILE"
  exit 1
fi
if [ "$passed" -eq 0 ]; then stop "no test ran"; fi
