#!/usr/bin/env bash
# The web app's budget (issue 15), measured: the first page's JavaScript compressed (gzip,
# ≤ 250 KB: scripts/measure-web-budget.ts on the Vite manifest) and the Scadenze data with
# 100,000 cases seeded on loopback (≤ 1 s: test/bench/web-budget.bench.ts, on private
# PostgreSQL/Redis/Temporal through scripts/bench.sh, which builds first). Non-zero when either
# is over budget. The numbers of a run are in docs/web-platform.md.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
cd "$ROOT"
ensure_node_modules
bash scripts/build.sh >&2
say "first page JavaScript (gzip)"
js_status=0
node -r ./scripts/register-ts.js scripts/measure-web-budget.ts 250 || js_status=$?
say "Scadenze data with 100,000 cases"
data_status=0
bash scripts/bench.sh web-budget "$@" || data_status=$?
[ "$js_status" -eq 0 ] && [ "$data_status" -eq 0 ]
