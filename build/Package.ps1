#requires -Version 7.4
<#
.SYNOPSIS
    Packs the laid-out module (out/MilvusDM) into out/MilvusDM.<version>.nupkg for the PowerShell Gallery.
.DESCRIPTION
    Publish-PSResource (PSResourceGet, in pwsh 7.4+) writes the package, so its nuspec, tags and layout are the
    Gallery's own. It publishes a staged copy without .pdb files to a file repository registered under a unique name
    for this run only (the user's repositories are left as they were). Build first (dotnet build MilvusDM.sln).
    Called by ./build.ps1 -Package and by `dotnet msbuild build/Package.proj`.
#>
[CmdletBinding()]
param(
    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/MilvusDM'),
    [string] $OutputPath = (Join-Path $PSScriptRoot '../out')
)
$ErrorActionPreference = 'Stop'
Import-Module Microsoft.PowerShell.PSResourceGet

$manifest = Join-Path $ModulePath 'MilvusDM.psd1'
if (-not (Test-Path $manifest)) { throw "No built module at ${ModulePath}: run dotnet build MilvusDM.sln first." }
$ModulePath = (Resolve-Path $ModulePath).Path
$version = (Import-PowerShellDataFile $manifest).ModuleVersion
$OutputPath = (New-Item -ItemType Directory -Force $OutputPath).FullName
$package = Join-Path $OutputPath "MilvusDM.$version.nupkg"

$work = Join-Path ([System.IO.Path]::GetTempPath()) "milvusdm-package-$([guid]::NewGuid().ToString('n'))"
$stage = Join-Path $work 'MilvusDM'
$feed = Join-Path $work 'feed'
$repository = "MilvusDM-build-$([guid]::NewGuid().ToString('n'))"
# PSResourceGet's NuGet writes NuGet/NuGet.Config into the current folder when the user has no config folder yet.
Push-Location ([System.IO.Path]::GetTempPath())
try {
    # Debug symbols stay out of the package (they are for local debugging of out/MilvusDM).
    New-Item -ItemType Directory -Force $stage, $feed | Out-Null
    Copy-Item (Join-Path $ModulePath '*') $stage -Recurse
    Get-ChildItem $stage -Recurse -Filter *.pdb | Remove-Item

    Register-PSResourceRepository -Name $repository -Uri $feed -Trusted
    Publish-PSResource -Path $stage -Repository $repository
    Move-Item (Join-Path $feed "MilvusDM.$version.nupkg") $package -Force
}
finally {
    Pop-Location
    Unregister-PSResourceRepository -Name $repository -ErrorAction SilentlyContinue
    Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
}
Write-Host "Package written: $package"
