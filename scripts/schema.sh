#!/usr/bin/env bash
# Writes the action part of docs/journey.schema.json ($defs/action) from the action registry (domain/Actions/Types).
# Run it after adding or changing an action; tests/Domain.Tests fails while the committed schema differs.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[ $# -eq 0 ] || { echo "usage: scripts/schema.sh (no arguments)" >&2; exit 2; }
dotnet run --project "$root/tools/ActionSchema/JourneyFunctions.ActionSchema.csproj" -c Release -v quiet -- "$root/docs/journey.schema.json"
