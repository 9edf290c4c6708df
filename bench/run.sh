#!/usr/bin/env bash
# QuotaLedger benchmark: the one command. On this machine it
#   1. starts its own PostgreSQL (.data/pg-bench, port 55441) and the service in Release mode (port 5090);
#   2. seeds 10,000 lots over the 103 counties through the API;
#   3. runs closed-loop HTTP load (transfers, consumptions, orders on a fixed-price listing, balance reads, asOf reads)
#      at concurrency 1, 4, 16 and 64;
#   4. runs pgbench with bench/pg-ceiling/transfer.sql and bench/order-ceiling/order.sql at the same concurrency, in the
#      same run;
#   5. fills the store to 1,000,000 events, times the projection rebuilds, and measures balance and asOf reads then;
#   6. prints the table (ops/s, p50, p99, ours / pgbench ceiling), the other figures, the service's peak memory and its
#      time from start to ready (/health/ready), on an empty database and on the filled one.
# Usage: bench/run.sh [--seconds N] [--quick] [--lots N] [--events N]
#   --seconds N   duration of each load phase at each concurrency (default 15)
#   --quick       a smoke run: 1,000 lots, 100,000 events, 5 s phases
#   --conn-options "K=V;…"   added to the service's connection string (e.g. "Max Auto Prepare=0;No Reset On Close=false"
#                 to compare with Npgsql's defaults; the default run leaves the service's configuration as it is)
# Results: .data/bench/<time>/ (results.tsv, report.md, ceiling.txt, order-ceiling.txt, service logs). The cluster is left running;
# `pg_ctl -D .data/pg-bench stop` (as the postgres user when root) stops it.
set -euo pipefail
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."
root="$PWD"

seconds=15; lots=10000; events=1000000; conn_options=""
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds="${2:?--seconds N}"; shift 2 ;;
    --lots) lots="${2:?--lots N}"; shift 2 ;;
    --events) events="${2:?--events N}"; shift 2 ;;
    --conn-options) conn_options="${2:?--conn-options \"K=V;…\"}"; shift 2 ;;
    --quick) lots=1000; events=100000; seconds=5; shift ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

if ! command -v dotnet >/dev/null 2>&1 && [ -x "$HOME/.dotnet/dotnet" ]; then
  export DOTNET_ROOT="$HOME/.dotnet" PATH="$HOME/.dotnet:$PATH"
fi
command -v dotnet >/dev/null 2>&1 || { echo "the .NET 10 SDK is needed (see ./run.sh)" >&2; exit 1; }

readonly pg_dir="$root/.data/pg-bench" pg_port=55441 api_port=5090
readonly base_url="http://127.0.0.1:$api_port"
out="$root/.data/bench/$(date -u +%Y%m%dT%H%M%SZ)"; mkdir -p "$out"
results="$out/results.tsv"
log() { echo "[bench $(date -u +%H:%M:%S)] $*"; }

# 1. PostgreSQL: the private cluster, with pg_stat_statements (to count SQL statements per operation).
conn="$(bash scripts/postgres.sh "$pg_dir" "$pg_port")"
pg_bin="/usr/lib/postgresql/$(cat "$pg_dir/PG_VERSION")/bin"
export PATH="$PATH:$pg_bin"
as_owner() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
q() { psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$pg_port" -U postgres -tA "$@"; }
if ! q -d postgres -c "SHOW shared_preload_libraries" | grep -q pg_stat_statements; then
  log "enabling pg_stat_statements in $pg_dir (restart)"
  q -d postgres -c "ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'"
  as_owner "$pg_bin/pg_ctl" -D "$pg_dir" -w -t 60 restart -l "$pg_dir/server.log" >/dev/null
fi
for db in ql_bench pg_ceiling; do
  q -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)"
  q -d postgres -c "CREATE DATABASE $db"
done
q -d ql_bench -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements"
db_conn="$conn;Database=ql_bench;Maximum Pool Size=100"
service_conn="$db_conn${conn_options:+;$conn_options}"
# The machine is shared: record how busy it was before and after, with its description.
printf 'kv\tloadavg_start\t%s\n' "$(cut -d' ' -f1-3 /proc/loadavg)" >>"$results"
printf 'kv\tmachine\t%s\n' "$(nproc) cores, $(awk '/MemTotal/{printf "%.1f GB", $2/1048576}' /proc/meminfo), $(awk -F': ' '/model name/{print $2; exit}' /proc/cpuinfo)" >>"$results"
printf 'kv\tservice_conn_options\t%s\n' "${conn_options:-none}" >>"$results"
printf 'kv\tpostgres\t%s\n' "$(q -d postgres -c 'SHOW server_version')" >>"$results"
log "PostgreSQL $(q -d postgres -c 'SHOW server_version') on 127.0.0.1:$pg_port; results in $out"

# 2. Build in Release.
log "building (Release)"
dotnet build src/QuotaLedger.Api/QuotaLedger.Api.csproj -c Release -v q -nologo >"$out/build.log" 2>&1 \
  && dotnet build bench/QuotaLedger.Bench/QuotaLedger.Bench.csproj -c Release -v q -nologo >>"$out/build.log" 2>&1 \
  || { tail -n 30 "$out/build.log" >&2; exit 1; }
api_dir="$root/src/QuotaLedger.Api/bin/Release/net10.0"
bench() { dotnet "$root/bench/QuotaLedger.Bench/bin/Release/net10.0/QuotaLedger.Bench.dll" "$@" --results "$results"; }

service_pid=""
start_service() {  # $1: log name
  if curl -fsS "$base_url/health/ready" >/dev/null 2>&1; then echo "port $api_port is already taken" >&2; exit 1; fi
  # The content root is the output directory, which holds appsettings.Development.json (the development token key).
  (cd "$api_dir" && ConnectionStrings__QuotaLedger="$service_conn" ASPNETCORE_ENVIRONMENT=Development \
    Logging__LogLevel__Default=Warning exec dotnet "$api_dir/QuotaLedger.Api.dll" --urls "$base_url") >"$out/service-$1.log" 2>&1 &
  service_pid=$!
  local started; started=$(date +%s%N)
  for _ in $(seq 1 600); do
    if curl -fsS "$base_url/health/ready" >/dev/null 2>&1; then
      # From the process start to the first ready answer: schema migration, Marten and the daemon included.
      local ready_ms=$(( ($(date +%s%N) - started) / 1000000 ))
      printf 'kv\tstart_to_ready_ms_%s\t%s\n' "$1" "$ready_ms" >>"$results"
      log "service ready (pid $service_pid) after $ready_ms ms"
      return 0
    fi
    kill -0 "$service_pid" 2>/dev/null || { tail -n 30 "$out/service-$1.log" >&2; exit 1; }
    sleep 0.1
  done
  echo "the service was not ready (/health/ready)" >&2; exit 1
}
stop_service() {  # $1: the results key for its peak memory
  [ -n "$service_pid" ] || return 0
  if [ -n "${1:-}" ] && [ -r "/proc/$service_pid/status" ]; then
    local hwm; hwm="$(awk '/^VmHWM:/{print $2}' "/proc/$service_pid/status")"
    printf 'kv\t%s\t%s\n' "$1" "$hwm" >>"$results"
    log "service peak memory (VmHWM): $hwm kB"
  fi
  kill "$service_pid" 2>/dev/null || true
  wait "$service_pid" 2>/dev/null || true
  service_pid=""
}
trap 'stop_service' EXIT

common=(--auth-config "$api_dir/appsettings.Development.json" --base-url "$base_url" --seconds "$seconds"
        --stats-conn "$conn;Database=ql_bench")

# 3. HTTP load with the seeded lots.
start_service load
log "seeding $lots lots, then transfers, consumptions, orders, balance and asOf reads at concurrency 1, 4, 16, 64 ($seconds s each)"
bench load "${common[@]}" --lots "$lots" --service-pid "$service_pid"
stop_service service_vmhwm_load_kb

# 4. PostgreSQL's ceiling for the same work, same concurrency, same run (the service is stopped: the machine is the same).
log "pgbench ceiling ($seconds s at 1, 4, 16, 64 clients)"
bash bench/pg-ceiling/run.sh "host=127.0.0.1 port=$pg_port user=postgres dbname=pg_ceiling" "$seconds" 1 4 16 64 | tee "$out/ceiling.txt"
log "pgbench order ceiling, one listing row ($seconds s at 1, 4, 16, 64 clients)"
bash bench/order-ceiling/run.sh "host=127.0.0.1 port=$pg_port user=postgres dbname=pg_ceiling" "$seconds" 1 4 16 64 | tee "$out/order-ceiling.txt"

# 5. The store filled to $events events: projection rebuilds (service stopped), then reads (service started again).
log "filling the store to $events events"
bench fill --conn "$db_conn" --events "$events" --settings "$api_dir/appsettings.Development.json"
log "rebuilding projections"
bench rebuild --conn "$db_conn" --settings "$api_dir/appsettings.Development.json"
start_service reads
bench reads "${common[@]}" --service-pid "$service_pid"
stop_service service_vmhwm_reads_kb

printf 'kv\tloadavg_end\t%s\n' "$(cut -d' ' -f1-3 /proc/loadavg)" >>"$results"

# 6. The table.
echo
bench report --ceiling "$out/ceiling.txt" --order-ceiling "$out/order-ceiling.txt" --markdown "$out/report.md"
log "done; the table is also in $out/report.md"
