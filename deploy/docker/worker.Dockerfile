# The Temporal worker: the prebuilt workflow bundle (dist/workflow-bundle.js) and the
# activities. Built from the shared stage like api.Dockerfile:
#   docker build -f deploy/docker/worker.Dockerfile --build-arg BUILD_IMAGE=cmm-procedures-build:$REV -t cmm-procedures-worker:$REV .
ARG BUILD_IMAGE=cmm-procedures-build:local
FROM ${BUILD_IMAGE} AS build
# checkov:skip=CKV_DOCKER_7:the build stage's tag is the BUILD_IMAGE argument, the revision being built

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /src/package.json ./package.json
COPY --from=build /src/node_modules ./node_modules
# The whole of dist/ (a few MB): the worker imports libs/ and activities/ from it. The web build
# inside is unused here and harmless.
COPY --from=build /src/dist ./dist
ENV DOCUMENTS_DIR=/var/lib/cmm/documents
USER 10001:10001
# No port to ask yet (the metrics port, METRICS_PORT, is being added separately). The worker
# retries Temporal and PostgreSQL itself and exits non-zero on an error it cannot handle; the
# orchestrator restarts it.
HEALTHCHECK NONE
CMD ["node", "dist/apps/worker/src/main.js"]
