# Three images from one build (docs/production.md):
#   runtime (the default, last stage): the compiled apps and their production dependencies only, on
#     node:20-bookworm-slim, as user `node`; compose picks the app per service (its command) and the
#     port the HEALTHCHECK asks (HEALTHCHECK_PORT);
#   migrate: the Prisma CLI (a development dependency) and prisma/, for `prisma migrate deploy` once
#     before the apps start (compose's migrate service);
#   build: the installed workspace, where `pnpm build` and the runtime directory are made.
# Needs nothing from the network but the npm registry. CI cannot run docker build (no engine there):
# it makes the runtime directory with the same script (scripts/build/runtime-dir.sh) and runs the
# smoke and e2e suites from it.

FROM node:20-bookworm-slim AS deps
ENV PNPM_HOME=/pnpm PATH=/pnpm:$PATH
RUN npm install -g pnpm@10.34.9
WORKDIR /app
# Lock file first: the dependency layer is rebuilt only when dependencies change.
COPY pnpm-lock.yaml pnpm-workspace.yaml .npmrc ./
RUN pnpm fetch --frozen-lockfile

FROM deps AS build
COPY . .
# postinstall generates the Prisma client (no database needed); runtime-dir.sh runs pnpm build, deploys
# runtime/package.json's dependencies from the store (--prod --offline), copies the bundles and asserts
# that no development tool, test, fake or source is in /runtime.
RUN pnpm install --frozen-lockfile --offline \
 && test -f packages/db/src/generated/prisma/client.ts \
 && bash scripts/build/runtime-dir.sh /runtime

FROM build AS migrate
CMD ["pnpm", "exec", "prisma", "migrate", "deploy"]

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production HEALTHCHECK_PORT=3001
WORKDIR /app
# Owned by root, run as node: the apps cannot rewrite their own code or dependencies.
COPY --from=build /runtime /app
USER node
# /readyz of the app this container runs: ingress 3001 (the default command), console 3000 (CONSOLE_PORT),
# worker 9464 (METRICS_PORT); compose sets HEALTHCHECK_PORT per service.
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+process.env.HEALTHCHECK_PORT+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# Compose sets the command; the default is the ingress. `npm run cq -- <command>` is pnpm cq.
CMD ["node", "--enable-source-maps", "apps/ingress/dist/main.js"]
