# The operator CLI (apps/cli), run by default as the migration job before a rollout:
#   docker build -f deploy/docker/migrate.Dockerfile --build-arg BUILD_IMAGE=cmm-procedures-build:$REV -t cmm-procedures-migrate:$REV .
#   docker run --rm -e DATABASE_URL=… cmm-procedures-migrate:$REV                       # migrate
#   docker run --rm -e DATABASE_URL=… cmm-procedures-migrate:$REV verify-timeline --all # after a restore
ARG BUILD_IMAGE=cmm-procedures-build:local
FROM ${BUILD_IMAGE} AS build
# checkov:skip=CKV_DOCKER_7:the build stage's tag is the BUILD_IMAGE argument, the revision being built

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /src/package.json ./package.json
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/dist ./dist
USER 10001:10001
# A one-shot job: nothing to check while it runs, its exit status is the answer.
HEALTHCHECK NONE
ENTRYPOINT ["node", "dist/apps/cli/src/main.js"]
CMD ["migrate"]
