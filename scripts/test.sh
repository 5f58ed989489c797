#!/usr/bin/env bash
# Builds the solution and runs every test project. Run scripts/setup.sh once first on a fresh machine.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
dotnet build MilvusDM.sln -c Release --nologo --verbosity quiet
dotnet test MilvusDM.sln -c Release --no-build --nologo --verbosity quiet --logger "console;verbosity=normal" "$@"
