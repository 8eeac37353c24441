#!/usr/bin/env bash
# `npm run -s cli -- <command>`: builds first when the sources changed since the last
# build (build output on stderr, so stdout stays the command's own).
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
cd "$ROOT"
stamp="$ROOT/dist/.build-stamp"
if [ ! -f "$stamp" ] || [ -n "$(find apps libs activities workflows scripts tsconfig.base.json package-lock.json -newer "$stamp" -type f -print -quit 2>/dev/null)" ]; then
  bash "$ROOT/scripts/build.sh" >&2
fi
exec node "$ROOT/dist/apps/cli/src/main.js" "$@"
