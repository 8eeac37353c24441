#!/usr/bin/env bash
# `npm run test:faults [-- --cluster | --single-process]`: the whole system under faults. Starts the
# topology of scripts/lib/topology.sh — two API processes behind HAProxy, two workers, two
# notifiers, PostgreSQL, Redis, a mail server behind a relay that fails on request — on Temporal's
# development server (default) or on the Temporal cluster, and runs the fault suite
# (test/fault/*.topology-spec.ts) while a mixed load of the six procedures goes on. Not part of
# `npm test`: it stops and restarts the servers for minutes on end. Extra arguments go to Jest.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
source "$(dirname "$0")/lib/services.sh"
source "$(dirname "$0")/lib/temporal-cluster.sh"
source "$(dirname "$0")/lib/topology.sh"
cd "$ROOT"

mode=dev
case "${1:-}" in
  --cluster) mode=split; shift ;;
  --single-process) mode=single; shift ;;
esac
ensure_node_modules
ensure_postgres_binaries
ensure_redis_binary
ensure_temporal_cli
[ "$mode" = dev ] || ensure_temporal_server
ensure_haproxy
bash scripts/build.sh

DATA="$ROOT/.data/test-faults-$$"
trap 'stop_topology; rm -rf "$DATA"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
start_test_topology "$DATA" "$mode"
run_topology_faults "$DATA" "$mode" "$@"
