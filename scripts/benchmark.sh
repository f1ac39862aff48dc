#!/usr/bin/env bash
# Benchmarks on the local host: scripts/benchmark.sh journey [accounts] [people] [batch size] | sync [people] [owned] | marketo [leads] | azurite | sales-activities [activities] | page [nodes] | events [accounts] [events] [per second]
# Starts Azurite (in memory) unless one is listening, builds in Release, runs the command, prints its figures.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# AZURITE_PORT_BASE (see scripts/azurite.sh) picks the emulator, as for scripts/test.sh.
if ! (exec 3<>/dev/tcp/127.0.0.1/$((${AZURITE_PORT_BASE:-10000} + 2))) 2>/dev/null; then
  scripts/azurite.sh start
  trap 'scripts/azurite.sh stop' EXIT
fi
AzureWebJobsStorage="$(scripts/azurite.sh connection)"
export AzureWebJobsStorage
dotnet build benchmarks -c Release --nologo -v quiet
dotnet benchmarks/bin/Release/net10.0/JourneyFunctions.Benchmarks.dll "$@"
