#!/usr/bin/env bash
# Builds the runtime directory: what the Dockerfile's runtime stage copies to /app, made the same way
# here and in the image's build stage (the Dockerfile runs this script), so what CI checks and runs is
# what ships:
#   <dir>/package.json     runtime/package.json (the npm packages the bundles import; `npm run cq`)
#   <dir>/node_modules/    those packages and their dependencies, production only, from the lock file
#   <dir>/apps/<app>/dist/ the compiled apps (pnpm build) with source maps; the console's static files
# then asserts its contents (check-runtime-dir.ts). Installs from the pnpm store (--offline): `pnpm
# install` or `pnpm fetch` filled it.
# Usage: scripts/build/runtime-dir.sh <directory that does not exist yet, or is empty>
set -euo pipefail
out=${1:?usage: scripts/build/runtime-dir.sh <new directory>}
cd "$(dirname "$0")/../.."
if [ -e "$out" ] && [ -n "$(ls -A "$out")" ]; then echo "runtime-dir: $out is not empty" >&2; exit 1; fi
mkdir -p "$out"
out=$(cd "$out" && pwd)

pnpm build
# --legacy: pnpm 10's deploy otherwise needs inject-workspace-packages for the whole workspace, and
# runtime/ has no workspace dependency to inject. --ignore-scripts: no dependency of the runtime needs
# an install script (the Prisma client is generated into the bundle; msgpackr's native decoder comes
# prebuilt in its platform package).
pnpm --filter @carrot-bridge/runtime deploy --legacy --prod --offline --ignore-scripts "$out" >/dev/null
node --import tsx scripts/build/prune-optional-peers.ts "$out"
for app in console ingress worker; do
  mkdir -p "$out/apps/$app"
  cp -R "apps/$app/dist" "$out/apps/$app/dist"
done
node --import tsx scripts/build/check-runtime-dir.ts "$out"
