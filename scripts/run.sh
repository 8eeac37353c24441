#!/usr/bin/env bash
# `npm start`: installs what is missing, starts PostgreSQL, Redis, the Temporal dev server
# (with its UI) and a mail catcher under .data/ (unless DATABASE_URL, REDIS_URL,
# TEMPORAL_ADDRESS or SMTP_URL point elsewhere), migrates, seeds, starts the API and the
# worker and the notifier under a supervisor that restarts one that dies, and prints the URLs.
# Ctrl-C stops everything it started; data stays in .data/.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
source "$(dirname "$0")/lib/services.sh"
cd "$ROOT"

ensure_node_modules
bash scripts/build.sh --if-stale
mkdir -p .data/logs

# Ports are remembered so the URLs stay the same from one run to the next.
PORTS_FILE=.data/ports.env
[ -f "$PORTS_FILE" ] && source "$PORTS_FILE"
API_PORT=$(pick_port "${API_PORT:-3000}")
PG_PORT=$(pick_port "${PG_PORT:-5433}")
REDIS_PORT=$(pick_port "${REDIS_PORT:-6380}")
TEMPORAL_PORT=$(pick_port "${TEMPORAL_PORT:-7233}")
TEMPORAL_UI_PORT=$(pick_port "${TEMPORAL_UI_PORT:-8233}")
SMTP_PORT=$(pick_port "${SMTP_PORT:-1025}")
MAIL_WEB_PORT=$(pick_port "${MAIL_WEB_PORT:-1080}")
IDP_PORT=$(pick_port "${IDP_PORT:-3100}")
# Prometheus metrics, one port per process (docs/operations.md, Metrics; deploy/prometheus/prometheus.yml).
METRICS_PORT_API=$(pick_port "${METRICS_PORT_API:-9464}")
METRICS_PORT_WORKER=$(pick_port "${METRICS_PORT_WORKER:-9465}")
METRICS_PORT_NOTIFIER=$(pick_port "${METRICS_PORT_NOTIFIER:-9466}")
cat >"$PORTS_FILE" <<PORTS
API_PORT=$API_PORT
PG_PORT=$PG_PORT
REDIS_PORT=$REDIS_PORT
TEMPORAL_PORT=$TEMPORAL_PORT
TEMPORAL_UI_PORT=$TEMPORAL_UI_PORT
SMTP_PORT=$SMTP_PORT
MAIL_WEB_PORT=$MAIL_WEB_PORT
IDP_PORT=$IDP_PORT
METRICS_PORT_API=$METRICS_PORT_API
METRICS_PORT_WORKER=$METRICS_PORT_WORKER
METRICS_PORT_NOTIFIER=$METRICS_PORT_NOTIFIER
PORTS

# `npm start | tee log` then Ctrl-C: tee is gone before we are. A write to its pipe must not
# kill this script (SIGPIPE) half-way through the shutdown and leave PostgreSQL running.
trap '' PIPE
SUPERVISOR_PID=""
shutdown() {
  trap - EXIT INT TERM
  say "stopping" || true
  # The applications first (they still need the database to finish), then the services.
  if [ -n "$SUPERVISOR_PID" ]; then
    kill -TERM "$SUPERVISOR_PID" || true
    wait "$SUPERVISOR_PID" || true
  fi
  stop_services
  say "stopped; data kept in .data/" || true
}
trap shutdown EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

temporal_ui="(external Temporal: see its own UI)"
mail_ui="(external SMTP server)"
[ -n "${DATABASE_URL:-}" ] || start_postgres "$ROOT/.data/postgres" "$PG_PORT"
[ -n "${REDIS_URL:-}" ] || start_redis "$ROOT/.data/redis" "$REDIS_PORT"
if [ -z "${TEMPORAL_ADDRESS:-}" ]; then
  start_temporal "$ROOT/.data/temporal" "$TEMPORAL_PORT" "$TEMPORAL_UI_PORT" yes
  temporal_ui="http://127.0.0.1:$TEMPORAL_UI_PORT"
fi
seed_flags=()
if [ -z "${SMTP_URL:-}" ]; then
  start_maildev "$SMTP_PORT" "$MAIL_WEB_PORT"
  mail_ui="http://127.0.0.1:$MAIL_WEB_PORT"
  # Every message lands in the mail catcher: placeholder PECs make convocations visible there.
  seed_flags=(--demo-contacts)
fi

node dist/apps/cli/src/main.js migrate
node dist/apps/cli/src/main.js seed "${seed_flags[@]}"
# Without an identity provider configured, the development identity provider (apps/dev-idp,
# oidc-provider) signs users in for the web app; it signs with the development issuer's key
# under .data/dev-issuer, which the CLI's `token` command shares (tokens for scripts).
idp_ui="(external identity provider: AUTH_JWKS_URL / AUTH_JWKS_FILE)"
WEB_URL="http://127.0.0.1:$API_PORT"
if [ -z "${AUTH_JWKS_URL:-}" ] && [ -z "${AUTH_JWKS_FILE:-}" ]; then
  IDP_URL="http://127.0.0.1:$IDP_PORT"
  IDP_PORT="$IDP_PORT" IDP_ISSUER="$IDP_URL" \
    IDP_WEB_ORIGINS="$WEB_URL,http://localhost:$API_PORT,http://127.0.0.1:5173,http://localhost:5173" \
    node dist/apps/dev-idp/src/main.js > >(trap '' INT TERM; exec tee -a .data/logs/dev-idp.log) 2>&1 &
  # Stopped with the services on exit (it holds its port: a survivor moves the next sign-in page elsewhere).
  SERVICE_PIDS+=($!)
  wait_for_port dev-idp "$IDP_PORT" 60
  export AUTH_ISSUER="$IDP_URL" AUTH_JWKS_URL="$IDP_URL/jwks" WEB_OIDC_AUTHORITY="$IDP_URL" WEB_ENVIRONMENT=development
  idp_ui="$IDP_URL   (development sign-in: funzionario1 … / password sviluppo)"
fi
# Every notice's case link opens the web app's case page (/pratiche/<id>), served by the API.
export PUBLIC_URL="${PUBLIC_URL:-$WEB_URL}"

# The key of the answer links in conference convocations: generated once, kept with the data,
# so links already sent keep working after a restart. Set ANSWER_LINK_SECRET to use your own.
if [ -z "${ANSWER_LINK_SECRET:-}" ]; then
  if [ ! -s "$ROOT/.data/answer-link.secret" ]; then
    (umask 077 && od -An -vtx1 -N32 /dev/urandom | tr -d ' \n' > "$ROOT/.data/answer-link.secret")
  fi
  ANSWER_LINK_SECRET="$(cat "$ROOT/.data/answer-link.secret")"
fi
export ANSWER_LINK_SECRET

export API_PORT
# The supervisor gives each application its own METRICS_PORT from these.
export METRICS_PORT_API METRICS_PORT_WORKER METRICS_PORT_NOTIFIER
# One supervisor for the applications: it restarts one that dies (with backoff, logged, in
# GET /status under `processes`), appends their output to .data/logs/, and stops them all only
# when we stop it.
node scripts/supervise.js .data/processes.json .data/logs \
  worker=dist/apps/worker/src/main.js notifier=dist/apps/notifier/src/main.js api=dist/apps/api/src/main.js &
SUPERVISOR_PID=$!
wait_for_port api "$API_PORT" 60
web_note="(sign in through the identity provider)"
[ -f "$ROOT/dist/apps/web/index.html" ] || web_note="(not built: apps/web has no vite config yet)"

cat >&2 <<URLS

  CMM procedure engine is running
  Web app        $WEB_URL/        $web_note
  API            http://127.0.0.1:$API_PORT        (GET /status)
  API docs       http://127.0.0.1:$API_PORT/docs   (OpenAPI JSON: /docs-json)
  Temporal UI    $temporal_ui
  Mail catcher   $mail_ui
  Sign-in        $idp_ui
  Metrics        http://127.0.0.1:$METRICS_PORT_API/metrics (API)  :$METRICS_PORT_WORKER/metrics (worker)  :$METRICS_PORT_NOTIFIER/metrics (notifier)
  Dev token      npm run -s cli -- token --role officer   (or --role comune --istat 015146)
  Logs           .data/logs/   Data: .data/   Stop: Ctrl-C

URLS

# Stay up until Ctrl-C; the supervisor ends only if it is itself killed.
wait "$SUPERVISOR_PID" || true
say "the supervisor exited; see .data/logs" || true
exit 1
