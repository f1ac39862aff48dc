#!/usr/bin/env bash
# The main job on a fresh machine: Azurite (persistent, in .azurite/data), smtp4dev (SMTP 127.0.0.1:2525, web UI
# http://127.0.0.1:5080), the local host on :7071 with sample
# data, then a sample journey run and the sales sync, printed as they happen. Ctrl+C stops everything.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
api="http://localhost:7071/api"

"$root/scripts/azurite.sh" start "$root/.azurite/data"
"$root/scripts/smtp4dev.sh" start
dotnet build devhost -c Release --nologo -v quiet
DevHost__SeedSampleData=true dotnet devhost/bin/Release/net10.0/JourneyFunctions.DevHost.dll &
host=$!
# Every step may fail (the host may have stopped first): each is tried, so Azurite and smtp4dev always stop.
trap 'kill $host 2>/dev/null || true; wait $host 2>/dev/null || true; "$root/scripts/smtp4dev.sh" stop || true; "$root/scripts/azurite.sh" stop || true' EXIT
for _ in $(seq 1 120); do curl -sf "$api/sync/status" >/dev/null && break; sleep 0.5; done

json() { python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }
journey=$(curl -sf -X POST "$api/journeys" --data-binary @samples/welcome-journey.json | json id)
curl -sf -X POST "$api/journeys/$journey/publish" >/dev/null
status_url=$(curl -sf -X POST "$api/journeys/$journey/runs" | json statusUrl)
echo
echo "Journey $journey is live; its run is at: $status_url"
for _ in $(seq 1 120); do
  run=$(curl -sf "$status_url")
  state=$(echo "$run" | json status)
  echo "$run" | python3 -c "
import json,sys; r=json.load(sys.stdin)
print(r['status'], ' | '.join(f\"{k}: reached {v['reached']}, now {v['current']}, people {v['peopleAffected']}\" for k,v in r['nodes'].items()))"
  [ "$state" = "Running" ] || [ "$state" = "Pending" ] || break
  sleep 1
done
echo
echo "Starting the initial sales sync now (the timer would also start it within a minute):"
# A 409 says the timer started it first: the same sync, followed below.
started=$(curl -s -w '\n%{http_code}' -X POST "$api/sync/initial")
if [ "$(tail -n1 <<<"$started")" = 409 ]; then echo "already started by its timer"; else head -n -1 <<<"$started"; fi
for _ in $(seq 1 60); do
  sync=$(curl -sf "$api/sync/status")
  echo "$sync"
  [ "$(echo "$sync" | json status)" = "Completed" ] && break
  sleep 1
done
echo
echo "The sample journey's emails are in smtp4dev: http://127.0.0.1:${SMTP4DEV_WEB_PORT:-5080} (API: /api/messages?pageSize=100);"
echo "their delivery status per person: ${status_url%/}/deliveries"
echo "The local host keeps running on $api (run status: $status_url); the journey map is at http://localhost:7071/. Ctrl+C to stop."
wait $host
