#!/usr/bin/env bash
# Benchmarks on the local host: scripts/benchmark.sh journey [accounts] [people] [batch size] [count 0/1] [spread] | scale [accounts...] | sync [people] [owned] [changes] [kill 0/1] [count 0/1] | marketo [leads] | marketo-bulk [leads] | delivery [accounts] [people] [batch size] [calls per 20 s] [count 0/1] | azurite | sales-activities [activities] | page [nodes] | events [accounts] [events] [per second]
# Starts Azurite (in memory) unless one is listening, builds in Release, runs the command, prints its figures.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# scale: the journey benchmark (x 10 people) at each size, each on a fresh in-memory Azurite so no size pays for the
# rows of another, then one table of the figures.
if [ "${1:-}" = scale ]; then
  shift
  sizes=("$@")
  [ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000 50000)
  table=""
  for accounts in "${sizes[@]}"; do
    scripts/azurite.sh stop >/dev/null
    # tee to a process substitution, not /dev/stderr: reopening /dev/stderr truncates a redirected log at each size.
    out="$("$0" journey "$accounts" 10 | tee >(cat >&2))" || true
    pick() { grep "^$1" <<<"$out" | sed "s/^$1 *//"; }
    table+="| $accounts x 10 | $(pick 'journey run' | sed 's/ (.*//') | $(pick 's per 1,000 accounts') | $(pick 'effects stored' | sed 's/ expected.*//') | $(pick 'peak memory') | $(pick 'azurite raw writes' | sed 's/ (.*//') | $(pick 'per account') | $(pick 'write floor' | sed 's/ (.*)//') | $(uptime | sed 's/.*average: //') |"$'\n'
    scripts/azurite.sh stop >/dev/null
  done
  printf '\n| accounts | run | s per 1,000 accounts | effects stored | peak memory | Azurite raw | storage traffic per account | write floor; run / floor | load average |\n|---|---|---|---|---|---|---|---|---|\n%s' "$table"
  exit 0
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
