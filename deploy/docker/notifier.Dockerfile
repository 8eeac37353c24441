# The notifier: outbox relay, BullMQ delivery workers (SMTP and PEC), PEC receipts and the PEC
# mailbox over IMAP. Built from the shared stage like api.Dockerfile:
#   docker build -f deploy/docker/notifier.Dockerfile --build-arg BUILD_IMAGE=cmm-procedures-build:$REV -t cmm-procedures-notifier:$REV .
ARG BUILD_IMAGE=cmm-procedures-build:local
FROM ${BUILD_IMAGE} AS build
# checkov:skip=CKV_DOCKER_7:the build stage's tag is the BUILD_IMAGE argument, the revision being built

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /src/package.json ./package.json
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/dist ./dist
ENV DOCUMENTS_DIR=/var/lib/cmm/documents
USER 10001:10001
# Only when PEC_INBOUND_PORT is set (the SMTP listener for PEC receipts); 2525 is what the
# Kubernetes chart uses, any port above 1024 works without privileges.
EXPOSE 2525
# No HTTP port to ask yet (see worker.Dockerfile): it waits out outages of Redis, SMTP and
# PostgreSQL itself and exits non-zero on an error it cannot handle.
HEALTHCHECK NONE
CMD ["node", "dist/apps/notifier/src/main.js"]
