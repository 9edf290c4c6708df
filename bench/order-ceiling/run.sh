#!/usr/bin/env bash
# PostgreSQL's own ceiling for orders on one fixed-price listing on this machine (beside ../pg-ceiling, which models a
# transfer and is kept as the shared kit has it).
# Usage: run.sh "<libpq connection string to a scratch database>" [seconds] [clients...]
# Prints one line per client count: "pg-ceiling clients=N tps=X latency_ms=Y" (the format of ../pg-ceiling/run.sh).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
conn="${1:?connection string}"; secs="${2:-15}"; shift $(( $# >= 2 ? 2 : $# )); clients=("${@:-1 4 16}")
pgbench="$(command -v pgbench || echo /usr/lib/postgresql/15/bin/pgbench)"
psql "$conn" -X -q -v ON_ERROR_STOP=1 -f "$here/schema.sql"
for c in ${clients[@]}; do
  out="$("$pgbench" -n -T "$secs" -c "$c" -j $(( c < 2 ? c : 2 )) -f "$here/order.sql" "$conn" 2>&1)"
  tps="$(awk '/^tps = /{print $3; exit}' <<<"$out")"; lat="$(awk '/^latency average = /{print $4; exit}' <<<"$out")"
  echo "pg-ceiling clients=$c tps=${tps:-0} latency_ms=${lat:-0}"
done
