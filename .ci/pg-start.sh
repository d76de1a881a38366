#!/usr/bin/env bash
# Starts a private PostgreSQL server for the tests of textback-jdbc:
#   loopback only, port 55432 (TEXTBACK_PG_PORT), data in /tmp/textback-pg (TEXTBACK_PG_DIR),
#   superuser "postgres" with trust authentication, database "textback_test".
# The tests read TEXTBACK_TEST_PG_URL, default jdbc:postgresql://127.0.0.1:55432/textback_test?user=postgres
# Installs Debian's postgresql package when no server binaries are found. Safe to run again: an already
# running server is kept. Works as root (runs the server as the "postgres" OS user) and as a normal user.
set -euo pipefail

PORT="${TEXTBACK_PG_PORT:-55432}"
DIR="${TEXTBACK_PG_DIR:-/tmp/textback-pg}"
DB="textback_test"

find_bindir() {
  local initdb
  initdb="$(command -v initdb 2>/dev/null || true)"
  if [ -n "$initdb" ]; then
    dirname "$(readlink -f "$initdb")"
    return
  fi
  # Debian keeps the server binaries off PATH, one folder per major version; take the newest.
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

BINDIR="$(find_bindir)"
if [ -z "$BINDIR" ] || [ ! -x "$BINDIR/initdb" ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "pg-start: PostgreSQL server binaries not found; install them (apt-get install -y postgresql) or run as root" >&2
    exit 1
  fi
  echo "pg-start: installing PostgreSQL from Debian"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q postgresql
  BINDIR="$(find_bindir)"
fi

# initdb and postgres refuse to run as root: as root, run them as the postgres OS user.
if [ "$(id -u)" -eq 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --home-dir "$DIR" --shell /bin/bash postgres
  as_pg() { runuser -u postgres -- "$@"; }
else
  as_pg() { "$@"; }
fi

pg_ready() {
  "$BINDIR/pg_isready" -q -h 127.0.0.1 -p "$PORT" >/dev/null 2>&1
}

if ! pg_ready; then
  if [ ! -s "$DIR/PG_VERSION" ]; then
    rm -rf "$DIR"
    mkdir -p "$DIR"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$DIR"
    chmod 700 "$DIR"
    as_pg "$BINDIR/initdb" -D "$DIR" -U postgres --auth=trust --encoding=UTF8 --locale=C >"$DIR.initdb.log" 2>&1 \
      || { cat "$DIR.initdb.log" >&2; exit 1; }
  fi
  # Throwaway test data: durability settings off for speed; unix socket inside the data dir so no
  # system folder needs to be writable.
  as_pg "$BINDIR/pg_ctl" -D "$DIR" -l "$DIR/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $PORT -k $DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100" \
    start >/dev/null || { tail -n 30 "$DIR/server.log" >&2; exit 1; }
fi

PSQL=("$BINDIR/psql" -X -q -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -v ON_ERROR_STOP=1)
if [ "$("${PSQL[@]}" -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB'")" != "1" ]; then
  "${PSQL[@]}" -c "CREATE DATABASE $DB"
fi
echo "pg-start: PostgreSQL $("${PSQL[@]}" -tAc 'SHOW server_version') on 127.0.0.1:$PORT, database $DB"
