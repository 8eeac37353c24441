#!/usr/bin/env bash
# `npm run bench -- <name>`: runs test/bench/<name>.bench.ts (on demand; never part of
# `npm test`). Benchmarks print one JSON line with their numbers and the in-run baseline.
# A bench marked `// @needs-services` gets private PostgreSQL, Redis and Temporal, as the
# tests do, and the build it measures.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
source "$(dirname "$0")/lib/services.sh"
cd "$ROOT"
ensure_node_modules
name="${1:-}"
file="test/bench/$name.bench.ts"
if [ -z "$name" ] || [ ! -f "$file" ]; then
  echo "usage: npm run bench -- <name>; available:" >&2
  ls test/bench/*.bench.ts 2>/dev/null | sed 's#test/bench/\(.*\)\.bench\.ts#  \1#' >&2
  exit 2
fi
shift
if grep -q '@needs-services' "$file"; then
  bash scripts/build.sh >&2
  BENCH_DATA="$ROOT/.data/bench"
  rm -rf "$BENCH_DATA"
  mkdir -p "$BENCH_DATA" "$ROOT/.data/logs"
  trap stop_services EXIT
  start_postgres "$BENCH_DATA/postgres" "$(free_port)"
  start_redis "$BENCH_DATA/redis" "$(free_port)"
  start_temporal "$BENCH_DATA/temporal" "$(free_port)" "" no
  export LOG_LEVEL="${LOG_LEVEL:-warn}"
  ANSWER_LINK_SECRET="${ANSWER_LINK_SECRET:-$(od -An -vtx1 -N32 /dev/urandom | tr -d ' \n')}"
  export ANSWER_LINK_SECRET
  node --expose-gc -r ./scripts/register-ts.js "$file" "$@"
else
  exec node --expose-gc -r ./scripts/register-ts.js "$file" "$@"
fi
