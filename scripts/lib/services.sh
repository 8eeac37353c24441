# Starts the real components under a data directory and stops them on exit.
# Sourced after common.sh. Each start_* exports the URL the applications read.

SERVICE_PIDS=()
PG_DATA=""

# PostgreSQL refuses to run as root: as root the cluster belongs to the `postgres` system
# user (created by Debian's package), who must be able to reach the data directory.
pg_run() {
  if is_root; then runuser -u postgres -- "$@"; else "$@"; fi
}

start_postgres() { # data_dir port
  local dir=$1 port=$2
  ensure_postgres_binaries
  mkdir -p "$dir"
  if is_root; then
    id postgres >/dev/null 2>&1 || die "user 'postgres' missing; install Debian's postgresql package"
    chown postgres "$dir"
    pg_run test -w "$dir" || die "user postgres cannot write $dir: clone the repository where other users can traverse the path, or set DATABASE_URL"
  fi
  if [ ! -f "$dir/PG_VERSION" ]; then
    say "initialising PostgreSQL cluster in $dir"
    pg_run "$PG_BIN/initdb" -D "$dir" -U cmm --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null \
      || die "initdb failed"
  fi
  pg_run "$PG_BIN/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=${PG_FSYNC:-on}" start >/dev/null \
    || die "PostgreSQL did not start (see $dir/server.log)"
  PG_DATA="$dir"
  pg_run "$PG_BIN/psql" -h 127.0.0.1 -p "$port" -U cmm -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='cmm'" | grep -q 1 \
    || pg_run "$PG_BIN/createdb" -h 127.0.0.1 -p "$port" -U cmm cmm
  export DATABASE_URL="postgres://cmm@127.0.0.1:$port/cmm"
}

stop_postgres() {
  if [ -n "$PG_DATA" ] && [ -f "$PG_DATA/postmaster.pid" ]; then
    pg_run "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null 2>&1 || true
  fi
  PG_DATA=""
}

# BullMQ must lose nothing: append-only persistence and no eviction. The settings are written to
# <data_dir>/redis.conf, so the fault tests can start the same server again after stopping it.
start_redis() { # data_dir port
  local dir=$1 port=$2
  ensure_redis_binary
  mkdir -p "$dir"
  cat >"$dir/redis.conf" <<CONF
port $port
bind 127.0.0.1
dir $dir
appendonly yes
appendfsync everysec
maxmemory-policy noeviction
save ""
daemonize no
logfile $dir/redis.log
pidfile $dir/redis.pid
CONF
  redis-server "$dir/redis.conf" &
  SERVICE_PIDS+=($!)
  wait_for_port redis "$port" 30
  export REDIS_URL="redis://127.0.0.1:$port"
}

start_temporal() { # data_dir port ui_port(empty = no UI) persist(yes|no)
  local dir=$1 port=$2 ui_port=$3 persist=$4 log
  mkdir -p "$dir" "$ROOT/.data/logs"
  log="$dir/temporal.log"
  local db_args=()
  [ "$persist" = yes ] && db_args=(--db-filename "$dir/temporal.db")
  ensure_temporal_cli
  if [ -n "$TEMPORAL_BIN" ]; then
    local ui_args=(--headless)
    [ -n "$ui_port" ] && ui_args=(--ui-port "$ui_port")
    "$TEMPORAL_BIN" server start-dev --ip 127.0.0.1 --port "$port" "${ui_args[@]}" "${db_args[@]}" \
      --log-level warn >"$log" 2>&1 &
  else
    node "$ROOT/scripts/temporal-dev-server.js" --port "$port" --ui-port "${ui_port:-}" "${db_args[@]}" >"$log" 2>&1 &
  fi
  SERVICE_PIDS+=($!)
  wait_for_port temporal "$port" 120
  export TEMPORAL_ADDRESS="127.0.0.1:$port"
}

start_maildev() { # smtp_port web_port
  "$ROOT/node_modules/.bin/maildev" --ip 127.0.0.1 --smtp "$1" --web "$2" --silent >"$ROOT/.data/logs/maildev.log" 2>&1 &
  SERVICE_PIDS+=($!)
  wait_for_port maildev "$1" 30
  export SMTP_URL="smtp://127.0.0.1:$1"
}

stop_services() {
  local pid
  for pid in "${SERVICE_PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${SERVICE_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  SERVICE_PIDS=()
  stop_postgres
}
