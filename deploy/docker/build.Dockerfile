# The build shared by every image of the engine (docs/deployment.md, Images):
# dependencies as locked, `scripts/build.sh` (TypeScript into dist/, the workflow bundle, the web
# application), then the development dependencies pruned. It is built once per revision and
# tagged; each app's Dockerfile starts from it (build arg BUILD_IMAGE) and copies only what its
# process runs, so the four images are four views of one build and never disagree.
#
# The full Debian image, not slim: a dependency without a prebuilt binary for this platform
# compiles here (python3, make, g++), never in the runtime images.
FROM node:20-bookworm AS build
# A pipe in a RUN fails the build when any of its commands fails, not only the last.
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
# Only a build: no container runs this image, so it has no runtime user or health to check.
# checkov:skip=CKV_DOCKER_2:a build stage, never run as a container
# checkov:skip=CKV_DOCKER_3:a build stage, never run as a container

WORKDIR /src

# The lockfile alone first: this layer is reused until the dependencies change.
COPY package.json package-lock.json ./
# `npm ci`: exactly the lockfile, and a failure when package.json disagrees with it. Scripts run
# (the Temporal core bridge and @swc/core pick their platform binary in them).
# The stamp tells scripts/lib/common.sh (ensure_node_modules) these modules are the lockfile's:
# without it scripts/build.sh would install them once more.
RUN npm ci --no-audit --no-fund --loglevel=error \
  && sha256sum package-lock.json | cut -d' ' -f1 >node_modules/.cmm-lockfile.sha256

COPY . .
# The same build as `npm run build`. CMM_CACHE_DIR keeps scripts/lib/common.sh from writing into
# a home directory the build does not need.
ENV CMM_CACHE_DIR=/tmp/cmm-cache
RUN bash scripts/build.sh \
  && npm prune --omit=dev --no-audit --no-fund --loglevel=error
