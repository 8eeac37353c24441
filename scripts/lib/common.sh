# Shared by the project's scripts: paths, logging, free ports, and installing what is missing.
# Sourced, never executed.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CACHE_DIR="${CMM_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/cmm-procedures}"
TEMPORAL_CLI_VERSION="v1.5.1"
TEMPORAL_TEST_SERVER_VERSION="1.38.0"

say() { printf '[cmm] %s\n' "$*" >&2; }
die() { printf '[cmm] error: %s\n' "$*" >&2; exit 1; }

is_root() { [ "$(id -u)" = "0" ]; }

port_is_free() {
  node -e "const s=require('net').createServer();s.once('error',()=>process.exit(1));s.listen($1,'127.0.0.1',()=>s.close(()=>process.exit(0)))"
}

free_port() {
  node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{const p=s.address().port;s.close(()=>console.log(p))})"
}

# The preferred port when it is free, otherwise any free one: stable URLs for people,
# no clash with whatever else runs on the machine.
pick_port() {
  if port_is_free "$1"; then echo "$1"; else free_port; fi
}

wait_for_port() { # name port seconds
  local name=$1 port=$2 limit=${3:-60} waited=0
  until node -e "require('net').connect($port,'127.0.0.1').on('connect',()=>process.exit(0)).on('error',()=>process.exit(1))" 2>/dev/null; do
    waited=$((waited + 1))
    [ "$waited" -ge "$((limit * 2))" ] && die "$name did not open port $port within ${limit}s (see its log under .data/logs)"
    sleep 0.5
  done
}

APT_UPDATED=""
apt_install() { # package...
  is_root || die "missing system package(s) $*; install them (apt-get install $*) or run as root so the scripts can"
  if [ -z "$APT_UPDATED" ]; then
    say "apt-get update"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null || die "apt-get update failed"
    APT_UPDATED=1
  fi
  say "apt-get install $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null \
    || die "apt-get install $* failed"
}

# `npm install --no-save` rather than `npm ci`: it installs exactly the lockfile's versions,
# but tolerates what `npm ci` refuses here, optional packages of other platforms (darwin,
# win32 builds of @swc/core...) that the reachable registry does not serve and the lockfile
# therefore cannot list.
# Installed again when the lockfile's content changed, not its time: a fresh clone or a new git
# worktree gives every file a new mtime, and comparing times reinstalled what was already there.
ensure_node_modules() {
  local stamp="$ROOT/node_modules/.cmm-lockfile.sha256" wanted
  wanted=$(sha256sum "$ROOT/package-lock.json" | cut -d' ' -f1)
  if [ ! -f "$ROOT/node_modules/.package-lock.json" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
    say "installing npm dependencies (npm install, as locked)"
    (cd "$ROOT" && npm install --no-save --no-audit --no-fund --loglevel=error >&2) || die "npm install failed"
    echo "$wanted" >"$stamp"
  fi
}

PG_BIN=""
ensure_postgres_binaries() {
  if [ -n "$PG_BIN" ]; then return; fi
  local candidate
  candidate=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$candidate" ] || [ ! -x "$candidate/pg_ctl" ]; then
    apt_install postgresql
    candidate=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  fi
  [ -x "$candidate/pg_ctl" ] || die "PostgreSQL server binaries not found after install"
  PG_BIN="$candidate"
}

ensure_redis_binary() {
  command -v redis-server >/dev/null 2>&1 || apt_install redis-server
  command -v redis-server >/dev/null 2>&1 || die "redis-server not found after install"
}

# Dovecot (Debian's dovecot-imapd) is the real IMAP server of the PEC mailbox tests: each test
# starts its own instance (test/support/dovecot.ts) on a free port, so nothing is started here.
ensure_dovecot() {
  command -v dovecot >/dev/null 2>&1 || [ -x /usr/sbin/dovecot ] || apt_install dovecot-imapd
  command -v dovecot >/dev/null 2>&1 || [ -x /usr/sbin/dovecot ] || die "dovecot not found after install"
}

# The Temporal CLI carries the dev server and its web UI. Order: TEMPORAL_CLI, PATH, our
# cache, a build with Go; without Go, scripts/temporal-dev-server.js asks the SDK for it.
TEMPORAL_BIN=""
ensure_temporal_cli() {
  if [ -n "${TEMPORAL_CLI:-}" ]; then TEMPORAL_BIN="$TEMPORAL_CLI"; return; fi
  if command -v temporal >/dev/null 2>&1; then TEMPORAL_BIN="$(command -v temporal)"; return; fi
  if [ -x "$CACHE_DIR/bin/temporal" ]; then TEMPORAL_BIN="$CACHE_DIR/bin/temporal"; return; fi
  if command -v go >/dev/null 2>&1; then
    say "building the Temporal CLI $TEMPORAL_CLI_VERSION with Go (once, a few minutes) into $CACHE_DIR/bin"
    mkdir -p "$CACHE_DIR/bin"
    GOBIN="$CACHE_DIR/bin" go install "github.com/temporalio/cli/cmd/temporal@$TEMPORAL_CLI_VERSION" >&2 \
      || die "go install github.com/temporalio/cli/cmd/temporal@$TEMPORAL_CLI_VERSION failed"
    TEMPORAL_BIN="$CACHE_DIR/bin/temporal"
    return
  fi
  TEMPORAL_BIN="" # the SDK's cached download is used instead
}

# Temporal's server itself, for `npm run cluster` (production topology on PostgreSQL): built from the
# Go module proxy with the toolchain its go.mod asks for (newer than Debian's Go; the proxy serves it
# through GOTOOLCHAIN), with its SQL schema tool. Exports TEMPORAL_SERVER_BIN and TEMPORAL_SQL_TOOL.
TEMPORAL_SERVER_VERSION="1.32.2"
TEMPORAL_SERVER_GOTOOLCHAIN="go1.27.3"
ensure_temporal_server() {
  local dir="$CACHE_DIR/temporal-server-$TEMPORAL_SERVER_VERSION"
  if [ ! -x "$dir/server" ] || [ ! -x "$dir/sql" ]; then
    command -v go >/dev/null 2>&1 || apt_install golang-go
    say "building Temporal server v$TEMPORAL_SERVER_VERSION and its SQL tool with Go (once; 5-8 minutes on 2 cores)"
    mkdir -p "$dir"
    GOTOOLCHAIN="$TEMPORAL_SERVER_GOTOOLCHAIN" GOBIN="$dir" go install \
      "go.temporal.io/server/cmd/server@v$TEMPORAL_SERVER_VERSION" \
      "go.temporal.io/server/cmd/tools/sql@v$TEMPORAL_SERVER_VERSION" >&2 \
      || die "go install go.temporal.io/server/cmd/server@v$TEMPORAL_SERVER_VERSION failed (GOTOOLCHAIN=$TEMPORAL_SERVER_GOTOOLCHAIN)"
  fi
  export TEMPORAL_SERVER_BIN="$dir/server" TEMPORAL_SQL_TOOL="$dir/sql"
}

# Jaeger (the trace backend of the tracing e2e test, test/support/jaeger.ts): `jaeger` v1.76.0 (the
# OpenTelemetry-collector-based binary) built once from the Go module proxy into the cache. Not with
# `go install …@v1.76.0`: Jaeger's go.mod has a replace directive, which `go install pkg@version`
# refuses, so the module is downloaded from the proxy and built inside it (its go.mod and go.sum then
# apply, replace included). Its web UI is not embedded in such a build (the HTTP query API is all the
# test reads). Exports JAEGER_BIN; JAEGER_BIN set beforehand wins.
JAEGER_VERSION="1.76.0"
JAEGER_GOTOOLCHAIN="go1.27.3"
ensure_jaeger() {
  if [ -n "${JAEGER_BIN:-}" ]; then export JAEGER_BIN; return; fi
  local dir="$CACHE_DIR/jaeger-$JAEGER_VERSION"
  if [ ! -x "$dir/jaeger" ]; then
    command -v go >/dev/null 2>&1 || apt_install golang-go
    say "building Jaeger v$JAEGER_VERSION with Go (once; about 10 minutes on 2 cores)"
    mkdir -p "$dir"
    local module
    module=$(GOTOOLCHAIN="$JAEGER_GOTOOLCHAIN" go mod download -json "github.com/jaegertracing/jaeger@v$JAEGER_VERSION" |
      sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
    [ -n "$module" ] || die "go mod download github.com/jaegertracing/jaeger@v$JAEGER_VERSION failed"
    (cd "$module" && GOTOOLCHAIN="$JAEGER_GOTOOLCHAIN" go build -trimpath -o "$dir/jaeger.tmp" ./cmd/jaeger >&2) \
      || die "building github.com/jaegertracing/jaeger/cmd/jaeger@v$JAEGER_VERSION failed (GOTOOLCHAIN=$JAEGER_GOTOOLCHAIN)"
    mv "$dir/jaeger.tmp" "$dir/jaeger"
  fi
  export JAEGER_BIN="$dir/jaeger"
}

# Temporal's time-skipping test server is the Java one, resolved from Maven Central once.
# Without Maven the workflow tests fall back to the SDK's own download.
ensure_test_server() {
  if [ -n "${TEMPORAL_TEST_SERVER:-}" ]; then export TEMPORAL_TEST_SERVER; return; fi
  local dir="$CACHE_DIR/temporal-test-server-$TEMPORAL_TEST_SERVER_VERSION"
  # lib/.complete marks a finished resolution (caches from before it have a plain `launcher`).
  if [ ! -f "$dir/lib/.complete" ] && [ ! -x "$dir/launcher" ]; then
    if ! command -v mvn >/dev/null 2>&1 || ! command -v java >/dev/null 2>&1; then
      say "Maven or Java missing: workflow tests will use the SDK's downloaded test server"
      return
    fi
    say "resolving io.temporal:temporal-test-server:$TEMPORAL_TEST_SERVER_VERSION with Maven (once)"
    mkdir -p "$dir"
    (cd "$ROOT/scripts/temporal-test-server" && mvn -q -B \
      -Dtemporal.test-server.version="$TEMPORAL_TEST_SERVER_VERSION" \
      dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$dir/lib" >&2) \
      || die "mvn could not resolve io.temporal:temporal-test-server:$TEMPORAL_TEST_SERVER_VERSION"
    touch "$dir/lib/.complete"
  fi
  # The launcher is rewritten when its template or the JVM changes: it names the JVM's
  # class-data archive, which only that JVM build can map.
  local jvm launcher
  jvm=$(java -Xshare:off -version 2>&1 | sha256sum | cut -c1-12)
  launcher="$dir/launcher-$jvm-$(sha256sum "$ROOT/scripts/temporal-test-server/launcher.sh.in" | cut -c1-12)"
  if [ ! -x "$launcher" ]; then
    ensure_test_server_archive "$dir/classes-$jvm.jsa" "$dir/lib"
    sed -e "s|@LIB@|$dir/lib|" -e "s|@ARCHIVE@|$dir/classes-$jvm.jsa|" \
      "$ROOT/scripts/temporal-test-server/launcher.sh.in" >"$launcher.tmp"
    chmod +x "$launcher.tmp" && mv "$launcher.tmp" "$launcher"
  fi
  export TEMPORAL_TEST_SERVER="$launcher"
}

# A class-data-sharing archive of the test server's classes (JDK 13+ dynamic CDS), written by
# one start and stop: every later start maps the classes instead of loading and verifying them,
# which halves the JVM's time to its port (1.7-1.9 s -> 0.8 s measured under load). Eight
# workflow spec files start a server each, and two test runs on a busy 2-core machine must not
# wait on class loading. Without the archive the launcher still starts (-Xshare:auto).
ensure_test_server_archive() { # archive lib_dir
  local archive=$1 lib=$2 port pid waited=0
  [ -f "$archive" ] && return
  say "writing the test server's class-data archive (once per JVM)"
  port=$(free_port)
  java -Xss512k -XX:+UseSerialGC -XX:ArchiveClassesAtExit="$archive.tmp" -Xlog:cds=off -Xlog:cds+dynamic=off \
    -cp "$lib/*" io.temporal.testserver.TestServer "$port" >/dev/null 2>&1 &
  pid=$!
  until node -e "require('net').connect($port,'127.0.0.1').on('connect',()=>process.exit(0)).on('error',()=>process.exit(1))" 2>/dev/null; do
    waited=$((waited + 1))
    if [ "$waited" -ge 360 ] || ! kill -0 "$pid" 2>/dev/null; then
      kill -KILL "$pid" 2>/dev/null || true
      say "the test server did not start to write its archive; starting without one"
      return
    fi
    sleep 0.5
  done
  kill -TERM "$pid" && wait "$pid" 2>/dev/null || true
  if [ -s "$archive.tmp" ]; then mv "$archive.tmp" "$archive"; else rm -f "$archive.tmp"; fi
}

# veraPDF (Maven Central), the independent PDF/A validator the tests run on every kind of act the
# system generates, with Apache PDFBox for their text and fonts: resolved with Maven and the small
# CLI in scripts/pdfa-validator compiled with javac, once per version of its sources, into the
# cache. Exports PDFA_VALIDATOR, the launcher (`$PDFA_VALIDATOR [--text] <file.pdf>...` prints JSON).
ensure_pdfa_validator() {
  if [ -n "${PDFA_VALIDATOR:-}" ]; then export PDFA_VALIDATOR; return; fi
  # javac as well as java: a JRE alone cannot compile the CLI.
  command -v javac >/dev/null 2>&1 || apt_install openjdk-17-jdk-headless
  command -v mvn >/dev/null 2>&1 || apt_install maven
  local src="$ROOT/scripts/pdfa-validator" version
  version=$(cat "$src/pom.xml" "$src/launcher.sh.in" "$src"/src/main/java/it/cittametropolitana/milano/pdfa/*.java | sha256sum | cut -c1-12)
  local dir="$CACHE_DIR/pdfa-validator-$version"
  if [ ! -x "$dir/launcher" ]; then
    say "resolving veraPDF and PDFBox with Maven and compiling the PDF/A validator (once)"
    rm -rf "$dir" && mkdir -p "$dir"
    (cd "$src" && mvn -q -B dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$dir/lib" >&2) \
      || { rm -rf "$dir"; die "mvn could not resolve veraPDF (scripts/pdfa-validator/pom.xml)"; }
    javac -encoding UTF-8 --release 17 -cp "$dir/lib/*" -d "$dir/classes" "$src"/src/main/java/it/cittametropolitana/milano/pdfa/*.java >&2 \
      || { rm -rf "$dir"; die "javac could not compile scripts/pdfa-validator"; }
    sed -e "s|@LIB@|$dir/lib|" -e "s|@CLASSES@|$dir/classes|" "$src/launcher.sh.in" >"$dir/launcher.tmp"
    chmod +x "$dir/launcher.tmp" && mv "$dir/launcher.tmp" "$dir/launcher"
  fi
  export PDFA_VALIDATOR="$dir/launcher"
}

# Debian's Chromium drives the browser tests (Playwright never downloads a browser here).
# Playwright speaks CDP to the browser: a major far from the one it was built for breaks in
# obscure ways, so refuse early with the versions named.
PLAYWRIGHT_CHROMIUM_MAJOR=156
CHROMIUM_MAX_MAJOR_DISTANCE=6
ensure_chromium() {
  local bin="${CHROMIUM_PATH:-}"
  if [ -z "$bin" ]; then
    bin=$(command -v chromium || command -v chromium-browser || true)
    if [ -z "$bin" ]; then
      apt_install chromium
      bin=$(command -v chromium || true)
    fi
  fi
  [ -n "$bin" ] && [ -x "$bin" ] || die "Chromium not found (apt-get install chromium, or set CHROMIUM_PATH)"
  local version major
  version=$("$bin" --version 2>/dev/null | grep -oE '[0-9]+(\.[0-9]+)+' | head -n 1)
  major=${version%%.*}
  [ -n "$major" ] || die "cannot read the version of $bin"
  local distance=$((major - PLAYWRIGHT_CHROMIUM_MAJOR))
  distance=${distance#-}
  if [ "$distance" -gt "$CHROMIUM_MAX_MAJOR_DISTANCE" ]; then
    die "Chromium $version at $bin is too far from the major Playwright was built for ($PLAYWRIGHT_CHROMIUM_MAJOR, at most $CHROMIUM_MAX_MAJOR_DISTANCE apart); install a closer chromium or set CHROMIUM_PATH"
  fi
  export CHROMIUM_PATH="$bin"
}

# Schemathesis (PyPI) for the property-based fuzz of the API (test/e2e/openapi-fuzz.e2e-spec.ts),
# in a virtualenv of our cache: never installed system-wide, never committed. A venv cannot be
# moved (its scripts name its path), so a failed install is removed rather than left half-done.
SCHEMATHESIS_VERSION="4.32.5"
ensure_schemathesis() {
  local venv="$CACHE_DIR/schemathesis-$SCHEMATHESIS_VERSION"
  if ! "$venv/bin/schemathesis" --version >/dev/null 2>&1; then
    command -v python3 >/dev/null 2>&1 || apt_install python3
    python3 -c 'import venv, ensurepip' 2>/dev/null || apt_install python3-venv
    say "installing Schemathesis $SCHEMATHESIS_VERSION into $venv (once)"
    rm -rf "$venv"
    mkdir -p "$CACHE_DIR"
    python3 -m venv "$venv" >&2 || { rm -rf "$venv"; die "python3 -m venv failed"; }
    "$venv/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION" >&2 \
      || { rm -rf "$venv"; die "pip install schemathesis==$SCHEMATHESIS_VERSION failed"; }
  fi
  export SCHEMATHESIS="$venv/bin/schemathesis"
}
