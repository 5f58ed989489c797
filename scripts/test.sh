#!/usr/bin/env bash
# Sets up what is missing, builds the solution, packs the Gallery package (out/MilvusDM.<version>.nupkg), runs every
# xunit test project, then the Pester suite in real pwsh (which also installs a package it packs itself).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
dotnet build MilvusDM.sln -c Release --nologo --verbosity quiet
dotnet msbuild build/Package.proj -p:Configuration=Release -p:NoBuild=true -nologo -verbosity:quiet
dotnet test MilvusDM.sln -c Release --no-build --nologo --verbosity quiet --logger "console;verbosity=normal" "$@"
bash scripts/pester.sh
