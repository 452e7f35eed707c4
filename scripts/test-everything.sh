#!/usr/bin/env bash
# The whole suite (`bash scripts/setup.sh test` ends here; .ci/run calls that): the compose file,
# `pnpm test` (its own throw-away PostgreSQL and Redis unless DATABASE_URL / REDIS_URL are set), the
# fault suite, `pnpm start` + `pnpm demo` on a machine with nothing configured, the runtime directory's
# compiled apps (scripts/smoke-runtime.sh), and — as root —
# `pnpm start` from a private (0700) directory. Every step runs; a summary with timings closes.
set -uo pipefail
cd "$(dirname "$0")/.."

summary=()
failed=0
step() {
  local name=$1
  shift
  local started=$SECONDS
  echo "=== $name"
  if "$@"; then
    summary+=("ok      $(printf '%4d' $((SECONDS - started)))s  $name")
  else
    summary+=("FAILED  $(printf '%4d' $((SECONDS - started)))s  $name")
    failed=1
  fi
}

# Runs "$@" with DATABASE_URL / REDIS_URL set: as given, else throw-away servers for the duration.
with_test_servers() {
  if [ -n "${DATABASE_URL:-}" ] && [ -n "${REDIS_URL:-}" ]; then "$@"; return; fi
  local dir status
  dir=$(mktemp -d /tmp/carrot-bridge-mutations.XXXXXX)
  chmod 755 "$dir"
  if ! services=$(TEST_SERVICES_DIR=$dir TEST_PG_PORT=$(scripts/free-port.sh) TEST_REDIS_PORT=$(scripts/free-port.sh) scripts/test-services.sh start); then
    rm -rf "$dir"
    return 1
  fi
  (
    own_database=${DATABASE_URL:-} own_redis=${REDIS_URL:-}
    eval "$services"
    [ -n "$own_database" ] && export DATABASE_URL=$own_database
    [ -n "$own_redis" ] && export REDIS_URL=$own_redis
    "$@"
  )
  status=$?
  TEST_SERVICES_DIR=$dir scripts/test-services.sh stop
  rm -rf "$dir"
  return $status
}

compose_config() { SECRETS_KEY=ci CONSOLE_PASSWORD=ci-only-password docker-compose -f docker-compose.yml config -q; }

step "docker-compose.yml is valid (docker-compose config)" compose_config
# The apps as production runs them (issue #27): one runtime directory, built as the Dockerfile builds it,
# for the end-to-end suite (in pnpm test) and the fault suite. Not for the mutations: a patched source
# must be what their tests run, so they start the apps from source.
runtime_parent=$(mktemp -d /tmp/carrot-bridge-runtime.XXXXXX)
trap 'rm -rf "$runtime_parent"' EXIT
compiled=()
build_runtime() { bash scripts/build/runtime-dir.sh "$runtime_parent/runtime" && compiled=(env "CARROT_BRIDGE_APP_DIR=$runtime_parent/runtime"); }
step "runtime directory: pnpm build, production dependencies, contents (scripts/build/runtime-dir.sh)" build_runtime
before=$failed
failures_file=$(mktemp)
step "pnpm test" "${compiled[@]}" env "TEST_FAILURES_FILE=$failures_file" pnpm test
# Each committed breakage in mutations/ must make its named test fail (issue #21): the suites above
# passing prove little if they could not fail. Needs the servers pnpm test would start: its own here.
# When pnpm test just passed on this commit, its run is the mutations' baseline (not run twice).
if [ "$failed" = "$before" ]; then export MUTATIONS_BASELINE=suite; fi
# Two lanes: much of a mutation's time is mocha starting and scratch databases being made, so two
# worktrees side by side keep both cores busy (a lane's slowness can only make a test fail, never pass).
MUTATIONS_LANES=2 step "pnpm test:mutations" with_test_servers pnpm test:mutations
unset MUTATIONS_BASELINE
# Real processes through crashes and outages (issue #7); brings its own private Redis and PostgreSQL.
step "pnpm test:faults (compiled apps)" "${compiled[@]}" pnpm test:faults
step "pnpm start + pnpm demo with nothing configured (scripts/smoke-start.sh)" bash scripts/smoke-start.sh
# The runtime directory the image holds (compiled apps, production dependencies only), started as in production.
step "runtime directory: contents, compiled apps + pnpm demo (scripts/smoke-runtime.sh)" bash scripts/smoke-runtime.sh
if [ "$(id -u)" = 0 ]; then
  step "pnpm start as root from a 0700 directory (scripts/smoke-start-private-dir.sh)" bash scripts/smoke-start-private-dir.sh
else
  summary+=("skipped         pnpm start as root from a 0700 directory (needs root)")
fi

echo
printf '%s\n' "${summary[@]}"
if [ -s "$failures_file" ]; then
  echo "pnpm test's failing tests:"
  cat "$failures_file"
fi
rm -f "$failures_file"
exit $failed
