# A clone's ./MilvusDM.psd1 (repo root) imports the built module in a fresh pwsh, under the same name and version.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:root = Get-RepoRoot
    $script:pwsh = Join-Path $PSHOME 'pwsh'
}

Describe 'Root manifest' -Tag Unit {
    It 'imports from the clone after a build, with help and the built module''s version' {
        $r = & $pwsh -NoProfile -NonInteractive -Command {
            param($root)
            $ErrorActionPreference = 'Stop'
            Set-Location $root
            Import-Module ./MilvusDM.psd1
            $m = Get-Module MilvusDM
            New-MilvusVectorBatch -Id 1 -Vector (, [float[]](1, 2)) | Out-Null
            [pscustomobject]@{
                Version  = $m.Version.ToString()
                Base     = $m.ModuleBase
                Commands = (Get-Command -Module MilvusDM).Count
                Help     = (Get-Help Connect-Milvus).Synopsis
                About    = (Get-Help about_MilvusDM | Out-String).Length
            }
        } -args $root | Select-Object -Last 1
        $LASTEXITCODE | Should -Be 0
        $r.Version | Should -Be (Import-PowerShellDataFile (Join-Path $root 'out/MilvusDM/MilvusDM.psd1')).ModuleVersion
        $r.Base | Should -Be (Join-Path $root 'out/MilvusDM')
        $r.Commands | Should -Be (Import-PowerShellDataFile (Join-Path (Get-RepoRoot) "out/MilvusDM/MilvusDM.psd1")).CmdletsToExport.Count
        $r.Help | Should -Match 'Milvus'
        $r.About | Should -BeGreaterThan 100
    }

    It 'names the build it needs when out/MilvusDM is missing' {
        Copy-Item (Join-Path $root 'MilvusDM.psd1') $TestDrive
        $out = & $pwsh -NoProfile -NonInteractive -Command "Import-Module '$(Join-Path $TestDrive 'MilvusDM.psd1')'" 2>&1
        ($out -join ' ') | Should -Match 'out/MilvusDM/MilvusDM.psd1'
    }
}
