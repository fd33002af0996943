#!/usr/bin/env bash
# Run a command with a throw-away PostgreSQL server and CLAIMLEDGER_TEST_PG set, then stop it.
# Installs Debian's postgresql when it is missing and we are root (a fresh machine or CI);
# elsewhere the PostgreSQL tests skip with that reason and the rest still run.
set -uo pipefail
cd "$(dirname "$0")/.."

pgbin=""
for d in /usr/lib/postgresql/*/bin; do
  [ -x "$d/initdb" ] && pgbin="$d"
done
if [ -z "$pgbin" ] && [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "installing postgresql (Debian package) for the store tests" >&2
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null) || true
  for d in /usr/lib/postgresql/*/bin; do
    [ -x "$d/initdb" ] && pgbin="$d"
  done
fi

started=0
if [ -n "${CLAIMLEDGER_TEST_PG:-}" ]; then
  :  # the caller brought its own server
elif [ -n "$pgbin" ]; then
  if out="$(PGBIN="$pgbin" bash scripts/pg-test-server.sh start)"; then
    eval "$out"
    export CLAIMLEDGER_TEST_PG
    started=1
  else
    echo "could not start PostgreSQL; its tests will skip" >&2
  fi
else
  echo "PostgreSQL is not installed; its tests will skip" >&2
fi

"$@"
rc=$?
if [ "$started" = "1" ]; then
  PGBIN="$pgbin" bash scripts/pg-test-server.sh stop
fi
exit $rc
