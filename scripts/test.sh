#!/usr/bin/env bash
# Runs every test on a fresh machine: installs and starts Azurite (in memory, on loopback) and smtp4dev unless
# they are already listening, builds the solution, runs all test projects, and ends with "N passed, N failed".
# --unit: only the unit tier (test projects with <TestTier>Unit</TestTier>, less their [Trait("Tier", "Integration")]
# classes): no Azurite, no hosts, builds only those projects, and prints the tier's time.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
results="$root/TestResults"

[ $# -le 1 ] || { echo "usage: scripts/test.sh [--unit]" >&2; exit 2; }
case "${1:-}" in
  "") ;;
  --unit)
    rm -rf "$results" && mkdir -p "$results"
    # A solution filter of the unit projects, so only they and what they reference are built and run.
    projects=$(grep -l '<TestTier>Unit</TestTier>' tests/*/*.csproj | sed 's|/|\\\\|g; s|.*|"&"|' | paste -sd, -)
    printf '{ "solution": { "path": "../JourneyFunctions.sln", "projects": [%s] } }\n' "$projects" > "$results/unit.slnf"
    dotnet build "$results/unit.slnf" -c Release --nologo -v quiet
    started=$SECONDS
    status=0
    dotnet test "$results/unit.slnf" -c Release --no-build --nologo --filter 'Tier!=Integration' \
      --logger "trx" --results-directory "$results" -- RunConfiguration.TreatNoTestsAsError=true || status=$?
    echo "unit tier: $((SECONDS - started)) s"
    ;;
  *) echo "usage: scripts/test.sh [--unit]" >&2; exit 2 ;;
esac

if [ -z "${1:-}" ]; then
# AZURITE_PORT_BASE (see scripts/azurite.sh) lets two checkouts test side by side on separate emulators.
if ! (exec 3<>/dev/tcp/127.0.0.1/$((${AZURITE_PORT_BASE:-10000} + 2))) 2>/dev/null; then
  scripts/azurite.sh start
  stop_azurite=1
  trap 'scripts/azurite.sh stop' EXIT
fi
AzureWebJobsStorage="$(scripts/azurite.sh connection)"
export AzureWebJobsStorage

# smtp4dev for the tests that deliver email for real (testing/Support/Smtp4dev.cs reads the ports). Its ports follow
# AZURITE_PORT_BASE (base+25 SMTP, base+80 web) so side-by-side checkouts do not share one; 2525/5080 by default.
if [ -n "${AZURITE_PORT_BASE:-}" ]; then
  export SMTP4DEV_SMTP_PORT="${SMTP4DEV_SMTP_PORT:-$((AZURITE_PORT_BASE + 25))}" SMTP4DEV_WEB_PORT="${SMTP4DEV_WEB_PORT:-$((AZURITE_PORT_BASE + 80))}"
fi
if ! scripts/smtp4dev.sh status >/dev/null 2>&1; then
  scripts/smtp4dev.sh start
  trap 'scripts/smtp4dev.sh stop; if [ -n "${stop_azurite:-}" ]; then scripts/azurite.sh stop; fi' EXIT
fi

# The browser tests (tests/Ui.Tests) drive the machine's Chromium: Playwright's own browser downloads are not used.
if ! command -v chromium >/dev/null 2>&1 && [ -z "${CHROMIUM_PATH:-}" ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

rm -rf "$results"
dotnet build JourneyFunctions.sln -c Release --nologo -v quiet
status=0
dotnet test JourneyFunctions.sln -c Release --no-build --nologo \
  --logger "trx" --results-directory "$results" -- RunConfiguration.TreatNoTestsAsError=true || status=$?
fi

python3 - "$results" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
passed = failed = 0
corpus = {"Passed": 0, "Failed": 0}
for trx in glob.glob(sys.argv[1] + "/*.trx"):
    root = ET.parse(trx).getroot()
    c = root.find(".//{*}ResultSummary/{*}Counters")
    passed += int(c.get("passed")); failed += int(c.get("failed")) + int(c.get("error")) + int(c.get("timeout"))
    for r in root.findall(".//{*}UnitTestResult"):
        if "BadInputCorpusTests" in r.get("testName", "") and r.get("outcome") in corpus:
            corpus[r.get("outcome")] += 1
print(f"bad-input corpus: {corpus['Passed']} cases passed, {corpus['Failed']} failed")
print(f"{passed} passed, {failed} failed")
if passed == 0: sys.exit(1)
PY
exit $status
