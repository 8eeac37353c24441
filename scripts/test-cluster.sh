#!/usr/bin/env bash
# `npm run test:cluster`: the end-to-end tier again, on the production topology instead of the dev
# server (scripts/lib/topology.sh: a Temporal cluster on PostgreSQL with SQL visibility, split into
# its four services, or one process with --single-process), then the topology's own tests through
# HAProxy (test/cluster). Not part of `npm test`: the Temporal server is built from source once
# (about 8 minutes) and the run takes longer. Extra arguments go to Jest.
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
export LOG_LEVEL="${LOG_LEVEL:-warn}"
# One key of the conference answer links for the run: the topology's processes and the tests' own.
ANSWER_LINK_SECRET="$(od -An -vtx1 -N32 /dev/urandom | tr -d ' \n')"
export ANSWER_LINK_SECRET
PG_FSYNC=off start_topology "$DATA" "$mode"
export LOG_LEVEL=silent
say "running the end-to-end tier on the cluster ($mode) and the topology's tests"
ci_flag=()
[ -n "${CI:-}" ] && ci_flag=(--ci)
CMM_CLUSTER_TESTS=1 TZ=UTC node_modules/.bin/jest "${ci_flag[@]}" --maxWorkers=2 --selectProjects e2e cluster \
  --testPathIgnorePatterns '/test/cluster/faults' "$@"
# The faults last and alone: a PostgreSQL restart would cut the other tests' connections too.
say "running the fault tests on the cluster"
status=0
CMM_CLUSTER_TESTS=1 TZ=UTC node_modules/.bin/jest "${ci_flag[@]}" --runInBand --selectProjects cluster test/cluster/faults "$@" || status=$?
# Their figures (the README's table under "Under faults"), kept past the run's directory.
if [ -f "$DATA/fault-results.json" ]; then
  cp "$DATA/fault-results.json" "$ROOT/.data/fault-results.json"
  say "fault figures (.data/fault-results.json):"
  cat "$DATA/fault-results.json" >&2
fi
exit "$status"
