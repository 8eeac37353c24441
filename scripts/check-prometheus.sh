#!/usr/bin/env bash
# The Prometheus files in deploy/ as Prometheus itself reads them: the scrape example and the
# alert rules parse (`promtool check config`), and every alert fires on its series, some also
# staying quiet below their threshold (`promtool test rules`, deploy/prometheus/alerts.test.yml).
# Only where promtool is installed (Debian's `prometheus` package); without it this says so and
# passes: the integration spec test/metrics/metrics-scrape.int-spec.ts still checks that every
# series the rules read is served.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
cd "$ROOT"

PROMTOOL="${PROMTOOL:-$(command -v promtool || true)}"
if [ -z "$PROMTOOL" ]; then
  say "promtool not found (apt-get install prometheus): Prometheus rules not checked"
  exit 0
fi
"$PROMTOOL" check config deploy/prometheus/prometheus.yml
"$PROMTOOL" test rules deploy/prometheus/alerts.test.yml
