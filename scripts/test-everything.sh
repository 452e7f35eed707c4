#!/usr/bin/env bash
# The whole suite (`bash scripts/setup.sh test` ends here; .ci/run calls that): the compose file,
# `pnpm test` (its own throw-away PostgreSQL and Redis unless DATABASE_URL / REDIS_URL are set), the
# fault suite, `pnpm start` + `pnpm demo` on a machine with nothing configured, and — as root —
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

compose_config() { SECRETS_KEY=ci CONSOLE_PASSWORD=ci-only-password docker-compose -f docker-compose.yml config -q; }

step "docker-compose.yml is valid (docker-compose config)" compose_config
step "pnpm test" pnpm test
# Real processes through crashes and outages (issue #7); brings its own private Redis and PostgreSQL.
step "pnpm test:faults" pnpm test:faults
step "pnpm start + pnpm demo with nothing configured (scripts/smoke-start.sh)" bash scripts/smoke-start.sh
if [ "$(id -u)" = 0 ]; then
  step "pnpm start as root from a 0700 directory (scripts/smoke-start-private-dir.sh)" bash scripts/smoke-start-private-dir.sh
else
  summary+=("skipped         pnpm start as root from a 0700 directory (needs root)")
fi

echo
printf '%s\n' "${summary[@]}"
exit $failed
