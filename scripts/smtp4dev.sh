#!/usr/bin/env bash
# Installs (the pinned dotnet tool, into tools/smtp4dev/) and starts or stops smtp4dev, the local SMTP server that
# journey emails and sales alerts go to by default, on loopback only:
#   scripts/smtp4dev.sh start | stop | status
#   SMTP on 127.0.0.1:${SMTP4DEV_SMTP_PORT:-2525}; web UI and API (GET /api/messages) on http://127.0.0.1:${SMTP4DEV_WEB_PORT:-5080}.
# IMAP and POP3 are off; messages are kept in memory (up to SMTP4DEV_MESSAGES_TO_KEEP, default 100000).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
version="3.15.0"
tool="$root/tools/smtp4dev/$version"
smtp_port="${SMTP4DEV_SMTP_PORT:-2525}"
web_port="${SMTP4DEV_WEB_PORT:-5080}"
for setting in "SMTP4DEV_SMTP_PORT=$smtp_port" "SMTP4DEV_WEB_PORT=$web_port"; do
  value="${setting#*=}"
  if ! [[ "$value" =~ ^[0-9]{1,5}$ ]] || [ "$((10#$value))" -lt 1 ] || [ "$((10#$value))" -gt 65535 ]; then
    echo "${setting%%=*} must be a port, 1 to 65535 (got '$value')" >&2; exit 2
  fi
done
[ "$smtp_port" != "$web_port" ] || { echo "SMTP4DEV_SMTP_PORT and SMTP4DEV_WEB_PORT must differ (both $smtp_port)" >&2; exit 2; }
keep="${SMTP4DEV_MESSAGES_TO_KEEP:-100000}"
[[ "$keep" =~ ^[1-9][0-9]{0,8}$ ]] || { echo "SMTP4DEV_MESSAGES_TO_KEEP must be a whole number from 1 (got '$keep')" >&2; exit 2; }
state="$root/.smtp4dev"
pidfile="$state/smtp4dev-$smtp_port.pid"

ensure_installed() {
  if [ ! -x "$tool/smtp4dev" ]; then
    echo "Installing smtp4dev $version into tools/smtp4dev/$version ..."
    dotnet tool install Rnwood.Smtp4dev --version "$version" --tool-path "$tool" >/dev/null
  fi
}

listens() { (exec 3<>/dev/tcp/127.0.0.1/"$1") 2>/dev/null; }
is_up() { curl -sf -m 5 "http://127.0.0.1:$web_port/api/messages" >/dev/null 2>&1 && listens "$smtp_port"; }

start() {
  if is_up; then echo "smtp4dev already listening on 127.0.0.1:$smtp_port (web http://127.0.0.1:$web_port)"; return; fi
  # Something else on a port would answer for smtp4dev (mail to the wrong server, or a start that only looks up).
  for port in "$smtp_port" "$web_port"; do
    if listens "$port"; then echo "Port $port is taken by something else: stop it, or set SMTP4DEV_SMTP_PORT / SMTP4DEV_WEB_PORT" >&2; exit 1; fi
  done
  ensure_installed
  mkdir -p "$state/appdata-$smtp_port"
  # Built for .NET 8; runs on the installed newer runtime. No user settings, in-memory database, loopback only.
  DOTNET_ROLL_FORWARD=Major nohup "$tool/smtp4dev" --nousersettings --baseappdatapath="$state/appdata-$smtp_port" --db="" \
    --bindaddress=127.0.0.1 --disableipv6 --hostname=localhost --smtpport="$smtp_port" --urls="http://127.0.0.1:$web_port" \
    --imapport="" --pop3port="" --messagestokeep="$keep" --sessionstokeep=100 \
    >"$state/smtp4dev-$smtp_port.log" 2>&1 &
  echo $! >"$pidfile"
  for _ in $(seq 1 150); do
    is_up && { echo "smtp4dev up (pid $(cat "$pidfile")): SMTP 127.0.0.1:$smtp_port, web http://127.0.0.1:$web_port"; return; }
    kill -0 "$(cat "$pidfile")" 2>/dev/null || break
    sleep 0.2
  done
  stop # a start that failed leaves nothing running (its web port stayed open when only SMTP failed)
  echo "smtp4dev did not start; see .smtp4dev/smtp4dev-$smtp_port.log" >&2; exit 1
}

stop() {
  if [ -f "$pidfile" ]; then kill "$(cat "$pidfile")" 2>/dev/null || true; rm -f "$pidfile"; fi
}

[ $# -le 1 ] || { echo "usage: $0 start | stop | status" >&2; exit 2; }
case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) if is_up; then echo "up: SMTP 127.0.0.1:$smtp_port, web http://127.0.0.1:$web_port"; else echo "down"; exit 1; fi ;;
  *) echo "usage: $0 start | stop | status" >&2; exit 2 ;;
esac
