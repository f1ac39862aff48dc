#!/usr/bin/env bash
# Benchmarks on the local host: scripts/benchmark.sh journey [accounts] [people] [batch size] [count 0/1] [spread] | scale [accounts...] | sync [people] [owned] [changes] [kill 0/1] [count 0/1] | marketo [leads] | marketo-bulk [leads] | delivery [accounts] [people] [batch size] [calls per 20 s] [count 0/1] | azurite | sales-activities [activities] | page [nodes] | events [accounts] [events] [per second]
# Starts Azurite (in memory) unless one is listening, builds in Release, runs the command, prints its figures.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
usage() {
  echo "usage: scripts/benchmark.sh journey [accounts] [people] [batch size] [count 0/1] [spread] | scale [accounts...] | sync [people, a multiple of 100] [owned] [changes] [kill 0/1] [count 0/1] | marketo [leads] | marketo-bulk [leads] | delivery [accounts] [people] [batch size] [calls per 20 s] [count 0/1] | azurite | sales-activities [activities] | page [nodes] | events [accounts] [events] [per second]" >&2
  exit 2
}
# Every argument is checked before Azurite starts or anything builds: a bad one is one line and exit 2.
refuse() { echo "benchmark: $1" >&2; exit 2; }
whole() { [[ "$2" =~ ^[0-9]{1,9}$ ]] || refuse "$1 must be a whole number (got '$2')"; }
at_least() { whole "$1" "$2"; [ "$((10#$2))" -ge "$3" ] || refuse "$1 must be at least $3 (got $2)"; }
flag() { [[ "$2" == 0 || "$2" == 1 ]] || refuse "$1 must be 0 or 1 (got '$2')"; }
command="${1:-}"
case "$command" in
  journey|delivery)
    [ $# -le 6 ] || usage
    at_least accounts "${2-1}" 1; at_least people "${3-1}" 1; at_least "batch size" "${4-1}" 1
    [ "$((10#${4-1}))" -le 2000 ] || refuse "batch size must be at most 2000, as JourneyBatchSize (got $4)"
    if [ "$command" = journey ]; then flag count "${5-1}"; at_least spread "${6-1}" 1
    else at_least "calls per 20 s" "${5-1}" 1; flag count "${6-1}"; fi ;;
  scale) for size in "${@:2}"; do at_least accounts "$size" 1; done ;;
  sync)
    [ $# -le 6 ] || usage
    at_least people "${2-120000}" 100; [ "$((10#${2-120000} % 100))" = 0 ] || refuse "people must be a multiple of 100: the benchmark's accounts hold 100 people each (got $2)"
    whole owned "${3-100000}"; [ "$((10#${3-100000}))" -le "$((10#${2-120000}))" ] || refuse "owned must be at most the people (got ${3-100000, the default,} of ${2-120000})"
    whole changes "${4-0}"; flag kill "${5-0}"; flag count "${6-0}" ;;
  marketo|marketo-bulk|sales-activities|page) [ $# -le 2 ] || usage; at_least "${command}'s count" "${2-1}" 1 ;;
  events) [ $# -le 4 ] || usage; at_least accounts "${2-1}" 1; at_least events "${3-1}" 1; at_least "per second" "${4-1}" 1 ;;
  azurite) [ $# -le 1 ] || usage ;;
  *) usage ;;
esac
# scale: the journey benchmark (x 10 people) at each size, each on a fresh in-memory Azurite so no size pays for the
# rows of another, then one table of the figures.
if [ "${1:-}" = scale ]; then
  shift
  sizes=("$@")
  [ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000 50000)
  table=""
  failed=0
  # Each size starts and stops its own Azurite: one already listening (yours, with its data) is not stopped for it.
  if (exec 3<>/dev/tcp/127.0.0.1/$((${AZURITE_PORT_BASE:-10000} + 2))) 2>/dev/null; then
    refuse "scale runs each size on a fresh Azurite, and one already listens on $((${AZURITE_PORT_BASE:-10000} + 2)): stop it (scripts/azurite.sh stop) or set another AZURITE_PORT_BASE"
  fi
  for accounts in "${sizes[@]}"; do
    # tee to a process substitution, not /dev/stderr: reopening /dev/stderr truncates a redirected log at each size.
    out="$("$0" journey "$accounts" 10 | tee >(cat >&2))" || failed=1
    pick() { grep "^$1" <<<"$out" | sed "s/^$1 *//"; }
    table+="| $accounts x 10 | $(pick 'journey run' | sed 's/ (.*//') | $(pick 's per 1,000 accounts') | $(pick 'effects stored' | sed 's/ expected.*//') | $(pick 'peak memory') | $(pick 'azurite raw writes' | sed 's/ (.*//') | $(pick 'per account') | $(pick 'write floor' | sed 's/ (.*)//') | $(uptime | sed 's/.*average: //') |"$'\n'
  done
  printf '\n| accounts | run | s per 1,000 accounts | effects stored | peak memory | Azurite raw | storage traffic per account | write floor; run / floor | load average |\n|---|---|---|---|---|---|---|---|---|\n%s' "$table"
  exit "$failed"
fi
# Whatever this script starts, it stops on exit.
cleanup=()
trap 'for c in "${cleanup[@]}"; do $c; done' EXIT
# AZURITE_PORT_BASE (see scripts/azurite.sh) picks the emulator, as for scripts/test.sh.
if ! (exec 3<>/dev/tcp/127.0.0.1/$((${AZURITE_PORT_BASE:-10000} + 2))) 2>/dev/null; then
  scripts/azurite.sh start
  cleanup+=("scripts/azurite.sh stop")
fi
AzureWebJobsStorage="$(scripts/azurite.sh connection)"
export AzureWebJobsStorage
# delivery sends email to smtp4dev: started here unless one is listening (its ports follow AZURITE_PORT_BASE as in scripts/test.sh).
if [ "${1:-}" = delivery ]; then
  if [ -n "${AZURITE_PORT_BASE:-}" ]; then
    export SMTP4DEV_SMTP_PORT="${SMTP4DEV_SMTP_PORT:-$((AZURITE_PORT_BASE + 25))}" SMTP4DEV_WEB_PORT="${SMTP4DEV_WEB_PORT:-$((AZURITE_PORT_BASE + 80))}"
  fi
  if ! scripts/smtp4dev.sh status >/dev/null 2>&1; then
    SMTP4DEV_MESSAGES_TO_KEEP="${SMTP4DEV_MESSAGES_TO_KEEP:-1000}" scripts/smtp4dev.sh start
    cleanup+=("scripts/smtp4dev.sh stop")
  fi
fi
dotnet build benchmarks -c Release --nologo -v quiet
dotnet benchmarks/bin/Release/net10.0/JourneyFunctions.Benchmarks.dll "$@"
