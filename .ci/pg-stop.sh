#!/usr/bin/env bash
# Stops the test PostgreSQL server that pg-start.sh started. Pass --clean to also delete its data dir.
set -euo pipefail

DIR="${TEXTBACK_PG_DIR:-/tmp/textback-pg}"

if [ -s "$DIR/postmaster.pid" ]; then
  BINDIR="$(dirname "$(readlink -f "$(command -v pg_ctl 2>/dev/null || ls -d /usr/lib/postgresql/*/bin/pg_ctl | sort -V | tail -n 1)")")"
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$BINDIR/pg_ctl" -D "$DIR" -m fast -w stop >/dev/null
  else
    "$BINDIR/pg_ctl" -D "$DIR" -m fast -w stop >/dev/null
  fi
  echo "pg-stop: stopped the server in $DIR"
fi
if [ "${1:-}" = "--clean" ]; then
  rm -rf "$DIR" "$DIR.initdb.log"
fi
