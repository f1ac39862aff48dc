#!/usr/bin/env bash
# Installs (from the committed lockfile) and starts or stops Azurite on loopback.
#   scripts/azurite.sh start [DATA_DIR]   - persistent when DATA_DIR is given, in-memory otherwise
#   scripts/azurite.sh stop
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tool="$root/tools/azurite"
pidfile="$root/.azurite/azurite.pid"

ensure_installed() {
  if [ ! -x "$tool/node_modules/.bin/azurite" ]; then
    echo "Installing Azurite from tools/azurite/package-lock.json ..."
    (cd "$tool" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

is_up() { (exec 3<>/dev/tcp/127.0.0.1/10002) 2>/dev/null; }

start() {
  if is_up; then echo "Azurite already listening on 127.0.0.1:10000-10002"; return; fi
  ensure_installed
  mkdir -p "$root/.azurite"
  local storage=(--inMemoryPersistence)
  if [ -n "${1:-}" ]; then mkdir -p "$1"; storage=(--location "$1"); fi
  nohup "$tool/node_modules/.bin/azurite" --silent "${storage[@]}" \
    --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 \
    --skipApiVersionCheck --loose >"$root/.azurite/azurite.log" 2>&1 &
  echo $! >"$pidfile"
  for _ in $(seq 1 100); do is_up && { echo "Azurite up (pid $(cat "$pidfile"))"; return; }; sleep 0.2; done
  echo "Azurite did not start; see .azurite/azurite.log" >&2; exit 1
}

stop() {
  if [ -f "$pidfile" ]; then kill "$(cat "$pidfile")" 2>/dev/null || true; rm -f "$pidfile"; fi
}

case "${1:-}" in
  start) start "${2:-}" ;;
  stop) stop ;;
  *) echo "usage: $0 start [DATA_DIR] | stop" >&2; exit 2 ;;
esac
