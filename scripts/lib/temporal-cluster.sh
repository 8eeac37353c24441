# Sourced after common.sh and services.sh. Temporal's own server (not the dev server) on our
# PostgreSQL: persistence and SQL visibility in two databases the schema tool creates and
# upgrades, the four services (frontend, history, matching, worker) either in one process or
# in one process each. What production runs, small: see docs/deployment.md and docs/operations.md.

# numHistoryShards is fixed when the persistence is first set up and cannot change afterwards;
# 4 suits a machine of two cores (production: see docs/deployment.md).
TEMPORAL_CLUSTER_SHARDS=4

# A free port below 32768: Temporal stores its services' ports in cluster_membership as a
# PostgreSQL smallint, and the kernel's ephemeral ports (free_port) are above it.
free_low_port() {
  local port tries=0
  while [ "$tries" -lt 200 ]; do
    port=$((20000 + RANDOM % 12000))
    if port_is_free "$port"; then
      echo "$port"
      return
    fi
    tries=$((tries + 1))
  done
  die "no free port between 20000 and 32000"
}

# Writes <dir>/config.yaml (all services in one process) and <dir>/config-<service>.yaml (one
# process each: they differ only in their Prometheus port, one per process), with
# <dir>/dynamicconfig.yaml; the frontend listens on <frontend_port>, the others on free ports.
write_temporal_cluster_config() { # dir pg_port frontend_port
  local dir=$1 pg_port=$2 frontend_port=$3
  mkdir -p "$dir"
  local http_port history_port matching_port worker_port m_frontend m_history m_matching m_worker
  http_port=$(free_low_port); history_port=$(free_low_port); matching_port=$(free_low_port); worker_port=$(free_low_port)
  m_frontend=$(free_low_port); m_history=$(free_low_port); m_matching=$(free_low_port); m_worker=$(free_low_port)
  cat >"$dir/dynamicconfig.yaml" <<YAML
# A search attribute the worker registers is usable at once (otherwise after the cache's refresh).
system.forceSearchAttributesCacheRefreshOnRead:
  - value: true
    constraints: {}
YAML
  local store
  store() { # name database max_conns
    cat <<YAML
    $1:
      sql:
        pluginName: "postgres12"
        databaseName: "$2"
        connectAddr: "127.0.0.1:$pg_port"
        connectProtocol: "tcp"
        user: "cmm"
        password: ""
        maxConns: $3
        maxIdleConns: $3
        maxConnLifetime: "1h"
YAML
  }
  local service
  service() { # name grpc membership [http]
    printf '  %s:\n    rpc:\n      grpcPort: %s\n      membershipPort: %s\n      bindOnLocalHost: true\n' "$1" "$2" "$3"
    [ -n "${4:-}" ] && printf '      httpPort: %s\n' "$4"
    return 0
  }
  {
    cat <<YAML
log:
  stdout: true
  level: warn
persistence:
  defaultStore: default
  visibilityStore: visibility
  numHistoryShards: $TEMPORAL_CLUSTER_SHARDS
  datastores:
YAML
    store default temporal 20
    store visibility temporal_visibility 10
    cat <<YAML
global:
  membership:
    maxJoinDuration: 30s
    broadcastAddress: "127.0.0.1"
  metrics:
    prometheus:
      framework: "tally"
      timerType: "histogram"
      listenAddress: "127.0.0.1:@METRICS_PORT@"
services:
YAML
    service frontend "$frontend_port" "$m_frontend" "$http_port"
    service history "$history_port" "$m_history"
    service matching "$matching_port" "$m_matching"
    service worker "$worker_port" "$m_worker"
    cat <<YAML
clusterMetadata:
  enableGlobalNamespace: false
  failoverVersionIncrement: 10
  masterClusterName: "active"
  currentClusterName: "active"
  clusterInformation:
    active:
      enabled: true
      initialFailoverVersion: 1
      rpcName: "frontend"
      rpcAddress: "127.0.0.1:$frontend_port"
dcRedirectionPolicy:
  policy: "noop"
dynamicConfigClient:
  filepath: "$dir/dynamicconfig.yaml"
  pollInterval: "10s"
YAML
  } >"$dir/config.template.yaml"
  local name port
  : >"$dir/metrics.ports"
  for name in all frontend history matching worker; do
    port=$(free_port)
    echo "$name $port" >>"$dir/metrics.ports"
    local file="$dir/config-$name.yaml"
    [ "$name" = all ] && file="$dir/config.yaml"
    sed "s/@METRICS_PORT@/$port/" "$dir/config.template.yaml" >"$file"
  done
}

# Creates (once) and upgrades (every start) the two databases with Temporal's schema tool, as an
# upgrade of the server in production does before its new version starts.
setup_temporal_schema() { # pg_port log_file
  local pg_port=$1 log=$2 db kind
  ensure_temporal_server
  for db in temporal temporal_visibility; do
    kind=temporal
    [ "$db" = temporal_visibility ] && kind=visibility
    local tool=("$TEMPORAL_SQL_TOOL" --plugin postgres12 --ep 127.0.0.1 -p "$pg_port" -u cmm --db "$db")
    if ! pg_run "$PG_BIN/psql" -h 127.0.0.1 -p "$pg_port" -U cmm -d postgres -Atqc "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1; then
      "${tool[@]}" create-database >>"$log" 2>&1 || die "temporal-sql-tool could not create $db (see $log)"
      "${tool[@]}" setup-schema -v 0.0 >>"$log" 2>&1 || die "temporal-sql-tool could not set up $db (see $log)"
    fi
    # The versioned schema is embedded in the tool: it always matches the server built with it.
    "${tool[@]}" update-schema --schema-name "postgresql/v12/$kind" >>"$log" 2>&1 \
      || die "temporal-sql-tool could not upgrade $db (see $log)"
  done
}

# Starts the cluster: `single` runs the four services in one process, `split` one process each
# . Exports TEMPORAL_ADDRESS.
start_temporal_cluster() { # dir pg_port frontend_port mode
  local dir=$1 pg_port=$2 frontend_port=$3 mode=${4:-split} service
  ensure_temporal_server
  mkdir -p "$dir"
  setup_temporal_schema "$pg_port" "$dir/schema.log"
  write_temporal_cluster_config "$dir" "$pg_port" "$frontend_port"
  # Each process under the supervisor of `npm start` (its own state file, <dir>/processes.json):
  # a service that dies is started again, as an orchestrator would, and the fault tests find
  # its pid there.
  local specs=()
  if [ "$mode" = single ]; then
    printf '#!/bin/sh\nexec "%s" --config-file "%s" --allow-no-auth start --service frontend --service history --service matching --service worker\n' \
      "$TEMPORAL_SERVER_BIN" "$dir/config.yaml" >"$dir/temporal.sh"
    chmod +x "$dir/temporal.sh"
    specs=("temporal=$dir/temporal.sh")
  else
    for service in history matching worker frontend; do
      printf '#!/bin/sh\nexec "%s" --config-file "%s" --allow-no-auth start --service %s\n' \
        "$TEMPORAL_SERVER_BIN" "$dir/config-$service.yaml" "$service" >"$dir/temporal-$service.sh"
      chmod +x "$dir/temporal-$service.sh"
      specs+=("temporal-$service=$dir/temporal-$service.sh")
    done
  fi
  node "$ROOT/scripts/supervise.js" "$dir/processes.json" "$dir" "${specs[@]}" >>"$dir/supervisor.log" 2>&1 &
  SERVICE_PIDS+=($!)
  wait_for_port temporal-frontend "$frontend_port" 180
  export TEMPORAL_ADDRESS="127.0.0.1:$frontend_port"
  ensure_temporal_cli
  # The namespace the applications use; a cluster has none until an operator creates it.
  local waited=0
  until "$TEMPORAL_BIN" operator namespace describe --address "$TEMPORAL_ADDRESS" --namespace "${TEMPORAL_NAMESPACE:-default}" >/dev/null 2>&1; do
    "$TEMPORAL_BIN" operator namespace create --address "$TEMPORAL_ADDRESS" --namespace "${TEMPORAL_NAMESPACE:-default}" \
      --retention 720h >/dev/null 2>&1 || true
    waited=$((waited + 1))
    [ "$waited" -ge 60 ] && die "the Temporal cluster did not create namespace ${TEMPORAL_NAMESPACE:-default} (see $dir/*.log)"
    sleep 1
  done
}
