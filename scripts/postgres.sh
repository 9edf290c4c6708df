#!/usr/bin/env bash
# Starts (installing if missing) a private PostgreSQL cluster for QuotaLedger and prints its connection string.
# Usage: scripts/postgres.sh <data-dir> <port>
# The cluster listens on 127.0.0.1 only, with trust authentication: it is for local development and tests.
# It is left running; scripts/postgres-stop.sh <data-dir> stops it. Its data survive restarts of the service.
# Only the connection string goes to stdout; everything else goes to stderr.
set -euo pipefail
data_dir="$(realpath -m "${1:?data directory}")"; port="${2:?port}"
is_root() { [ "$(id -u)" -eq 0 ]; }

find_bin() {
  # An existing cluster only runs under the major version that created it.
  if [ -f "$data_dir/PG_VERSION" ]; then
    local v; v="$(cat "$data_dir/PG_VERSION" 2>/dev/null || true)"
    [ -n "$v" ] && [ -x "/usr/lib/postgresql/$v/bin/pg_ctl" ] && { echo "/usr/lib/postgresql/$v/bin"; return 0; }
  fi
  for d in /usr/lib/postgresql/*/bin; do [ -x "$d/initdb" ] && { echo "$d"; return 0; }; done
  command -v initdb >/dev/null 2>&1 && { dirname "$(readlink -f "$(command -v initdb)")"; return 0; }
  return 1
}
if ! bin="$(find_bin)"; then
  echo "PostgreSQL not found: installing it with apt-get" >&2
  if ! is_root; then echo "run as root, or install the 'postgresql' package first" >&2; exit 1; fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2 && apt-get install -y -qq postgresql >&2
  bin="$(find_bin)"
fi

# PostgreSQL refuses to run as root, so as root the cluster belongs to the 'postgres' user.
as_owner() { if is_root; then runuser -u postgres -- "$@"; else "$@"; fi; }
mkdir -p "$data_dir"
if is_root; then
  # The whole tree must belong to postgres (e.g. a data dir copied, restored or touched as root).
  if [ -n "$(find "$data_dir" \( ! -user postgres -o ! -group postgres \) -print -quit)" ]; then
    [ -f "$data_dir/PG_VERSION" ] && echo "giving $data_dir to the postgres user" >&2
    chown -R postgres:postgres "$data_dir"
  fi
  chmod 700 "$data_dir"
  # postgres must be able to reach the data dir (a clone under /root, or a umask of 077, prevents it):
  # grant search permission, and only that, on the directories above it that lack it.
  if ! runuser -u postgres -- test -x "$data_dir"; then
    p="$data_dir"
    while p="$(dirname "$p")"; [ "$p" != / ]; do parents=("$p" "${parents[@]+"${parents[@]}"}"); done
    for p in "${parents[@]}"; do
      if ! runuser -u postgres -- test -x "$p"; then echo "chmod o+x $p (so that postgres can reach $data_dir)" >&2; chmod o+x "$p"; fi
    done
  fi
elif [ ! -O "$data_dir" ]; then
  echo "$data_dir belongs to another user; remove it or run as its owner" >&2; exit 1
fi

if [ ! -f "$data_dir/PG_VERSION" ]; then
  # A Unix socket path is limited to 107 bytes: fall back to /tmp for deep data dirs.
  socket_dir="$data_dir"; [ "${#data_dir}" -gt 80 ] && socket_dir=/tmp
  as_owner "$bin/initdb" -D "$data_dir" -U postgres -A trust -E UTF8 --no-locale >/dev/null
  cat >> "$data_dir/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$socket_dir'
max_connections = 200
shared_buffers = 256MB
CONF
fi

ready() { as_owner "$bin/pg_isready" -q -h 127.0.0.1 -p "$port" -U postgres -d postgres; }
# After a machine or container restart postmaster.pid survives, and its PID may now belong to an
# unrelated process, which makes pg_ctl believe the server runs. A live postmaster has its data dir as cwd.
if [ -f "$data_dir/postmaster.pid" ]; then
  pid="$(head -n 1 "$data_dir/postmaster.pid" 2>/dev/null || true)"
  if [[ ! "$pid" =~ ^[0-9]+$ ]] || [ "$(readlink "/proc/$pid/cwd" 2>/dev/null || true)" != "$data_dir" ]; then
    echo "removing stale $data_dir/postmaster.pid (PID ${pid:-?} is not its server)" >&2
    rm -f "$data_dir/postmaster.pid"
  fi
fi
if ! as_owner "$bin/pg_ctl" -D "$data_dir" status >/dev/null 2>&1; then
  if ! as_owner "$bin/pg_ctl" -D "$data_dir" -l "$data_dir/server.log" -w -t 60 start >/dev/null; then
    echo "PostgreSQL did not start (is port $port already taken?); end of $data_dir/server.log:" >&2
    tail -n 20 "$data_dir/server.log" >&2 || true
    exit 1
  fi
fi
# The server may still be starting (another invocation started it), or listen on another port.
for _ in $(seq 1 30); do ready && break; sleep 1; done
if ! ready; then
  echo "the cluster in $data_dir runs but does not answer on 127.0.0.1:$port (see the port in its postgresql.conf)" >&2
  exit 1
fi
echo "Host=127.0.0.1;Port=$port;Username=postgres"
