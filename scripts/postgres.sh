#!/usr/bin/env bash
# Starts (installing if missing) a private PostgreSQL cluster for QuotaLedger and prints its connection string.
# Usage: scripts/postgres.sh <data-dir> <port>
# The cluster listens on 127.0.0.1 only, with trust authentication: it is for local development and tests.
# It is left running; `pg_ctl -D <data-dir> stop` stops it. Its data survive restarts of the service.
set -euo pipefail
data_dir="$(realpath -m "${1:?data directory}")"; port="${2:?port}"

find_bin() {
  for d in /usr/lib/postgresql/*/bin; do [ -x "$d/initdb" ] && { echo "$d"; return 0; }; done
  command -v initdb >/dev/null 2>&1 && { dirname "$(readlink -f "$(command -v initdb)")"; return 0; }
  return 1
}
if ! bin="$(find_bin)"; then
  echo "PostgreSQL not found: installing it with apt-get" >&2
  if [ "$(id -u)" -ne 0 ]; then echo "run as root, or install the 'postgresql' package first" >&2; exit 1; fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2 && apt-get install -y -qq postgresql >&2
  bin="$(find_bin)"
fi

# PostgreSQL refuses to run as root, so as root the cluster belongs to the 'postgres' user.
as_owner() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
mkdir -p "$data_dir"
[ "$(id -u)" -eq 0 ] && chown postgres:postgres "$data_dir" && chmod 700 "$data_dir"
if [ ! -f "$data_dir/PG_VERSION" ]; then
  as_owner "$bin/initdb" -D "$data_dir" -U postgres -A trust -E UTF8 --no-locale >/dev/null
  cat >> "$data_dir/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$data_dir'
max_connections = 200
shared_buffers = 256MB
CONF
fi
if ! as_owner "$bin/pg_ctl" -D "$data_dir" status >/dev/null 2>&1; then
  as_owner "$bin/pg_ctl" -D "$data_dir" -l "$data_dir/server.log" -w -t 60 start >/dev/null
fi
echo "Host=127.0.0.1;Port=$port;Username=postgres"
