# One image for the three apps (ingress, worker, console); compose picks the entry point per service.
# The apps run their TypeScript through tsx (no build step), so the runtime keeps the installed
# workspace. Needs nothing from the network but the npm registry.

FROM node:20-bookworm-slim AS deps
ENV PNPM_HOME=/pnpm PATH=/pnpm:$PATH
RUN npm install -g pnpm@10.34.9
WORKDIR /app
# Lock file first: the dependency layer is rebuilt only when dependencies change.
COPY pnpm-lock.yaml pnpm-workspace.yaml .npmrc ./
RUN pnpm fetch --frozen-lockfile

FROM deps AS build
COPY . .
# postinstall generates the Prisma client (no database needed).
RUN pnpm install --frozen-lockfile --offline \
 && test -f packages/db/src/generated/prisma/client.ts

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production PATH=/app/node_modules/.bin:$PATH
WORKDIR /app
COPY --from=build --chown=node:node /app /app
USER node
# Compose sets the command; the default is the ingress.
CMD ["node", "--import", "tsx", "apps/ingress/src/main.ts"]
