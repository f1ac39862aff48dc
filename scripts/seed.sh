#!/usr/bin/env bash
# Loads the sample and reference data (accounts, people, the account list, destination, audience, Marketo
# connection, workspace and emails that samples/ and the README use) into the storage account AzureWebJobsStorage
# names: a connection string, or identity-based AzureWebJobsStorage__* settings, from the environment, else from
# functions/local.settings.json (what func start reads); Azurite when neither sets it.
#   scripts/seed.sh [people]     (default 200 people, in accounts of 10)
# Run it once before using the Functions host (func start); the local host runs the same code at start with
# DevHost__SeedSampleData=true. Safe to run again: it rewrites the same rows.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dotnet build "$root/tools/seed" -c Release --nologo -v quiet
JOURNEYFUNCTIONS_LOCAL_SETTINGS="$root/functions/local.settings.json" exec dotnet "$root/tools/seed/bin/Release/net10.0/JourneyFunctions.Seed.dll" "$@"
