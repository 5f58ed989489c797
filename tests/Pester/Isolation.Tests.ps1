# Dependency isolation in real pwsh: a module that brings another Google.Protobuf (3.21.9, Add-Type'd into the default
# load context) and MilvusDM (Protobuf 3.36.2 and gRPC in its private "MilvusDM" context) share one session, in
# either import order, and both work: the probe serializes with its version, MilvusDM writes and lists a collection.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:root = Get-RepoRoot
    $script:pwsh = Join-Path $PSHOME 'pwsh'
    $script:module = Join-Path $root 'out/MilvusDM/MilvusDM.psd1'
    $script:probe = Join-Path $PSScriptRoot 'IsolationProbe/IsolationProbe.psm1'
    $packages = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path $HOME '.nuget/packages' }
    $script:protobuf = Join-Path $packages 'google.protobuf/3.21.9/lib/net5.0/Google.Protobuf.dll'
    # scripts/setup.sh restores it; a machine set up before the probe existed restores it here.
    if (-not (Test-Path $protobuf)) { dotnet restore (Join-Path $PSScriptRoot 'IsolationProbe/ProtobufDownload.csproj') --verbosity quiet | Out-Null }
    $script:ours = [System.Reflection.AssemblyName]::GetAssemblyName((Join-Path $root 'out/MilvusDM/Dependencies/Google.Protobuf.dll')).Version.ToString()
    $script:server = Start-TestServer
}

AfterAll {
    Stop-TestServer $server
}

Describe 'Dependency isolation' -Tag Isolation {
    It 'another module''s Google.Protobuf and MilvusDM''s work side by side (<Order>)' -ForEach @(
        @{ Order = 'probe first'; ProbeFirst = $true; Collection = 'iso_probe_first' }
        @{ Order = 'MilvusDM first'; ProbeFirst = $false; Collection = 'iso_milvusdm_first' }
    ) {
        $r = & $pwsh -NoProfile -NonInteractive -Command {
            param($module, $probe, $protobuf, $uri, $probeFirst, $collection)
            $ErrorActionPreference = 'Stop'
            if ($probeFirst) { Import-Module $probe -ArgumentList $protobuf; Import-Module $module }
            else { Import-Module $module; Import-Module $probe -ArgumentList $protobuf }
            Connect-Milvus -Uri $uri | Out-Null
            New-MilvusVectorBatch -Id 1, 2, 3 -Vector ([float[]](1, 2)), ([float[]](3, 4)), ([float[]](5, 6)) |
                Write-MilvusCollection -Name $collection -IndexType FLAT -MetricType L2 -Load | Out-Null
            $names = @(Get-MilvusCollection).Name
            $probeResult = Test-ProbeProtobuf
            $loaded = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'Google.Protobuf' } |
                ForEach-Object { "$($_.GetName().Version) in $([System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($_).Name)" }
            [pscustomobject]@{ Collections = $names; Probe = $probeResult; Loaded = @($loaded | Sort-Object) }
        } -args $module, $probe, $protobuf, $server.Uri, $ProbeFirst, $Collection | Select-Object -Last 1
        $LASTEXITCODE | Should -Be 0

        $r.Probe.Version | Should -Be '3.21.9.0'
        $ours | Should -Not -Be '3.21.9.0'
        $r.Probe.Context | Should -Be 'Default'
        $r.Probe.FromProbe | Should -BeTrue
        $r.Probe.Json | Should -Be '"2020-01-02T03:04:05Z"'
        $r.Collections | Should -Contain $Collection
        $r.Loaded | Should -Be @('3.21.9.0 in Default', "$ours in MilvusDM")
    }

    # The control: without a private context the two versions cannot share the session at all.
    It 'the same two versions clash in one load context' {
        $out = & $pwsh -NoProfile -NonInteractive -Command {
            param($protobuf, $module)
            Add-Type -Path $protobuf
            try { [System.Reflection.Assembly]::LoadFrom((Join-Path (Split-Path $module) 'Dependencies/Google.Protobuf.dll')) | Out-Null; 'loaded' }
            catch { $_.Exception.InnerException.Message }
        } -args $protobuf, $module
        ($out -join ' ') | Should -Match 'Assembly with same name is already loaded'
    }
}
