#!/usr/bin/env bash
# QuotaLedger: the one command to start the service on a fresh machine.
#   ./run.sh                                  start PostgreSQL (local, in .data/pg) and the API
#   ./run.sh token [--hours N] <role> <org>[:<user>] ...
#                                             print development bearer tokens, one a line, in the order asked
#                                             (role: centre | prefecture | county | buyer; user: default <role>-<org>;
#                                             N: lifetime in hours, 1-720, default 12), e.g.
#                                             ./run.sh token county 150102 centre 150000:alice centre 150000:bob
#   ./run.sh verify [--against <receipt>]     check every event's hash chain and MAC and the signed seals (tamper
#                                             evidence); with a receipt, also that the history up to it is unchanged
#   ./run.sh receipt [file]                   print the latest signed seal as a JSON receipt to keep outside the
#                                             database (and write it to file when one is named)
#   ./run.sh schema-script [file]             write the script that creates the whole schema, for a DBA to review
#                                             (default .data/quotaledger-schema.sql; connects to no database)
#   ./run.sh import-legacy-store              once, on a database kept by the store QuotaLedger had before Marten:
#                                             move it onto Marten (the service refuses to start on it until then)
#   ./run.sh rebuild-read-models              with the service stopped: replay every inline read model from the events,
#                                             once after upgrading to a release that adds one (README "Operating it")
#   ./run.sh stop-db                          stop the local PostgreSQL cluster (.data/pg)
#   ./run.sh stop-db --all                    stop every cluster in .data: also the tests' and the benchmark's
# Environment:
#   ConnectionStrings__QuotaLedger  use this database instead of the local cluster
#   QUOTALEDGER_URLS                where the API listens (default http://127.0.0.1:5080)
#   ASPNETCORE_ENVIRONMENT          default Development (enables the development token signing key and the development
#                                   tamper-evidence key; elsewhere set TamperEvidence__CurrentKeyId and
#                                   TamperEvidence__Keys__<id>, see README "Tamper evidence")
set -euo pipefail
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
readonly caller_dir="$PWD"  # file arguments are the caller's, relative to where it ran us
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")"

readonly api_project=src/QuotaLedger.Api
readonly pg_dir="$PWD/.data/pg" pg_port=55432 db_name=quotaledger
readonly api_dll="$api_project/bin/Release/net10.0/QuotaLedger.Api.dll" api_stamp="$PWD/.data/api-build.stamp"

usage() {
  sed -n '2,${/^#/!q;p}' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

# dotnet-install.sh puts the SDK in ~/.dotnet without touching PATH.
if ! command -v dotnet >/dev/null 2>&1 && [ -x "$HOME/.dotnet/dotnet" ]; then
  export DOTNET_ROOT="$HOME/.dotnet" PATH="$HOME/.dotnet:$PATH"
fi
require_dotnet() {
  if ! command -v dotnet >/dev/null 2>&1 || ! dotnet --list-sdks 2>/dev/null | grep -qE '^(1[0-9]|[2-9][0-9])\.'; then
    cat >&2 <<'MSG'
QuotaLedger needs the .NET 10 SDK, which was not found (`dotnet --list-sdks`). Install it, then run ./run.sh again:
  Debian 12:  wget https://packages.microsoft.com/config/debian/12/packages-microsoft-prod.deb -O /tmp/ms.deb
              sudo dpkg -i /tmp/ms.deb && sudo apt-get update && sudo apt-get install -y dotnet-sdk-10.0
  any Linux:  curl -sSL https://dot.net/v1/dotnet-install.sh | bash -s -- --channel 10.0   (installs to ~/.dotnet)
  see also:   https://dotnet.microsoft.com/download/dotnet/10.0
MSG
    exit 1
  fi
}

pg_bin() {  # the bin dir of the PostgreSQL that owns $pg_dir (or any installed one)
  local v=""
  [ -f "$pg_dir/PG_VERSION" ] && v="$(cat "$pg_dir/PG_VERSION")"
  if [ -n "$v" ] && [ -x "/usr/lib/postgresql/$v/bin/pg_ctl" ]; then echo "/usr/lib/postgresql/$v/bin"; return; fi
  for d in /usr/lib/postgresql/*/bin; do [ -x "$d/pg_ctl" ] && { echo "$d"; return; }; done
  command -v pg_ctl >/dev/null 2>&1 && { dirname "$(readlink -f "$(command -v pg_ctl)")"; return; }
  return 1
}
# The stamp is touched before a build starts, so a source saved during the build still counts as newer.
api_build_is_stale() {
  [ -f "$api_dll" ] && [ -f "$api_stamp" ] || return 0
  [ -n "$(find src Directory.Build.props Directory.Packages.props \( -name bin -o -name obj -o -name node_modules -o -name dist \) -prune -o \
    -type f -newer "$api_stamp" -print -quit)" ]
}

start_local_db() {  # starts .data/pg, creates the database, exports the connection string
  local conn bin psql
  conn="$(bash scripts/postgres.sh "$pg_dir" "$pg_port")"
  bin="$(pg_bin)"
  psql="$bin/psql"; [ -x "$psql" ] || psql="$(command -v psql)"
  local -a q=("$psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -tA)
  if [ "$("${q[@]}" -c "SELECT 1 FROM pg_database WHERE datname = '$db_name'")" != 1 ]; then
    echo "QuotaLedger: creating database $db_name" >&2
    "${q[@]}" -c "CREATE DATABASE $db_name"
  fi
  export ConnectionStrings__QuotaLedger="$conn;Database=$db_name"
}

cmd="${1:-}"
case "$cmd" in
  "")
    require_dotnet
    if [ -z "${ConnectionStrings__QuotaLedger:-}" ]; then
      start_local_db
      echo "QuotaLedger: PostgreSQL in $pg_dir on 127.0.0.1:$pg_port (./run.sh stop-db stops it)"
    else
      echo "QuotaLedger: using the database in \$ConnectionStrings__QuotaLedger"
    fi
    urls="${QUOTALEDGER_URLS:-http://127.0.0.1:5080}"
    base="${urls%%;*}"; base="${base%/}"
    base="$(sed -E 's#//(0\.0\.0\.0|\*|\+|\[::\])(:|$)#//127.0.0.1\2#' <<<"$base")"
    export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
    echo "QuotaLedger: console at $base/console/ (sign in with a token from ./run.sh token, README \"The console\")"
    echo "QuotaLedger: Swagger UI at $base/swagger"
    echo "QuotaLedger: mint bearer tokens with ./run.sh token <centre|prefecture|county|buyer> <org>[:<user>] ..."
    exec dotnet run --project "$api_project" -c Release --no-launch-profile --urls "$urls"
    ;;

  token)
    shift
    require_dotnet
    if api_build_is_stale; then
      echo "QuotaLedger: building the service (its output is missing or older than the sources)" >&2
      mkdir -p "$(dirname "$api_stamp")" && touch "$api_stamp.new"
      # The build's output goes to stderr, so that stdout carries only the tokens.
      dotnet build "$api_project" -c Release -nologo -v q >&2
      mv "$api_stamp.new" "$api_stamp"
    fi
    exec dotnet "$api_dll" mint-token "$@"
    ;;

  verify|receipt|import-legacy-store|rebuild-read-models)
    shift
    require_dotnet
    [ -n "${ConnectionStrings__QuotaLedger:-}" ] || start_local_db
    export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
    args=()
    case "$cmd" in
      verify)
        command=verify-ledger
        if [ "${1:-}" = --against ] && [ -n "${2:-}" ]; then
          args=(--against "$(cd "$caller_dir" && readlink -f "$2")")
        elif [ $# -gt 0 ]; then
          echo "usage: ./run.sh verify [--against <receipt file>]" >&2; exit 2
        fi
        ;;
      receipt) command=ledger-receipt; [ $# -le 1 ] || usage ;;
      *) command="$cmd" ;;
    esac
    if [ "$cmd" = receipt ]; then
      # Only the receipt on stdout: the build's output goes to stderr.
      dotnet build "$api_project" -c Release -nologo -v q >&2
      receipt="$(cd "$api_project" && dotnet "bin/Release/net10.0/QuotaLedger.Api.dll" ledger-receipt)"
      printf '%s\n' "$receipt"
      if [ -n "${1:-}" ]; then
        file="$(cd "$caller_dir" && readlink -f "$1")"
        printf '%s\n' "$receipt" >"$file"
        echo "QuotaLedger: the receipt is in $file; keep a copy outside the database's host" >&2
      fi
      exit 0
    fi
    exec dotnet run --project "$api_project" -c Release --no-launch-profile -- "$command" "${args[@]}"
    ;;

  schema-script)
    require_dotnet
    # A file named is the caller's, relative to where it ran us; the default is in this repository's .data.
    if [ -n "${2:-}" ]; then file="$(cd "$caller_dir" && realpath -m "$2")"; else file="$PWD/.data/quotaledger-schema.sql"; fi
    mkdir -p "$(dirname "$file")"
    exec dotnet run --project "$api_project" -c Release --no-launch-profile -- schema-script "$file"
    ;;

  stop-db)
    case "${2:-}" in
      "") dirs=("$pg_dir") ;;
      --all) dirs=(); for v in .data/*/PG_VERSION; do [ -f "$v" ] && dirs+=("$(dirname "$v")"); done ;;
      *) echo "unknown argument: $2" >&2; usage ;;
    esac
    stopped=0
    for dir in "${dirs[@]}"; do
      if bash scripts/postgres-stop.sh --running "$dir"; then bash scripts/postgres-stop.sh "$dir"; stopped=$((stopped + 1)); fi
    done
    [ "$stopped" -gt 0 ] || echo "nothing to stop: no cluster runs in ${dirs[*]:-.data}" >&2
    ;;

  -h|--help|help) usage ;;
  *) echo "unknown command: $cmd" >&2; usage ;;
esac
