#!/usr/bin/env bash
# The main job on a fresh machine: Azurite (persistent, in .azurite/data), smtp4dev (SMTP 127.0.0.1:2525, web UI
# http://127.0.0.1:5080), the local host on :7071 (DevHost__HttpPort) with sample
# data, then a sample journey run and the sales sync, printed as they happen. Ctrl+C stops everything it started;
# an Azurite or smtp4dev that was already running is used and left running.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
[ $# -eq 0 ] || { echo "usage: scripts/run-local.sh (no arguments: ports and settings come from the environment, see README)" >&2; exit 2; }
port="${DevHost__HttpPort:-7071}"
api="http://localhost:$port/api"
host=""
build=""
stop_azurite=false
stop_smtp4dev=false
# Every step may fail (the host may have stopped first): each is tried, so what this run started always stops.
# The build runs in the background so that a SIGTERM to this script (which its foreground children would not get)
# stops it too, with the MSBuild nodes it started (a compiler server it started may stay, as after any build).
trap 'if [ -n "$build" ]; then pkill -TERM -P $build 2>/dev/null || true; kill $build 2>/dev/null || true; fi
      if [ -n "$host" ]; then kill $host 2>/dev/null || true; wait $host 2>/dev/null || true; fi
      if $stop_smtp4dev; then "$root/scripts/smtp4dev.sh" stop || true; fi
      if $stop_azurite; then "$root/scripts/azurite.sh" stop || true; fi' EXIT

# Another host on the port (a second run-local.sh, say) would answer this run's calls: refuse rather than drive it.
if curl -s -m 2 -o /dev/null "http://localhost:$port/"; then
  echo "Something already serves localhost:$port (another scripts/run-local.sh?): stop it, or set DevHost__HttpPort." >&2
  exit 1
fi

started=$("$root/scripts/azurite.sh" start "$root/.azurite/data"); echo "$started"
[[ $started == *"already listening"* ]] || stop_azurite=true
started=$("$root/scripts/smtp4dev.sh" start); echo "$started"
[[ $started == *"already listening"* ]] || stop_smtp4dev=true
dotnet build devhost -c Release --nologo -v quiet &
build=$!
built=0; wait $build || built=$?
build=""
[ $built -eq 0 ] || exit $built
DevHost__SeedSampleData=true dotnet devhost/bin/Release/net10.0/JourneyFunctions.DevHost.dll &
host=$!
for _ in $(seq 1 240); do
  curl -sf -m 5 "$api/sync/status" >/dev/null && break
  kill -0 $host 2>/dev/null || { echo "The local host stopped (its reason is above)." >&2; exit 1; }
  sleep 0.5
done
curl -sf -m 5 "$api/sync/status" >/dev/null || { echo "The local host did not answer on $api within 2 minutes." >&2; exit 1; }

json() { python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }
journey=$(curl -sf -m 30 -X POST "$api/journeys" --data-binary @samples/welcome-journey.json | json id)
curl -sf -m 30 -X POST "$api/journeys/$journey/publish" >/dev/null
status_url=$(curl -sf -m 30 -X POST "$api/journeys/$journey/runs" | json statusUrl)
echo
echo "Journey $journey is live; its run is at: $status_url"
for _ in $(seq 1 120); do
  run=$(curl -sf -m 30 "$status_url")
  state=$(echo "$run" | json status)
  echo "$run" | python3 -c "
import json,sys; r=json.load(sys.stdin)
print(r['status'], ' | '.join(f\"{k}: reached {v['reached']}, now {v['current']}, people {v['peopleAffected']}\" for k,v in r['nodes'].items()) or ('(taking its audience)' if r['accounts'] is None else '(no account)'))"
  [ "$state" = "Running" ] || [ "$state" = "Pending" ] || break
  sleep 1
done
echo
echo "Starting a full initial sales sync now (on a fresh store the timer starts one within its first minute):"
# A 409 says a sync is already running (the timer's, or one an earlier stop left): the one followed below.
started=$(curl -s -m 30 -w '\n%{http_code}' -X POST "$api/sync/initial")
if [ "$(tail -n1 <<<"$started")" = 409 ]; then echo "a sync is already running (started by its timer, or left by an earlier stop); following it"; else head -n -1 <<<"$started"; fi
for _ in $(seq 1 60); do
  sync=$(curl -sf -m 30 "$api/sync/status")
  echo "$sync"
  [ "$(echo "$sync" | json status)" = "Completed" ] && break
  sleep 1
done
echo
echo "The sample journey's emails are in smtp4dev: http://127.0.0.1:${SMTP4DEV_WEB_PORT:-5080} (API: /api/messages?pageSize=100);"
echo "their delivery status per person: ${status_url%/}/deliveries"
echo "The local host keeps running on $api (run status: $status_url); the journey map is at http://localhost:$port/. Ctrl+C to stop."
wait $host
