#!/usr/bin/env bash
# `npm run -s cli -- <command>`: builds first when the sources changed since the last
# build (build output on stderr, so stdout stays the command's own).
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
cd "$ROOT"
bash "$ROOT/scripts/build.sh" --if-stale >&2
exec node "$ROOT/dist/apps/cli/src/main.js" "$@"
