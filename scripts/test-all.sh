#!/usr/bin/env bash
# `pnpm test`: type check, migration drift check, then every workspace suite one after another
# (they share the PostgreSQL and Redis servers), and one closing line with the totals.
set -uo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp)
trap 'rm -f "$log"' EXIT

pnpm typecheck || { echo "typecheck failed"; exit 1; }
pnpm db:check || { echo "migration drift check failed"; exit 1; }
pnpm -r --workspace-concurrency=1 --no-bail run test 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

passed=$(grep -Eo '^ +[0-9]+ passing' "$log" | awk '{s+=$1} END {print s+0}')
failed=$(grep -Eo '^ +[0-9]+ failing' "$log" | awk '{s+=$1} END {print s+0}')
echo
echo "tests: ${passed} passed, ${failed} failed"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ]; then exit 1; fi
if [ "$passed" -eq 0 ]; then echo "no test ran"; exit 1; fi
