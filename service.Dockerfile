# syntax=docker/dockerfile:1
# The image of any one service (auth, tickets, orders, payments, expiration): they have the same
# shape and differ only in their directory. Build from the repository root, because every
# service needs the local common package:
#   docker build -f service.Dockerfile --build-arg SERVICE=auth -t ticketing/auth .
# (skaffold.yaml passes SERVICE for each artifact; the client has its own Dockerfile.)
ARG NODE_IMAGE=node:20.20.2-bookworm-slim
ARG SERVICE

# npm ci checks the lockfile against every workspace, so every workspace's package.json is
# copied, though only common and the service are installed.
FROM ${NODE_IMAGE} AS manifests
ARG SERVICE
WORKDIR /app
COPY package.json package-lock.json ./
COPY common/package.json common/
COPY auth/package.json auth/
COPY tickets/package.json tickets/
COPY orders/package.json orders/
COPY expiration/package.json expiration/
COPY payments/package.json payments/
COPY dev/infra/package.json dev/infra/
COPY dev/test-kit/package.json dev/test-kit/
COPY dev/stack/package.json dev/stack/
COPY e2e/package.json e2e/
COPY bench/package.json bench/
COPY infra/check/package.json infra/check/
COPY infra/cluster/package.json infra/cluster/
COPY client/package.json client/
RUN test -n "$SERVICE" && test -f "$SERVICE/package.json" && test "$SERVICE" != client || { \
      echo "service.Dockerfile: SERVICE='$SERVICE' names no service;" \
        "build with --build-arg SERVICE=auth|tickets|orders|payments|expiration" >&2; \
      exit 1; }

# Compiles common and the service. Install scripts are skipped: none is needed to build, and one
# (mongodb-memory-server, a test dependency) would download MongoDB.
FROM manifests AS build
ARG SERVICE
# test -d node_modules/.bin: npm 10 can exit 0 from a failed install ("Exit handler never called!").
RUN npm ci --ignore-scripts --no-audit --no-fund \
      --include-workspace-root --workspace common --workspace "$SERVICE" \
  && test -d node_modules/.bin
COPY tsconfig.base.json ./
COPY common/tsconfig.build.json common/
COPY common/src common/src
COPY ${SERVICE}/tsconfig.build.json ${SERVICE}/
COPY ${SERVICE}/src ${SERVICE}/src
RUN npx tsc -b "$SERVICE/tsconfig.build.json"

# `skaffold dev -p sync` targets this stage: sources synced into src/ run through ts-node, and
# node --watch restarts the process when one changes. Production images never use it.
FROM build AS dev
ARG SERVICE
WORKDIR /app/${SERVICE}
ENV TS_NODE_PROJECT=tsconfig.build.json TS_NODE_TRANSPILE_ONLY=true
RUN chown -R 1000:1000 src
USER 1000:1000
EXPOSE 3000
CMD ["node", "--watch", "--require", "ts-node/register", "src/index.ts"]

# Only what the service needs at run time, exactly as locked.
FROM manifests AS production-dependencies
ARG SERVICE
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund --workspace "$SERVICE" \
  && test -d node_modules/.bin

FROM ${NODE_IMAGE}
ARG SERVICE
ENV NODE_ENV=production
# A smaller young generation, and freed blocks of 128 KiB and more given straight back to the
# system: an idle service holds about a third less memory (README, "Performance").
ENV NODE_OPTIONS=--max-semi-space-size=4 MALLOC_MMAP_THRESHOLD_=131072
WORKDIR /app
COPY --from=production-dependencies /app/node_modules node_modules
COPY --from=build /app/common/package.json common/
COPY --from=build /app/common/dist common/dist
COPY --from=build /app/${SERVICE}/package.json ${SERVICE}/
COPY --from=build /app/${SERVICE}/dist ${SERVICE}/dist
WORKDIR /app/${SERVICE}
# The node image's unprivileged user, by number so Kubernetes can verify runAsNonRoot.
USER 1000:1000
EXPOSE 3000
CMD ["node", "dist/index.js"]
