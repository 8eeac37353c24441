#!/usr/bin/env bash
# `npm run test:cluster`: the end-to-end tier again, on the production topology instead of the dev
# server (scripts/lib/topology.sh: a Temporal cluster on PostgreSQL with SQL visibility, split into
# its four services, or one process with --single-process), then the topology's own tests through
# HAProxy (test/cluster). Not part of `npm test`: the Temporal server is built from source once
# (about 8 minutes) and the run takes longer. Then the fault suite (test/fault/*.topology-spec.ts)
# on the same topology, as `npm run test:faults -- --cluster` runs it. Extra arguments go to Jest.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
source "$(dirname "$0")/lib/services.sh"
source "$(dirname "$0")/lib/temporal-cluster.sh"
source "$(dirname "$0")/lib/topology.sh"
cd "$ROOT"

mode=split
if [ "${1:-}" = --single-process ]; then mode=single; shift; fi
ensure_node_modules
ensure_test_server
ensure_postgres_binaries
ensure_redis_binary
ensure_temporal_cli
ensure_temporal_server
ensure_dovecot
ensure_schemathesis
ensure_pdfa_validator
ensure_haproxy
bash scripts/build.sh

DATA="$ROOT/.data/test-cluster-$$"
trap 'stop_topology; rm -rf "$DATA"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
start_test_topology "$DATA" "$mode"
say "running the end-to-end tier on the cluster ($mode) and the topology's tests"
ci_flag=()
[ -n "${CI:-}" ] && ci_flag=(--ci)
CMM_CLUSTER_TESTS=1 TZ=UTC node_modules/.bin/jest "${ci_flag[@]}" --maxWorkers=2 --selectProjects e2e cluster \
  "$@"
# The whole system under faults, last and alone (scripts/lib/topology.sh).
run_topology_faults "$DATA" "$mode" "$@"
