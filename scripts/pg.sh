#!/usr/bin/env bash
# Starts or stops a private PostgreSQL instance for tests and local runs.
#   scripts/pg.sh start   -> prints the connection string on stdout
#   scripts/pg.sh stop
# The instance lives in $ENTITLEMENTS_PG_DIR (default /tmp/entitlements-pg), listens on
# 127.0.0.1:$ENTITLEMENTS_PG_PORT (default 55432), trusts local connections and is thrown
# away by "stop". It never touches the machine's own PostgreSQL cluster.
set -euo pipefail
dir=${ENTITLEMENTS_PG_DIR:-/tmp/entitlements-pg}
port=${ENTITLEMENTS_PG_PORT:-55432}

find_bin() {
  local v
  for v in $(ls /usr/lib/postgresql 2>/dev/null | sort -rn); do
    if [ -x "/usr/lib/postgresql/$v/bin/initdb" ]; then echo "/usr/lib/postgresql/$v/bin"; return; fi
  done
}

as_pg() {
  # initdb and postgres refuse to run as root: run them as the postgres user when we are root.
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-}" in
  start)
    bin=$(find_bin)
    if [ -z "$bin" ]; then
      echo "PostgreSQL not found; installing it with apt-get" >&2
      export DEBIAN_FRONTEND=noninteractive
      apt-get update -qq >&2 && apt-get install -y -qq postgresql >/dev/null
      bin=$(find_bin)
    fi
    if [ -f "$dir/postmaster.pid" ] && as_pg "$bin/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
      :
    else
      rm -rf "$dir"; mkdir -p "$dir"
      [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
      as_pg "$bin/initdb" -D "$dir" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
      as_pg "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null
    fi
    echo "Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
    ;;
  stop)
    bin=$(find_bin)
    if [ -n "$bin" ] && [ -d "$dir" ]; then
      as_pg "$bin/pg_ctl" -D "$dir" -m fast -w stop >/dev/null 2>&1 || true
      rm -rf "$dir"
    fi
    ;;
  *) echo "usage: scripts/pg.sh start|stop" >&2; exit 2 ;;
esac
