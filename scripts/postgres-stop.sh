#!/usr/bin/env bash
# Stops the PostgreSQL clusters of the given data directories (those started by scripts/postgres.sh) that run;
# the others are skipped. Their data stay; scripts/postgres.sh starts them again.
# Usage: scripts/postgres-stop.sh <data-dir>...
#        scripts/postgres-stop.sh --running <data-dir>   exit 0 when its cluster runs, 1 when not (stops nothing)
# Everything goes to stderr. Exit code: 1 when a cluster did not stop.
set -euo pipefail

# A live postmaster has its data dir as cwd; a postmaster.pid left by a machine restart may name an unrelated PID.
runs() {
  local dir pid
  dir="$(realpath -m "$1")"
  pid="$(head -n 1 "$dir/postmaster.pid" 2>/dev/null)" || return 1
  [[ "$pid" =~ ^[0-9]+$ ]] && [ "$(readlink "/proc/$pid/cwd" 2>/dev/null || true)" = "$dir" ]
}

if [ "${1:-}" = --running ]; then runs "${2:?data directory}"; exit; fi
[ $# -gt 0 ] || { sed -n '4,5p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2; }

as_owner() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
pg_ctl_for() {  # the pg_ctl of the major version that created the cluster
  local v
  v="$(cat "$1/PG_VERSION" 2>/dev/null || true)"
  if [ -n "$v" ] && [ -x "/usr/lib/postgresql/$v/bin/pg_ctl" ]; then echo "/usr/lib/postgresql/$v/bin/pg_ctl"; else command -v pg_ctl; fi
}

status=0
for arg in "$@"; do
  dir="$(realpath -m "$arg")"
  runs "$dir" || continue
  if as_owner "$(pg_ctl_for "$dir")" -D "$dir" -m fast -w -t 60 stop >/dev/null; then
    echo "stopped the PostgreSQL cluster in $dir" >&2
  else
    echo "the PostgreSQL cluster in $dir did not stop (see $dir/server.log)" >&2
    status=1
  fi
done
exit "$status"
