#!/usr/bin/env bash
# QuotaLedger: the one command that runs every test.
#   ./test.sh [extra dotnet test arguments, e.g. --filter FullyQualifiedName~Quota]
# Starts a private PostgreSQL cluster for the tests (.data/pg-test; created on port 55439, or on
# QUOTALEDGER_TEST_PG_PORT) unless QUOTALEDGER_TEST_PG already holds a connection string (the tests create their own
# databases in it), runs the solution's tests, and ends with one summary line: `N passed, N failed` (plus
# `, N skipped` when tests were skipped). Just before that line it stops the clusters it started: .data/pg-test, and
# the fault suite's .data/pg-fault should the suite have left it running. Clusters that were running before it
# started, and the one QUOTALEDGER_TEST_PG names, are left alone. The browser tests' Chromium and CJK font, and the
# curl and jq of the README's walk for buyers, are installed first when missing (scripts/test-tools.sh; apt-get, as root).
# Exit code: dotnet test's, or 1 when no test ran at all.
set -euo pipefail
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")"
readonly results_dir=.data/test-results

if ! command -v dotnet >/dev/null 2>&1 && [ -x "$HOME/.dotnet/dotnet" ]; then
  export DOTNET_ROOT="$HOME/.dotnet" PATH="$HOME/.dotnet:$PATH"
fi
command -v dotnet >/dev/null 2>&1 || { echo "dotnet not found: install the .NET 10 SDK (see ./run.sh)" >&2; exit 1; }

started=()
stop_started_clusters() {
  [ "${#started[@]}" -eq 0 ] || bash scripts/postgres-stop.sh "${started[@]}" || true
  started=()
}
trap stop_started_clusters EXIT  # also on an interrupt or a failure before the summary

# The fault suite stops its own cluster when it started it; this covers a run interrupted before it could.
bash scripts/postgres-stop.sh --running .data/pg-fault || started+=(.data/pg-fault)
if [ -z "${QUOTALEDGER_TEST_PG:-}" ]; then
  bash scripts/postgres-stop.sh --running .data/pg-test || started+=(.data/pg-test)
  QUOTALEDGER_TEST_PG="$(bash scripts/postgres.sh .data/pg-test "${QUOTALEDGER_TEST_PG_PORT:-55439}")"
fi
export QUOTALEDGER_TEST_PG

bash scripts/test-tools.sh || echo "warning: Chromium, its CJK font, curl or jq could not be installed; the tests that need them will fail" >&2

rm -rf "$results_dir"
mkdir -p "$results_dir"

# One trx file per test project: a fixed LogFileName would make every project overwrite the same file
# (microsoft/vstest#3026), so LogFilePrefix names them results_<tfm>_<timestamp>.trx instead.
rc=0
# Built first, so that ./run.sh (which the README's walk for buyers calls for tokens) finds its build current: the
# stamp it compares the sources with says when the service was last built.
if dotnet build QuotaLedger.sln -c Release -nologo -v q; then
  mkdir -p .data && touch .data/api-build.stamp
  dotnet test QuotaLedger.sln -c Release --no-build --logger "trx;LogFilePrefix=results" --results-directory "$results_dir" "$@" || rc=$?
else
  rc=1
fi

# Sum the <Counters .../> of every trx file. Plain bash + grep: python3 is not on every fresh machine.
passed=0 failed=0 skipped=0 executed=0
attr() {  # attr <name> <element>: the numeric value of one attribute, 0 when absent
  if [[ "$2" =~ [[:space:]]$1=\"([0-9]+)\" ]]; then echo "${BASH_REMATCH[1]}"; else echo 0; fi
}
while IFS= read -r -d '' trx; do
  counters="$(grep -o -m 1 '<Counters [^>]*>' "$trx" || true)"
  [ -n "$counters" ] || { echo "warning: no <Counters> in $trx" >&2; continue; }
  total=$(attr total "$counters"); exe=$(attr executed "$counters")
  passed=$((passed + $(attr passed "$counters")))
  failed=$((failed + $(attr failed "$counters") + $(attr error "$counters") + $(attr timeout "$counters")))
  executed=$((executed + exe))
  # xUnit's skipped tests count in total but not in executed; notExecuted stays 0 for them.
  not_run=$((total - exe)); ne=$(attr notExecuted "$counters"); [ "$ne" -gt "$not_run" ] && not_run=$ne
  skipped=$((skipped + not_run))
done < <(find "$results_dir" -name '*.trx' -print0)

stop_started_clusters

if [ "$executed" -eq 0 ]; then
  echo "no test was executed" >&2
  [ "$rc" -ne 0 ] || rc=1
fi
summary="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && summary+=", $skipped skipped"
echo "$summary"
exit "$rc"
