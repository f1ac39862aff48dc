#!/usr/bin/env bash
# Runs every test on a fresh machine: installs and starts Azurite (in memory, on loopback) and smtp4dev unless
# they are already listening, builds the solution, runs all test projects, and ends with "N passed, N failed".
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

# AZURITE_PORT_BASE (see scripts/azurite.sh) lets two checkouts test side by side on separate emulators.
if ! (exec 3<>/dev/tcp/127.0.0.1/$((${AZURITE_PORT_BASE:-10000} + 2))) 2>/dev/null; then
  scripts/azurite.sh start
  stop_azurite=1
  trap 'scripts/azurite.sh stop' EXIT
fi
AzureWebJobsStorage="$(scripts/azurite.sh connection)"
export AzureWebJobsStorage

# smtp4dev for the tests that deliver email for real (tests/Support/Smtp4dev.cs reads the ports). Its ports follow
# AZURITE_PORT_BASE (base+25 SMTP, base+80 web) so side-by-side checkouts do not share one; 2525/5080 by default.
if [ -n "${AZURITE_PORT_BASE:-}" ]; then
  export SMTP4DEV_SMTP_PORT="${SMTP4DEV_SMTP_PORT:-$((AZURITE_PORT_BASE + 25))}" SMTP4DEV_WEB_PORT="${SMTP4DEV_WEB_PORT:-$((AZURITE_PORT_BASE + 80))}"
fi
if ! scripts/smtp4dev.sh status >/dev/null 2>&1; then
  scripts/smtp4dev.sh start
  trap 'scripts/smtp4dev.sh stop; if [ -n "${stop_azurite:-}" ]; then scripts/azurite.sh stop; fi' EXIT
fi

results="$root/TestResults"
rm -rf "$results"
dotnet build JourneyFunctions.sln -c Release --nologo -v quiet
status=0
dotnet test JourneyFunctions.sln -c Release --no-build --nologo \
  --logger "trx" --results-directory "$results" -- RunConfiguration.TreatNoTestsAsError=true || status=$?

python3 - "$results" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
passed = failed = 0
for trx in glob.glob(sys.argv[1] + "/*.trx"):
    c = ET.parse(trx).getroot().find(".//{*}ResultSummary/{*}Counters")
    passed += int(c.get("passed")); failed += int(c.get("failed")) + int(c.get("error")) + int(c.get("timeout"))
print(f"{passed} passed, {failed} failed")
if passed == 0: sys.exit(1)
PY
exit $status
