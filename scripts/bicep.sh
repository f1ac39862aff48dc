#!/usr/bin/env bash
# The Bicep compiler CI uses (NuGet package Azure.Bicep.CommandLine.linux-x64, version pinned in
# tests/Operations.Tests/Operations.Tests.csproj), restored on first use, run with any bicep arguments.
#   scripts/bicep.sh                      # build and lint infra/main.bicep, infra/azd.bicep and their parameters files; fails on any warning
#   scripts/bicep.sh build infra/main.bicep --outfile /tmp/main.json
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
project="$root/tests/Operations.Tests/Operations.Tests.csproj"
# Quiet when it works; its own errors (a package the feed does not serve, NU1605) are shown, not swallowed.
restored="$(dotnet restore "$project" --nologo -v quiet 2>&1)" || { echo "$restored" >&2; echo "scripts/bicep.sh: restoring $project failed" >&2; exit 1; }
bicep="$(dotnet msbuild "$project" -nologo -getProperty:BicepPath)"
[ -x "$bicep" ] || chmod u+x "$bicep" # a package's files may be extracted without the execute bit

if [ $# -gt 0 ]; then
  exec "$bicep" "$@"
fi
# The same checks as tests/Operations.Tests/BicepBuildTests: any diagnostic, warning or error, fails.
cd "$root/infra"
# azd sets these for azd.bicepparam; given here so it compiles.
export AZURE_ENV_NAME="${AZURE_ENV_NAME:-ci}" AZURE_LOCATION="${AZURE_LOCATION:-westeurope}"
for check in "build main.bicep --stdout" "lint main.bicep" "build-params main.bicepparam --stdout" \
  "build azd.bicep --stdout" "lint azd.bicep" "build-params azd.bicepparam --stdout"; do
  # shellcheck disable=SC2086 # the words of $check are separate arguments
  diagnostics="$("$bicep" $check 2>&1 >/dev/null)" || { echo "$diagnostics" >&2; echo "bicep $check: failed" >&2; exit 1; }
  [ -z "$diagnostics" ] || { echo "$diagnostics" >&2; echo "bicep $check: warnings" >&2; exit 1; }
  echo "bicep $check: clean"
done
