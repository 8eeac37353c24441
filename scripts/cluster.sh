#!/usr/bin/env bash
# `npm run cluster [-- --single-process]`: the production topology on this machine, for trying a
# deployment before making it: a Temporal cluster (frontend, history, matching and worker as
# processes of their own, or one process with --single-process) on PostgreSQL persistence and
# SQL visibility, two API processes behind HAProxy, two workers and two notifiers. Data under
# .data/cluster (kept; remove the directory to start afresh). Ctrl-C stops everything.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
source "$(dirname "$0")/lib/services.sh"
source "$(dirname "$0")/lib/temporal-cluster.sh"
source "$(dirname "$0")/lib/topology.sh"
cd "$ROOT"

mode=split
case "${1:-}" in
  --single-process) mode=single ;;
  "") ;;
  *) die "usage: npm run cluster [-- --single-process]" ;;
esac
ensure_node_modules
bash scripts/build.sh --if-stale
DATA="${CLUSTER_DATA:-$ROOT/.data/cluster}"
trap '' PIPE
trap 'trap - EXIT INT TERM; say "stopping"; stop_topology; say "stopped; data kept in $DATA"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
start_topology "$DATA" "$mode"
read -r api1 api2 <<<"$CLUSTER_API_PORTS"
cat >&2 <<URLS

  CMM procedure engine, cluster topology (Temporal: $mode)
  Web app and API  $CLUSTER_URL/   (HAProxy → API 127.0.0.1:$api1 and :$api2)
  Temporal         $TEMPORAL_ADDRESS (frontend; CLI: temporal workflow list --address $TEMPORAL_ADDRESS)
  Temporal metrics $(if [ "$mode" = single ]; then awk '$1 == "all" { printf "http://127.0.0.1:%s/metrics", $2 }' "$DATA/temporal/metrics.ports"; else awk '$1 != "all" { printf "%s http://127.0.0.1:%s/metrics  ", $1, $2 }' "$DATA/temporal/metrics.ports"; fi)
  Metrics          $(awk '{ printf "%s :%s  ", $1, $2 }' "$DATA/metrics.ports")(GET /metrics)
  Mail catcher     ${CLUSTER_MAIL_WEB_PORT:+http://127.0.0.1:$CLUSTER_MAIL_WEB_PORT}
  Sign-in          $CLUSTER_AUTH_ISSUER   (development sign-in unless AUTH_JWKS_URL is set)
  Processes        $DATA/processes.json   Logs: $DATA/logs/ and $DATA/temporal/
  Stop: Ctrl-C

URLS
wait "$SUPERVISOR_PID" || true
exit 1
