#!/usr/bin/env bash
# Benchmarks on the local host: scripts/benchmark.sh journey [accounts] [people]
# Starts Azurite (in memory) unless one is listening, builds in Release, runs the command, prints its figures.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
if ! (exec 3<>/dev/tcp/127.0.0.1/10002) 2>/dev/null; then
  scripts/azurite.sh start
  trap 'scripts/azurite.sh stop' EXIT
fi
dotnet build benchmarks -c Release --nologo -v quiet
dotnet benchmarks/bin/Release/net10.0/JourneyFunctions.Benchmarks.dll "$@"
