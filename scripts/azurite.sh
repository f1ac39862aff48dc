#!/usr/bin/env bash
# Installs (from the committed lockfile) and starts or stops Azurite on loopback.
#   scripts/azurite.sh start [DATA_DIR]   - persistent when DATA_DIR is given, in-memory otherwise
#   scripts/azurite.sh stop
#   AZURITE_PORT_BASE=11000 uses ports 11000-11002 (default 10000-10002); for a non-default base, export the
#   connection string that `scripts/azurite.sh connection` prints as AzureWebJobsStorage.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tool="$root/tools/azurite"
base="${AZURITE_PORT_BASE:-10000}"
if ! [[ "$base" =~ ^[0-9]{1,5}$ ]] || [ "$((10#$base))" -lt 1 ] || [ "$((10#$base))" -gt 65533 ]; then
  echo "AZURITE_PORT_BASE must be a whole number from 1 to 65533, Azurite's three ports from it (got '$base')" >&2; exit 2
fi
base="$((10#$base))"
pidfile="$root/.azurite/azurite-$base.pid"
datafile="$root/.azurite/azurite-$base.data"
key="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="

ensure_installed() {
  if [ ! -x "$tool/node_modules/.bin/azurite" ]; then
    echo "Installing Azurite from tools/azurite/package-lock.json ..."
    (cd "$tool" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

listens() { (exec 3<>/dev/tcp/127.0.0.1/"$1") 2>/dev/null; }
# Azurite, not just anything on its ports: its table service names itself in the Server header.
is_up() {
  listens "$base" && listens $((base + 1)) && listens $((base + 2)) &&
    curl -s -o /dev/null -D - -m 5 "http://127.0.0.1:$((base + 2))/devstoreaccount1/Tables" 2>/dev/null | grep -qi '^server: azurite'
}

connection() {
  if [ "$base" = 10000 ]; then echo "UseDevelopmentStorage=true"; return; fi
  local host="http://127.0.0.1"
  echo "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$key;BlobEndpoint=$host:$base/devstoreaccount1;QueueEndpoint=$host:$((base + 1))/devstoreaccount1;TableEndpoint=$host:$((base + 2))/devstoreaccount1;"
}

# Where the running Azurite keeps its data, beside the data this start asked for: the same, another, or not known (one
# this script did not start). Written at start to $datafile: a directory, or "memory".
where() { if [ "$1" = memory ]; then echo "in memory"; else echo "in $1"; fi; }
already_holding() {
  local asked="memory" running=""
  if [ -n "$1" ]; then asked="$(realpath -m "$1")"; fi
  if [ -f "$pidfile" ] && [ -f "$datafile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then running="$(cat "$datafile")"; fi
  if [ -z "$running" ]; then echo " (not started by this script: its data is its own)"
  elif [ "$running" = "$asked" ]; then echo " (data $(where "$running"))"
  else echo " (its own data $(where "$running"), not $(where "$asked"))"; fi
}

start() {
  if is_up; then echo "Azurite already listening on 127.0.0.1:$base-$((base + 2))$(already_holding "${1:-}")"; return; fi
  for port in "$base" $((base + 1)) $((base + 2)); do
    if listens "$port"; then echo "Port $port is taken by something else: stop it, or set another AZURITE_PORT_BASE" >&2; exit 1; fi
  done
  ensure_installed
  mkdir -p "$root/.azurite"
  local storage=(--inMemoryPersistence)
  local holds="memory"
  if [ -n "${1:-}" ]; then mkdir -p "$1"; storage=(--location "$1"); holds="$(realpath -m "$1")"; fi
  # A larger young generation: Azurite allocates per request and per row, and its collector ran ~10% of the time
  # under the journey benchmark with the default. In memory, the queue GC's extents go in one pass
  # (tools/azurite/batched-extent-gc.js: otherwise a stall of seconds every minute). No telemetry: nothing leaves this machine.
  # Point reads and partition-keyed queries from Azurite's key indices, as in Azure, and no index rebuild per dequeue
  # (tools/azurite/key-indexed-reads.js, queue-message-indices.js; AZURITE_KEY_INDEX=0 leaves Azurite's own ways, to compare).
  # Request ids from a pool of random bytes instead of a system call each (tools/azurite/pooled-request-ids.js).
  local preload="--require \"$tool/key-indexed-reads.js\" --require \"$tool/queue-message-indices.js\" --require \"$tool/pooled-request-ids.js\""
  if [ -z "${1:-}" ]; then preload="$preload --require \"$tool/batched-extent-gc.js\""; fi
  # A heap limit above Node's default (4.3 GB here): Azurite holds every row in memory, and near the limit V8 collects ever
  # more often (40% of Azurite's time at the end of the million-person sync, 20-30% with this limit).
  NODE_OPTIONS="${NODE_OPTIONS:-} --max-semi-space-size=64 --max-old-space-size=12288 $preload" nohup "$tool/node_modules/.bin/azurite" --silent --disableTelemetry "${storage[@]}" \
    --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 \
    --blobPort "$base" --queuePort "$((base + 1))" --tablePort "$((base + 2))" \
    --skipApiVersionCheck --loose >"$root/.azurite/azurite-$base.log" 2>&1 &
  echo $! >"$pidfile"
  echo "$holds" >"$datafile"
  for _ in $(seq 1 100); do
    is_up && { echo "Azurite up (pid $(cat "$pidfile"))"; return; }
    kill -0 "$(cat "$pidfile")" 2>/dev/null || break
    sleep 0.2
  done
  stop # a start that failed leaves nothing running, and no pid file a later stop would trust
  echo "Azurite did not start; see .azurite/azurite-$base.log" >&2; exit 1
}

stop() {
  if [ -f "$pidfile" ]; then kill "$(cat "$pidfile")" 2>/dev/null || true; rm -f "$pidfile" "$datafile"; fi
}

usage() { echo "usage: $0 start [DATA_DIR] | stop | connection" >&2; exit 2; }

case "${1:-}" in
  start) [ $# -le 2 ] || usage; start "${2:-}" ;;
  stop) [ $# -le 1 ] || usage; stop ;;
  connection) [ $# -le 1 ] || usage; connection ;;
  *) usage ;;
esac
