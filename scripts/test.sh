#!/usr/bin/env bash
# `npm test`: the whole suite on real components. Installs what is missing, type-checks,
# lints (including the Nx module boundaries), builds the workflow bundle the tests load,
# starts private PostgreSQL, Redis and Temporal dev server instances on free ports (never
# the ones of `npm start`), runs every Jest tier, and stops them. Exit status = failure.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
source "$(dirname "$0")/lib/services.sh"
cd "$ROOT"

ensure_node_modules
ensure_test_server
ensure_postgres_binaries
ensure_redis_binary
ensure_temporal_cli
ensure_dovecot
ensure_schemathesis
ensure_pdfa_validator
ensure_jaeger

say "type-checking"
node_modules/.bin/tsc -p tsconfig.json --noEmit
say "linting"
NX_DAEMON=false NX_NO_CLOUD=true node_modules/.bin/nx show projects >/dev/null
NX_DAEMON=false NX_NO_CLOUD=true node_modules/.bin/eslint --max-warnings 0 .
# One format for all code (Prettier, 140 columns): `npm run format` rewrites, this only checks.
node_modules/.bin/prettier --check --log-level warn "**/*.{ts,tsx,js,mjs,cjs}"
# The alert rules and the scrape example, when promtool is installed (docs/operations.md, Metrics).
bash scripts/check-prometheus.sh
# The web app (apps/web, libs/ui-kit): its own typecheck (DOM, JSX) and component tests.
# The web client's types must be those of the API as it is (regenerate: bash scripts/generate-web-client.sh).
bash scripts/generate-web-client.sh --check
node_modules/.bin/tsc -p apps/web/tsconfig.json
node_modules/.bin/vitest run --config apps/web/vitest.config.mts
# The deployment files, which cannot be built or applied here (docs/deployment.md): helm lint and
# template, checkov, hadolint, yamllint, every libs/config variable in the chart. Its tools come
# from the Go module proxy and PyPI once (a few minutes); then it takes seconds.
bash scripts/lint-deploy.sh
bash scripts/build.sh

# A directory per run: two runs at once (two terminals, two engineers) never share servers.
TEST_DATA="$ROOT/.data/test-$$"
mkdir -p "$TEST_DATA" "$ROOT/.data/logs"
trap 'stop_services; rm -rf "$TEST_DATA"' EXIT
PG_FSYNC=off start_postgres "$TEST_DATA/postgres" "$(free_port)"
start_redis "$TEST_DATA/redis" "$(free_port)"
start_temporal "$TEST_DATA/temporal" "$(free_port)" "" no
export LOG_LEVEL="${LOG_LEVEL:-silent}"
# A fresh key of the conference answer links for each run (API and workers read it).
ANSWER_LINK_SECRET="$(od -An -vtx1 -N32 /dev/urandom | tr -d ' \n')"
export ANSWER_LINK_SECRET

ci_flag=()
[ -n "${CI:-}" ] && ci_flag=(--ci)
say "running the tests"
TZ=UTC node_modules/.bin/jest "${ci_flag[@]}" --maxWorkers=2 "$@"
# The browser tier (test/browser: Playwright driving Debian's Chromium, it-IT, Europe/Rome)
# against the real stack its global setup starts on these services: for a whole run, or when
# asked with CMM_BROWSER=1 (Jest arguments select Jest tests); CMM_BROWSER=0 skips it.
if [ "${CMM_BROWSER:-}" = 1 ] || { [ $# -eq 0 ] && [ "${CMM_BROWSER:-}" != 0 ]; }; then
  ensure_chromium
  say "running the browser tier (Playwright, $CHROMIUM_PATH)"
  node_modules/.bin/playwright test -c test/browser/playwright.config.ts
fi
# Legal time must not depend on the machine's zone: the pure tiers again, far from Rome.
say "running the unit tier again under TZ=America/New_York"
TZ=America/New_York node_modules/.bin/jest "${ci_flag[@]}" --maxWorkers=2 --selectProjects unit --silent
