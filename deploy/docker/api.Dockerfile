# The API (NestJS over HTTP) with the built web application it serves. Build the shared stage
# first (deploy/docker/build.Dockerfile), then this file with BUILD_IMAGE naming its tag:
#   docker build -f deploy/docker/build.Dockerfile -t cmm-procedures-build:$REV .
#   docker build -f deploy/docker/api.Dockerfile --build-arg BUILD_IMAGE=cmm-procedures-build:$REV -t cmm-procedures-api:$REV .
ARG BUILD_IMAGE=cmm-procedures-build:local
FROM ${BUILD_IMAGE} AS build
# checkov:skip=CKV_DOCKER_7:the build stage's tag is the BUILD_IMAGE argument, the revision being built

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
# Owned by root and only readable by the process: the code cannot be changed by what it runs.
# package.json marks the root the API finds the web build and relative paths from.
COPY --from=build /src/package.json ./package.json
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/dist ./dist
# A container is reached through its own interface, not loopback. Documents default to a
# volume path, never inside the image (the Kubernetes pods mount one there, or use S3).
ENV API_HOST=0.0.0.0 \
    API_PORT=3000 \
    DOCUMENTS_DIR=/var/lib/cmm/documents
# A numeric uid (no passwd entry needed) so Kubernetes can verify runAsNonRoot.
USER 10001:10001
EXPOSE 3000
# /status/ready answers 200 while the process takes requests ("healthy" = this container serves;
# the shared PostgreSQL, Redis and Temporal are /status's business). Kubernetes ignores
# HEALTHCHECK and uses the probes of deploy/helm/cmm-procedures instead.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.API_PORT||3000)+'/status/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "dist/apps/api/src/main.js"]
