#!/usr/bin/env bash
# Compiles the TypeScript into dist/ (aliases rewritten to relative paths, so plain `node`
# runs it), copies data files, and builds the workflow bundle.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
cd "$ROOT"
ensure_node_modules
say "compiling TypeScript"
node_modules/.bin/tsc -p tsconfig.build.json
node_modules/.bin/tsc-alias -p tsconfig.build.json
(cd libs && find . -name '*.csv' -path '*/src/*' -exec sh -c 'mkdir -p "../dist/libs/$(dirname "$1")" && cp "$1" "../dist/libs/$1"' _ {} \;)
say "bundling workflows"
node dist/scripts/build-workflow-bundle.js
# The web application (apps/web, Vite) into dist/apps/web, which the API serves.
if [ -f apps/web/vite.config.ts ]; then
  say "building the web application"
  node_modules/.bin/vite build --config apps/web/vite.config.ts --logLevel warn
fi
touch dist/.build-stamp
