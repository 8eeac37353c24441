# Sourced after common.sh, services.sh and temporal-cluster.sh. The production topology, small:
# PostgreSQL, Redis, a Temporal cluster on that PostgreSQL, two API processes behind HAProxy, two
# workers and two notifiers under the supervisor, a mail catcher and the development identity
# provider unless SMTP_URL / AUTH_JWKS_URL point elsewhere. Used by `npm run cluster`,
# `npm run test:cluster` and `npm run test:faults`; docs/operations.md ("The cluster topology")
# describes it. Mode `dev` puts Temporal's development server (SQLite, kept on disk) in place of
# the cluster, under a supervisor of its own like the cluster's services.

ensure_haproxy() {
  command -v haproxy >/dev/null 2>&1 || [ -x /usr/sbin/haproxy ] || apt_install haproxy
  HAPROXY_BIN=$(command -v haproxy || echo /usr/sbin/haproxy)
}

# HAProxy in front of the API processes: round robin, each checked on GET /status/ready every
# second (the process answers; not the shared PostgreSQL, Redis and Temporal, whose outage would
# take every process out at once) and taken out after two failures. A request that never reached a server is sent to the other
# one; a GET whose server died before answering (a pooled connection to a killed process) is
# sent again too. Any other method is never sent twice: a POST in flight on a process that dies
# gets 502 and the client repeats it (submissions are idempotent by their business key).
start_api_balancer() { # dir port api_port...
  local dir=$1 port=$2
  shift 2
  ensure_haproxy
  mkdir -p "$dir"
  {
    cat <<CFG
global
  log stdout format raw local0 notice
defaults
  mode http
  log global
  option httplog
  timeout connect 5s
  timeout client 300s
  timeout server 300s
  retries 2
  option redispatch
  retry-on conn-failure empty-response response-timeout
frontend api
  bind 127.0.0.1:$port
  default_backend apis
backend apis
  balance roundrobin
  http-request disable-l7-retry if !METH_GET !METH_OPTIONS
  option httpchk GET /status/ready
  http-check expect status 200
CFG
    local n=0 api_port
    for api_port in "$@"; do
      n=$((n + 1))
      echo "  server api-$n 127.0.0.1:$api_port check inter 1s fall 2 rise 2"
    done
  } >"$dir/haproxy.cfg"
  "$HAPROXY_BIN" -c -q -f "$dir/haproxy.cfg" || die "HAProxy refused $dir/haproxy.cfg"
  "$HAPROXY_BIN" -W -db -f "$dir/haproxy.cfg" >"$dir/haproxy.log" 2>&1 &
  SERVICE_PIDS+=($!)
  wait_for_port haproxy "$port" 30
}

# Starts everything under <data_dir>; `single` or `split` Temporal. The applications' settings are
# theirs alone (the caller's environment keeps no AUTH_*, SMTP_URL or DOCUMENTS_DIR of the
# topology: `npm run test:cluster` runs other tests next to it); exported are DATABASE_URL,
# REDIS_URL, TEMPORAL_ADDRESS (the cluster's services), CLUSTER_URL (the balancer),
# CLUSTER_API_PORTS, CLUSTER_DATA, CLUSTER_ISSUER_DIR and CLUSTER_AUTH_ISSUER (to sign tokens the
# APIs accept), CLUSTER_MAIL_WEB_PORT (the mail catcher's web API) and SUPERVISOR_PID.
start_topology() { # data_dir mode(split|single|dev)
  local data=$1 mode=${2:-split}
  TOPOLOGY_DATA=$data
  mkdir -p "$data/logs"
  [ -n "${DATABASE_URL:-}" ] || PG_FSYNC="${PG_FSYNC:-on}" start_postgres "$data/postgres" "$(free_port)"
  local pg_port
  pg_port=$(node -e "console.log(new URL(process.argv[1]).port || 5432)" "$DATABASE_URL")
  [ -n "${REDIS_URL:-}" ] || start_redis "$data/redis" "$(free_port)"
  if [ "$mode" = dev ]; then
    start_supervised_dev_server "$data/temporal" "$(free_port)"
  else
    start_temporal_cluster "$data/temporal" "$pg_port" "$(free_port)" "$mode"
  fi

  local lb_port api1 api2 smtp_url="${SMTP_URL:-}"
  lb_port=${CLUSTER_PORT:-$(free_port)}
  api1=$(free_port)
  api2=$(free_port)
  export CLUSTER_URL="http://127.0.0.1:$lb_port" CLUSTER_API_PORTS="$api1 $api2" CLUSTER_DATA="$data"
  export CLUSTER_ISSUER_DIR="$data/dev-issuer" CLUSTER_MAIL_WEB_PORT=""
  if [ -z "$smtp_url" ]; then
    local smtp_port
    smtp_port=$(free_port)
    CLUSTER_MAIL_WEB_PORT=$(free_port)
    "$ROOT/node_modules/.bin/maildev" --ip 127.0.0.1 --smtp "$smtp_port" --web "$CLUSTER_MAIL_WEB_PORT" --silent \
      >"$data/logs/maildev.log" 2>&1 &
    SERVICE_PIDS+=($!)
    wait_for_port maildev "$smtp_port" 30
    smtp_url="smtp://127.0.0.1:$smtp_port"
    # The fault suite's SMTP faults: the notifiers send through a relay it can make fail.
    if [ "${TOPOLOGY_SMTP_GATE:-}" = 1 ]; then
      local gate_port control_port
      gate_port=$(free_port)
      control_port=$(free_port)
      node "$ROOT/scripts/smtp-fault-gate.js" "$gate_port" "$smtp_port" "$control_port" >"$data/logs/smtp-fault-gate.log" 2>&1 &
      SERVICE_PIDS+=($!)
      wait_for_port smtp-fault-gate "$control_port" 30
      export CLUSTER_SMTP_GATE_URL="http://127.0.0.1:$control_port"
      smtp_url="smtp://127.0.0.1:$gate_port"
    fi
  fi
  local app_env=(
    "SMTP_URL=$smtp_url" "DOCUMENTS_DIR=$data/documents" "DEV_ISSUER_DIR=$CLUSTER_ISSUER_DIR"
    "PUBLIC_URL=${PUBLIC_URL:-$CLUSTER_URL}" "ANSWER_LINK_SECRET=${ANSWER_LINK_SECRET:-$(od -An -vtx1 -N32 /dev/urandom | tr -d ' \n')}"
  )
  mkdir -p "$data/documents"
  env "${app_env[@]}" node dist/apps/cli/src/main.js migrate
  env "${app_env[@]}" node dist/apps/cli/src/main.js seed --demo-contacts
  if [ -n "${AUTH_JWKS_URL:-}" ] || [ -n "${AUTH_JWKS_FILE:-}" ]; then
    export CLUSTER_AUTH_ISSUER="${AUTH_ISSUER:-}"
  else
    local idp_port
    idp_port=$(free_port)
    export CLUSTER_AUTH_ISSUER="http://127.0.0.1:$idp_port"
    env "${app_env[@]}" IDP_PORT="$idp_port" IDP_ISSUER="$CLUSTER_AUTH_ISSUER" IDP_WEB_ORIGINS="$CLUSTER_URL" \
      node dist/apps/dev-idp/src/main.js >>"$data/logs/dev-idp.log" 2>&1 &
    SERVICE_PIDS+=($!)
    wait_for_port dev-idp "$idp_port" 60
    app_env+=("AUTH_ISSUER=$CLUSTER_AUTH_ISSUER" "AUTH_JWKS_URL=$CLUSTER_AUTH_ISSUER/jwks"
      "WEB_OIDC_AUTHORITY=$CLUSTER_AUTH_ISSUER" "WEB_ENVIRONMENT=development")
  fi
  # API processes bind to loopback and are reached through the balancer; the supervisor
  # restarts any process that dies, as an orchestrator would. Each serves its Prometheus
  # metrics on a port of its own, listed in <data>/metrics.ports.
  local name specs=() entry
  : >"$data/metrics.ports"
  for name in api-1 api-2 worker-1 worker-2 notifier-1 notifier-2; do
    entry="dist/apps/${name%-*}/src/main.js,METRICS_PORT=$(free_port)"
    [ "$name" = api-1 ] && entry="$entry,API_PORT=$api1"
    [ "$name" = api-2 ] && entry="$entry,API_PORT=$api2"
    echo "$name ${entry##*METRICS_PORT=}" | cut -d, -f1 >>"$data/metrics.ports"
    specs+=("$name=$entry")
  done
  env "${app_env[@]}" node scripts/supervise.js "$data/processes.json" "$data/logs" "${specs[@]}" \
    >>"$data/logs/supervisor.log" 2>&1 &
  SUPERVISOR_PID=$!
  wait_for_port api-1 "$api1" 120
  wait_for_port api-2 "$api2" 120
  start_api_balancer "$data/haproxy" "$lb_port" "$api1" "$api2"
}

# Temporal's development server as the topology's Temporal, on SQLite kept under <dir>, under a
# supervisor of its own (<dir>/processes.json, process `temporal`): killed, it is started again
# on the same file and port, as the cluster's services are.
start_supervised_dev_server() { # dir port
  local dir=$1 port=$2
  mkdir -p "$dir"
  ensure_temporal_cli
  if [ -n "$TEMPORAL_BIN" ]; then
    printf '#!/bin/sh\nexec "%s" server start-dev --ip 127.0.0.1 --port %s --headless --db-filename "%s" --log-level warn\n' \
      "$TEMPORAL_BIN" "$port" "$dir/temporal.db" >"$dir/temporal.sh"
  else
    printf '#!/bin/sh\nexec node "%s" --port %s --ui-port "" --db-filename "%s"\n' \
      "$ROOT/scripts/temporal-dev-server.js" "$port" "$dir/temporal.db" >"$dir/temporal.sh"
  fi
  chmod +x "$dir/temporal.sh"
  node "$ROOT/scripts/supervise.js" "$dir/processes.json" "$dir" "temporal=$dir/temporal.sh" >>"$dir/supervisor.log" 2>&1 &
  SERVICE_PIDS+=($!)
  wait_for_port temporal "$port" 120
  export TEMPORAL_ADDRESS="127.0.0.1:$port"
}

stop_topology() {
  if [ -n "${SUPERVISOR_PID:-}" ]; then
    kill -TERM "$SUPERVISOR_PID" 2>/dev/null || true
    wait "$SUPERVISOR_PID" 2>/dev/null || true
    SUPERVISOR_PID=""
  fi
  # A Redis the fault suite stopped and started again is not this shell's child.
  local redis_pid_file="${TOPOLOGY_DATA:-}/redis/redis.pid" pid
  if [ -n "${TOPOLOGY_DATA:-}" ] && [ -f "$redis_pid_file" ]; then
    pid=$(cat "$redis_pid_file")
    grep -q redis-server "/proc/$pid/cmdline" 2>/dev/null && kill -TERM "$pid" 2>/dev/null || true
  fi
  stop_services
}

# The topology of a test run (`npm run test:cluster`, `npm run test:faults`): fsync off, the
# notifiers sending through the SMTP relay the fault suite makes fail and retrying sooner, a fresh
# key of the conference answer links shared by the processes and the tests. The tests themselves
# then log nothing.
start_test_topology() { # data_dir mode
  export LOG_LEVEL="${LOG_LEVEL:-warn}"
  ANSWER_LINK_SECRET="$(od -An -vtx1 -N32 /dev/urandom | tr -d ' \n')"
  export ANSWER_LINK_SECRET
  PG_FSYNC=off TOPOLOGY_SMTP_GATE=1 NOTIFIER_RETRY_BASE_MS=1000 NOTIFIER_RETRY_MAX_MS=8000 start_topology "$1" "$2"
  export LOG_LEVEL=silent
}

# The fault suite (test/fault/*.topology-spec.ts) on the running topology, alone: a PostgreSQL
# restart would cut other tests' connections too. Its figures (the README's "Under faults" table)
# are kept in .data/fault-results-<mode>.json past the run's directory. Extra arguments go to Jest.
run_topology_faults() { # data_dir mode [jest args...]
  local data=$1 mode=$2 status=0
  shift 2
  local ci_flag=()
  [ -n "${CI:-}" ] && ci_flag=(--ci)
  say "running the fault suite on the topology (Temporal: $mode)"
  CMM_TOPOLOGY="$mode" TZ=UTC "$ROOT/node_modules/.bin/jest" "${ci_flag[@]}" --runInBand --selectProjects topology-faults "$@" \
    || status=$?
  if [ -f "$data/fault-results.json" ]; then
    cp "$data/fault-results.json" "$ROOT/.data/fault-results-$mode.json"
    say "fault figures (.data/fault-results-$mode.json):"
    cat "$data/fault-results.json" >&2
  fi
  return "$status"
}
