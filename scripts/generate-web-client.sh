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
schemas="$(mktemp --suffix=.json)"
trap 'rm -f "$document" "$generated" "$schemas"' EXIT
LOG_LEVEL=silent node -r ./scripts/register-ts.js scripts/write-openapi-document.ts "$document"
node_modules/.bin/openapi-typescript "$document" --output "$generated" >/dev/null
# The request bodies' schemas (and the schemas they reference): the case page builds each
# action's form from the schema the API names in GET /cases/:caseId/actions (requestSchema).
node -e '
const doc = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
const all = doc.components.schemas, keep = {};
const visit = (node) => {
  if (!node || typeof node !== "object") return;
  if (typeof node.$ref === "string") {
    const name = node.$ref.split("/").pop();
    if (!keep[name] && all[name]) { keep[name] = all[name]; visit(all[name]); }
  }
  for (const value of Object.values(node)) visit(value);
};
for (const operations of Object.values(doc.paths)) for (const operation of Object.values(operations)) visit(operation.requestBody);
const sorted = Object.fromEntries(Object.keys(keep).sort().map((name) => [name, keep[name]]));
require("fs").writeFileSync(process.argv[2], JSON.stringify(sorted, null, 1) + "\n");
' "$document" "$schemas"
if [ "${1:-}" = "--check" ]; then
  cmp -s "$generated" apps/web/src/api/schema.d.ts || die "apps/web/src/api/schema.d.ts is out of date: run bash scripts/generate-web-client.sh"
  cmp -s "$schemas" apps/web/src/api/request-schemas.json || die "apps/web/src/api/request-schemas.json is out of date: run bash scripts/generate-web-client.sh"
  say "web client types are up to date"
else
  install -m 644 "$generated" apps/web/src/api/schema.d.ts
  install -m 644 "$schemas" apps/web/src/api/request-schemas.json
  say "wrote apps/web/src/api/schema.d.ts and request-schemas.json"
fi
