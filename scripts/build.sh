#!/usr/bin/env bash
# Compiles the TypeScript into dist/ (aliases rewritten to relative paths, so plain `node`
# runs it), copies data files, and builds the workflow bundle.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
cd "$ROOT"
ensure_node_modules
# `--if-stale` (npm start): a build newer than every source, config and the lockfile is kept,
# so a restart does not spend a minute of a 2-core machine recompiling what has not changed.
if [ "${1:-}" = "--if-stale" ] && [ -f dist/.build-stamp ]; then
  changed=$(find apps libs workflows activities scripts package-lock.json tsconfig*.json \
    -name node_modules -prune -o -newer dist/.build-stamp -type f -print -quit 2>/dev/null)
  if [ -z "$changed" ]; then
    say "build is up to date (dist/.build-stamp is newer than every source)"
    exit 0
  fi
fi
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
