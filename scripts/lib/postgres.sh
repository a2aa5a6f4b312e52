# shellcheck shell=bash
# A private, throwaway PostgreSQL on loopback in a temporary folder (scripts/test, bench/slots/run).
# Source it after common.sh; it defines functions and these variables only:
#
#   PG_ROOT            folder the server lives in (set it before start_postgres; removed by the caller)
#   PG_BIN             server binaries (default: the newest /usr/lib/postgresql/*/bin, or initdb on PATH)
#   PG_DURABLE         1: keep fsync, synchronous_commit and full_page_writes on (production
#                      settings, for benchmarks); default 0: all off (a test server, faster)
#   PG_PORT            chosen by start_postgres (the first free port from 55432)
#   PG_DATABASE_URL    postgres://veloria:veloria@127.0.0.1:<port>/<database>?sslmode=disable
#
#   start_postgres [DATABASE]   initdb, start, create role veloria (superuser) and DATABASE (default veloria_test)
#   stop_postgres               stop it (immediate); safe to call twice or when it never started
# shellcheck disable=SC2317  # stop_postgres runs from the callers' EXIT traps

PG_ROOT="${PG_ROOT:-}"
PG_BIN="${PG_BIN:-}"
PG_DURABLE="${PG_DURABLE:-0}"
PG_DIR=""
PG_PORT=""
PG_STARTED=0
PG_DATABASE_URL=""

port_is_free() {
    local port="$1"
    if command -v python3 >/dev/null 2>&1; then
        python3 -c '
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the servers do: TIME_WAIT is no conflict
try:
    s.bind(("127.0.0.1", int(sys.argv[1])))
except OSError:
    sys.exit(1)
finally:
    s.close()
' "$port"
    elif command -v ss >/dev/null 2>&1; then
        if ss -Hltn "sport = :$port" | grep -q .; then return 1; fi
    else
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 1; fi
    fi
}

# free_port FIRST: the first port from FIRST upward that nothing listens on.
free_port() {
    local port="$1" last=$(($1 + 500))
    while [ "$port" -le "$last" ]; do
        if port_is_free "$port"; then
            echo "$port"
            return 0
        fi
        port=$((port + 1))
    done
    die "no free TCP port between $1 and $last"
}

# Runs a command as the OS user that owns the PostgreSQL cluster (postgres refuses to run as root).
as_pg() {
    if [ "$(id -u)" -eq 0 ]; then
        (cd "$PG_DIR" && runuser -u postgres -- "$@")
    else
        (cd "$PG_DIR" && "$@")
    fi
}

find_pg_bin() {
    if [ -n "$PG_BIN" ]; then
        [ -x "$PG_BIN/initdb" ] || die "PG_BIN=$PG_BIN has no initdb"
        return 0
    fi
    local dirs=() dir
    for dir in /usr/lib/postgresql/*/bin; do
        [ -x "$dir/initdb" ] && dirs+=("$dir")
    done
    if [ "${#dirs[@]}" -gt 0 ]; then
        PG_BIN="$(printf '%s\n' "${dirs[@]}" | sort -V | tail -n1)"
    elif command -v initdb >/dev/null 2>&1; then
        PG_BIN="$(dirname "$(command -v initdb)")"
    else
        die "PostgreSQL server binaries (initdb) not found; install the postgresql package"
    fi
}

start_postgres() {
    local database="${1:-veloria_test}"
    [ -n "$PG_ROOT" ] || die "start_postgres: set PG_ROOT to a temporary folder first"
    find_pg_bin
    PG_DIR="$PG_ROOT/postgres"
    mkdir -p "$PG_DIR/run"
    if [ "$(id -u)" -eq 0 ]; then
        id postgres >/dev/null 2>&1 || die "the OS user 'postgres' does not exist (install the postgresql package)"
        chown -R postgres: "$PG_DIR"
    fi
    chmod 700 "$PG_DIR"

    if ! as_pg "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres -E UTF8 --locale=C \
        --auth-local=trust --auth-host=scram-sha-256 --no-sync >"$PG_ROOT/initdb.log" 2>&1; then
        cat "$PG_ROOT/initdb.log" >&2
        die "initdb failed"
    fi

    PG_PORT="$(free_port 55432)"
    cat >>"$PG_DIR/data/postgresql.conf" <<CONF

# scripts/lib/postgres.sh: private, throwaway server
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$PG_DIR/run'
max_connections = 400
shared_buffers = 128MB
timezone = 'UTC'
log_timezone = 'UTC'
CONF
    if [ "$PG_DURABLE" != 1 ]; then
        printf '%s\n' "fsync = off" "synchronous_commit = off" "full_page_writes = off" >>"$PG_DIR/data/postgresql.conf"
    fi

    PG_STARTED=1
    if ! as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/postgres.log" -w -t 60 start >/dev/null; then
        tail -n 30 "$PG_DIR/postgres.log" >&2 || true
        die "PostgreSQL did not start"
    fi
    local i
    for i in $(seq 1 60); do
        "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" && break
        [ "$i" = 60 ] && die "PostgreSQL on port $PG_PORT is not ready after 30 s"
        sleep 0.5
    done

    as_pg "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG_DIR/run" -p "$PG_PORT" -U postgres -d postgres \
        -c "CREATE ROLE veloria LOGIN SUPERUSER PASSWORD 'veloria'" \
        -c "CREATE DATABASE $database OWNER veloria" >/dev/null
    PG_DATABASE_URL="postgres://veloria:veloria@127.0.0.1:$PG_PORT/$database?sslmode=disable"
    "$PG_BIN/psql" -X -q -tA "$PG_DATABASE_URL" -c 'select 1' >/dev/null \
        || die "cannot log in to $PG_DATABASE_URL"
    log "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT (database $database, role veloria)"
}

stop_postgres() {
    [ "$PG_STARTED" = 1 ] || return 0
    PG_STARTED=0
    local pid=""
    [ -f "$PG_DIR/data/postmaster.pid" ] && pid="$(head -n1 "$PG_DIR/data/postmaster.pid" 2>/dev/null || true)"
    if ! as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" stop -m immediate -w -t 30 >/dev/null 2>&1; then
        if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
            kill -9 "$pid" 2>/dev/null || true
            sleep 0.5
        fi
    fi
}
