#!/usr/bin/env bash
# The Prometheus files in deploy/ as Prometheus itself reads them: the scrape example and the
# alert rules parse (`promtool check config`), and every alert fires on its series, some also
# staying quiet below their threshold (`promtool test rules`, deploy/prometheus/alerts.test.yml).
# promtool comes from Debian's `prometheus` package, installed when missing (only its tools are
# used; no Prometheus server is started). The integration spec test/metrics/metrics-scrape.int-spec.ts
# checks besides that every series the rules read is served.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
cd "$ROOT"

if [ -z "${PROMTOOL:-}" ]; then
  command -v promtool >/dev/null 2>&1 || apt_install prometheus
  PROMTOOL=$(command -v promtool) || die "promtool not found after installing Debian's prometheus package"
fi
"$PROMTOOL" check config deploy/prometheus/prometheus.yml
"$PROMTOOL" test rules deploy/prometheus/alerts.test.yml
