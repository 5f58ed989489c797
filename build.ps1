#requires -Version 7.4
<#
.SYNOPSIS
    Builds MilvusDM, lays out the module in out/MilvusDM, and optionally packs it or runs the tests.
.DESCRIPTION
    Needs only pwsh and the .NET SDK. `dotnet build` alone produces out/MilvusDM (an MSBuild step), so CI and
    the xunit tests work without pwsh; this script wraps it for pwsh users. With -Test it runs the xunit
    projects and, when Pester 5 is installed, the Pester suite in a child pwsh (so the module DLL is not locked here).
    With -Package it writes out/MilvusDM.<version>.nupkg for the PowerShell Gallery (build/Package.ps1; without pwsh
    scripts: dotnet msbuild build/Package.proj).
.EXAMPLE
    ./build.ps1 -Test
.EXAMPLE
    ./build.ps1 -Package; Publish-PSResource -NupkgPath out/MilvusDM.0.1.0.nupkg -Repository PSGallery -ApiKey $key
#>
[CmdletBinding()]
param(
    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',
    [switch] $Clean,
    [switch] $Package,
    [switch] $Test
)
$ErrorActionPreference = 'Stop'
Set-Location $PSScriptRoot

if ($Clean) {
    Remove-Item -Recurse -Force out -ErrorAction SilentlyContinue
    dotnet clean MilvusDM.sln -c $Configuration --nologo --verbosity quiet
}

dotnet build MilvusDM.sln -c $Configuration --nologo
if ($LASTEXITCODE) { throw "dotnet build failed ($LASTEXITCODE)." }
Write-Host "Module laid out in $(Join-Path $PSScriptRoot 'out/MilvusDM')"

# A child pwsh packs, as for the tests: PSResourceGet is not loaded into this session.
if ($Package) {
    pwsh -NoProfile -NonInteractive -File build/Package.ps1
    if ($LASTEXITCODE) { throw "Packing failed ($LASTEXITCODE)." }
}

if ($Test) {
    if (-not (Test-Path tests/NodeSdk/node_modules/@zilliz/milvus2-sdk-node)) {
        Push-Location tests/NodeSdk; try { npm ci --no-audit --no-fund } finally { Pop-Location }
    }
    dotnet test MilvusDM.sln -c $Configuration --no-build --nologo
    if ($LASTEXITCODE) { throw "dotnet test failed ($LASTEXITCODE)." }

    $pester = Get-Module -ListAvailable Pester | Where-Object Version -ge '5.0' | Select-Object -First 1
    if ($pester) {
        pwsh -NoProfile -Command "Import-Module Pester -MinimumVersion 5.0; `$c = New-PesterConfiguration; `$c.Run.Path = 'tests/Pester'; `$c.Run.Exit = `$true; Invoke-Pester -Configuration `$c"
        if ($LASTEXITCODE) { throw "Pester failed ($LASTEXITCODE)." }
    }
    else {
        Write-Warning 'Pester 5 is not installed: skipping tests/Pester (Install-Module Pester -MinimumVersion 5.0).'
    }
}
