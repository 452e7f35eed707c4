#!/usr/bin/env bash
# Part of `pnpm lint`: every mutations/*.patch still applies to the tree. A patch that no longer applies
# fails `pnpm test:mutations` only after the whole `pnpm test` (CI stop 28 was lost that way); this
# check takes a second and fails first.
set -uo pipefail
cd "$(dirname "$0")/../.."
status=0
for patch in mutations/*.patch; do
  if ! out=$(git apply --check "$patch" 2>&1); then
    echo "$patch no longer applies: update it to the code it breaks (docs/testing.md#mutations)"
    echo "$out" | sed 's/^/  /'
    status=1
  fi
done
exit $status
