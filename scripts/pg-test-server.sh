#!/usr/bin/env bash
# Start a throw-away PostgreSQL 15 cluster on 127.0.0.1 for the store tests and print its URL.
#
#   eval "$(scripts/pg-test-server.sh start)"   # exports CLAIMLEDGER_TEST_PG
#   scripts/pg-test-server.sh stop
#
# Why a script: the store is tested against a real server, not a mock; the cluster lives under
# /tmp, uses trust auth on localhost only, and is deleted on stop.
set -euo pipefail

PGBIN="${PGBIN:-/usr/lib/postgresql/15/bin}"
PORT="${PGPORT_TEST:-55432}"
DATA="${PGDATA_TEST:-/tmp/claimledger-pg-$PORT}"
LOG="$DATA.log"

as_pg() {
    if [ "$(id -u)" = "0" ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

start() {
    if [ ! -x "$PGBIN/initdb" ]; then
        echo "PostgreSQL 15 not found in $PGBIN (apt-get install postgresql-15)" >&2
        exit 1
    fi
    if [ ! -f "$DATA/PG_VERSION" ]; then
        mkdir -p "$DATA"
        [ "$(id -u)" = "0" ] && chown postgres:postgres "$DATA"
        as_pg "$PGBIN/initdb" -D "$DATA" -U postgres --auth=trust -E UTF8 >/dev/null
    fi
    if ! as_pg "$PGBIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
        touch "$LOG"
        [ "$(id -u)" = "0" ] && chown postgres:postgres "$LOG"
        as_pg "$PGBIN/pg_ctl" -D "$DATA" -l "$LOG" -w \
            -o "-c listen_addresses=127.0.0.1 -p $PORT -k /tmp -c fsync=off" start >/dev/null
    fi
    echo "export CLAIMLEDGER_TEST_PG=postgresql://postgres@127.0.0.1:$PORT/postgres"
}

stop() {
    if [ -f "$DATA/PG_VERSION" ]; then
        as_pg "$PGBIN/pg_ctl" -D "$DATA" -m fast stop >/dev/null 2>&1 || true
        rm -rf "$DATA" "$LOG"
    fi
}

case "${1:-start}" in
    start) start ;;
    stop) stop ;;
    *) echo "usage: $0 [start|stop]" >&2; exit 64 ;;
esac
