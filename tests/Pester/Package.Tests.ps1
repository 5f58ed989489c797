# The Gallery package: packed from the built module by build/Package.ps1, installed with Install-PSResource from a
# file repository by a fresh user (own HOME, so own CurrentUser module path and repositories), imported by name.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:root = Get-RepoRoot
    $script:pwsh = Join-Path $PSHOME 'pwsh'
    $script:version = (Import-PowerShellDataFile (Join-Path $root 'out/MilvusDM/MilvusDM.psd1')).ModuleVersion
    $script:feed = Join-Path $TestDrive 'feed'
    $script:userHome = Join-Path $TestDrive 'home'
    # With no ~/.config, PSResourceGet's NuGet would write its NuGet.Config into the current folder.
    New-Item -ItemType Directory (Join-Path $userHome '.config') | Out-Null

    # Runs a script block in a child pwsh as the fresh user: nothing inherited from this session's module path or data
    # folders. Its output comes back as (deserialized) objects.
    function Invoke-FreshUser([scriptblock] $Script, [object[]] $Arguments = @()) {
        $saved = @{ HOME = $env:HOME; PSModulePath = $env:PSModulePath; XDG_DATA_HOME = $env:XDG_DATA_HOME; XDG_CONFIG_HOME = $env:XDG_CONFIG_HOME }
        try {
            $env:HOME = $userHome; $env:PSModulePath = $null; $env:XDG_DATA_HOME = $null; $env:XDG_CONFIG_HOME = $null
            Push-Location $TestDrive
            try { $out = & $pwsh -NoProfile -NonInteractive -Command $Script -args $Arguments } finally { Pop-Location }
            if ($LASTEXITCODE) { throw "pwsh failed ($LASTEXITCODE): $out" }
            $out
        }
        finally { foreach ($k in $saved.Keys) { Set-Item "env:$k" $saved[$k] } }
    }

    # Packed as the fresh user too: its run-only repository never touches this user's list.
    Invoke-FreshUser { param($script, $feed) $ErrorActionPreference = 'Stop'; & $script -OutputPath $feed } (Join-Path $root 'build/Package.ps1'), $feed | Out-Null
    $script:package = Join-Path $feed "MilvusDM.$version.nupkg"
}

Describe 'Gallery package' -Tag Package {
    It 'is written as MilvusDM.<version>.nupkg' {
        $package | Should -Exist
    }

    It 'holds the module without .pdb files or natives for platforms pwsh does not run on' {
        Add-Type -AssemblyName System.IO.Compression.FileSystem
        $zip = [System.IO.Compression.ZipFile]::OpenRead($package)
        try { $entries = $zip.Entries.FullName } finally { $zip.Dispose() }
        $entries | Should -Contain 'MilvusDM.psd1'
        $entries | Should -Contain 'MilvusDM.PowerShell.dll'
        $entries | Should -Contain 'LICENSE'
        $entries | Should -Contain 'en-US/MilvusDM.PowerShell.dll-Help.xml'
        $entries | Should -Contain 'Dependencies/MilvusDM.Core.dll'
        $entries | Should -Contain 'Dependencies/runtimes/linux-x64/native/libe_sqlite3.so'
        $entries | Where-Object { $_ -like '*.pdb' } | Should -BeNullOrEmpty
        $entries | Where-Object { $_ -match '^Dependencies/runtimes/(browser-wasm|maccatalyst|linux-(mips64|s390x|ppc64le|riscv64|armel))' } | Should -BeNullOrEmpty
    }

    It 'installs with Install-PSResource from a file repository and works when imported by name' {
        Invoke-FreshUser {
            param($feed)
            $ErrorActionPreference = 'Stop'
            Register-PSResourceRepository -Name local -Uri $feed -Trusted
            Install-PSResource MilvusDM -Repository local -TrustRepository -Scope CurrentUser -Quiet
        } $feed | Out-Null

        $r = Invoke-FreshUser {
            $ErrorActionPreference = 'Stop'
            Import-Module MilvusDM
            $m = Get-Module MilvusDM
            # A cmdlet that runs Core code, so Core loads from the installed Dependencies/ into the private context.
            New-MilvusVectorBatch -Id 1, 2 -Vector ([float[]](1, 2)), ([float[]](3, 4)) | Out-Null
            $core = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'MilvusDM.Core' }
            [pscustomobject]@{
                Version  = $m.Version.ToString()
                Base     = $m.ModuleBase
                Commands = (Get-Command -Module MilvusDM).Count
                Help     = (Get-Help Import-Hdf5).Synopsis
                Core     = $core.Location
                Context  = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($core).Name
            }
        } | Select-Object -Last 1
        $r.Version | Should -Be $version
        $r.Base | Should -BeLike "$userHome*"
        $r.Commands | Should -Be (Import-PowerShellDataFile (Join-Path (Get-RepoRoot) "out/MilvusDM/MilvusDM.psd1")).CmdletsToExport.Count
        $r.Help | Should -Match 'HDF5'
        $r.Core | Should -Be (Join-Path $r.Base 'Dependencies/MilvusDM.Core.dll')
        $r.Context | Should -Be 'MilvusDM'
        Get-ChildItem $r.Base -Recurse -Filter *.pdb | Should -BeNullOrEmpty
    }
}
