#!/usr/bin/env bash
# Regenerates the web app's API types (apps/web/src/api/schema.d.ts) from the API's own
# OpenAPI document, written from the controllers' metadata without a running server or
# database. Run it after changing a route or DTO of the API; the web typecheck then shows
# every page the change affects. --check fails when the committed types are out of date.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
cd "$ROOT"
ensure_node_modules
document="$(mktemp --suffix=.json)"
generated="$(mktemp --suffix=.d.ts)"
trap 'rm -f "$document" "$generated"' EXIT
LOG_LEVEL=silent node -r ./scripts/register-ts.js scripts/write-openapi-document.ts "$document"
node_modules/.bin/openapi-typescript "$document" --output "$generated" >/dev/null
if [ "${1:-}" = "--check" ]; then
  cmp -s "$generated" apps/web/src/api/schema.d.ts || die "apps/web/src/api/schema.d.ts is out of date: run bash scripts/generate-web-client.sh"
  say "web client types are up to date"
else
  cp "$generated" apps/web/src/api/schema.d.ts
  say "wrote apps/web/src/api/schema.d.ts"
fi
