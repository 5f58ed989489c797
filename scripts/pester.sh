#!/usr/bin/env bash
# Runs the Pester suite (tests/Pester) in a child pwsh 7.6.9 with Pester 5.9.1 from the NuGet cache, against the built
# module. Needs scripts/setup.sh and a build first (scripts/test.sh does both).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:$HOME/.dotnet/tools"
pester="${NUGET_PACKAGES:-$HOME/.nuget/packages}/pester/5.9.1/tools/Pester.psd1"
[ -f "$pester" ] || { echo "pester: $pester not found; run scripts/setup.sh" >&2; exit 1; }
pwsh -NoProfile -NonInteractive -Command "
  Import-Module '$pester' -RequiredVersion 5.9.1
  \$c = New-PesterConfiguration
  \$c.Run.Path = 'tests/Pester'
  \$c.Run.Exit = \$true
  \$c.Output.Verbosity = 'Normal'
  \$c.TestResult.Enabled = \$false
  Invoke-Pester -Configuration \$c"
