# Sourced after common.sh, services.sh and temporal-cluster.sh. The production topology, small:
# PostgreSQL, Redis, a Temporal cluster on that PostgreSQL, two API processes behind HAProxy, two
# workers and two notifiers under the supervisor, a mail catcher and the development identity
# provider unless SMTP_URL / AUTH_JWKS_URL point elsewhere. Used by `npm run cluster` and by
# `npm run test:cluster`; docs/operations.md ("The cluster topology") describes it.

ensure_haproxy() {
  command -v haproxy >/dev/null 2>&1 || [ -x /usr/sbin/haproxy ] || apt_install haproxy
  HAPROXY_BIN=$(command -v haproxy || echo /usr/sbin/haproxy)
}

# HAProxy in front of the API processes: round robin, each checked on GET /status every second
# and taken out after two failures. A request that never reached a server is sent to the other
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
  option httpchk GET /status
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

# Starts everything under <data_dir>; `single` or `split` Temporal. Exports CLUSTER_URL (the
# balancer), CLUSTER_API_PORTS, CLUSTER_DATA, TEMPORAL_ADDRESS, DATABASE_URL, REDIS_URL, SMTP_URL,
# MAIL_WEB_PORT (the mail catcher's), DEV_ISSUER_DIR, AUTH_ISSUER and SUPERVISOR_PID.
start_topology() { # data_dir mode
  local data=$1 mode=${2:-split}
  mkdir -p "$data/logs"
  [ -n "${DATABASE_URL:-}" ] || PG_FSYNC="${PG_FSYNC:-on}" start_postgres "$data/postgres" "$(free_port)"
  local pg_port
  pg_port=$(node -e "console.log(new URL(process.argv[1]).port || 5432)" "$DATABASE_URL")
  [ -n "${REDIS_URL:-}" ] || start_redis "$data/redis" "$(free_port)"
  start_temporal_cluster "$data/temporal" "$pg_port" "$(free_port)" "$mode"
  export CLUSTER_DATA="$data"
  if [ -z "${SMTP_URL:-}" ]; then
    export MAIL_WEB_PORT
    MAIL_WEB_PORT=$(free_port)
    start_maildev "$(free_port)" "$MAIL_WEB_PORT"
  fi
  export DOCUMENTS_DIR="$data/documents" DEV_ISSUER_DIR="$data/dev-issuer"
  mkdir -p "$DOCUMENTS_DIR"
  node dist/apps/cli/src/main.js migrate
  node dist/apps/cli/src/main.js seed --demo-contacts

  local lb_port api1 api2
  lb_port=${CLUSTER_PORT:-$(free_port)}
  api1=$(free_port)
  api2=$(free_port)
  export CLUSTER_URL="http://127.0.0.1:$lb_port" CLUSTER_API_PORTS="$api1 $api2"
  export PUBLIC_URL="${PUBLIC_URL:-$CLUSTER_URL}"
  if [ -z "${AUTH_JWKS_URL:-}" ] && [ -z "${AUTH_JWKS_FILE:-}" ]; then
    local idp_port
    idp_port=$(free_port)
    IDP_URL="http://127.0.0.1:$idp_port"
    IDP_PORT="$idp_port" IDP_ISSUER="$IDP_URL" IDP_WEB_ORIGINS="$CLUSTER_URL" \
      node dist/apps/dev-idp/src/main.js >>"$data/logs/dev-idp.log" 2>&1 &
    SERVICE_PIDS+=($!)
    wait_for_port dev-idp "$idp_port" 60
    export AUTH_ISSUER="$IDP_URL" AUTH_JWKS_URL="$IDP_URL/jwks" WEB_OIDC_AUTHORITY="$IDP_URL" WEB_ENVIRONMENT=development
  fi
  if [ -z "${ANSWER_LINK_SECRET:-}" ]; then
    ANSWER_LINK_SECRET="$(od -An -vtx1 -N32 /dev/urandom | tr -d ' \n')"
    export ANSWER_LINK_SECRET
  fi
  # API processes bind to loopback and are reached through the balancer; the supervisor
  # restarts any process that dies, as an orchestrator would.
  node scripts/supervise.js "$data/processes.json" "$data/logs" \
    "api-1=dist/apps/api/src/main.js,API_PORT=$api1" "api-2=dist/apps/api/src/main.js,API_PORT=$api2" \
    worker-1=dist/apps/worker/src/main.js worker-2=dist/apps/worker/src/main.js \
    notifier-1=dist/apps/notifier/src/main.js notifier-2=dist/apps/notifier/src/main.js \
    >>"$data/logs/supervisor.log" 2>&1 &
  SUPERVISOR_PID=$!
  wait_for_port api-1 "$api1" 120
  wait_for_port api-2 "$api2" 120
  start_api_balancer "$data/haproxy" "$lb_port" "$api1" "$api2"
}

stop_topology() {
  if [ -n "${SUPERVISOR_PID:-}" ]; then
    kill -TERM "$SUPERVISOR_PID" 2>/dev/null || true
    wait "$SUPERVISOR_PID" 2>/dev/null || true
    SUPERVISOR_PID=""
  fi
  stop_services
}
