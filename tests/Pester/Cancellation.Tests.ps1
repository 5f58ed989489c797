# Honest cancellation: Ctrl+C (pressed in a pseudo-terminal, as a user's keyboard does) tells what was committed and
# that -Resume continues; milvusdm exits 130; the resumed run ends with exactly the source's rows.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../out/MilvusDM/MilvusDM.psd1') -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:root = Get-RepoRoot
    $script:server = Start-TestServer
    $script:conn = Connect-Milvus -Uri $server.Uri
    $script:work = Join-Path ([System.IO.Path]::GetTempPath()) ([System.IO.Path]::GetRandomFileName())
    New-Item -ItemType Directory $work | Out-Null
    $script:h5 = Join-Path $work 'many.h5'
    & /usr/bin/python3 (Join-Path $root 'tests/fixtures/make_random_h5.py') $h5 300000 16
    $script:pwsh = Join-Path $PSHOME 'pwsh'
    $script:ctrlC = Join-Path $root 'tests/fixtures/ctrl_c.py'
    $script:module = Join-Path $root 'out/MilvusDM/MilvusDM.psd1'
    $env:MILVUSDM_CHECKPOINTS = Join-Path $work 'checkpoints'
}

AfterAll {
    Remove-Item Env:MILVUSDM_CHECKPOINTS -ErrorAction SilentlyContinue
    Disconnect-Milvus $conn
    Stop-TestServer $server
    Remove-Item -Recurse -Force $work
}

Describe 'Ctrl+C' -Tag Integration {
    It 'stops Import-Hdf5, says what was committed, and -Resume finishes exactly' {
        $command = "Import-Module '$module'; Connect-Milvus '$($server.Uri)' | Out-Null; `$ProgressPreference = 'SilentlyContinue'; 'IMPORTING'; Import-Hdf5 '$h5' -CollectionName stopped_import -BatchSize 50 -ThrottleLimit 1"
        $out = & /usr/bin/python3 $ctrlC 1.5 'IMPORTING' $pwsh -NoProfile -Command $command
        $LASTEXITCODE | Should -Not -Be 0
        ($out -join "`n") | Should -Match 'Cancelled: stopped after [\d,]+ committed rows'
        ($out -join "`n") | Should -Match '-Resume'
        $resumed = Import-Hdf5 $h5 -CollectionName stopped_import -Resume -Load
        $resumed.Status | Should -Be 'Succeeded'
        $resumed.Rows | Should -BeLessThan 300000
        $check = Compare-MilvusCollection -Name stopped_import -DestinationName stopped_import -Destination $conn
        ($check.TargetRows, $check.TargetEntities) | Should -Be 300000, 300000
    }

    It 'makes milvusdm exit 130 and point to --resume' {
        $cli = Join-Path $root 'src/MilvusDM.Cli/bin/Release/net10.0/milvusdm.dll'
        $command = "Connect-Milvus '$($server.Uri)' | Out-Null; Import-Hdf5 '$h5' -CollectionName stopped_cli -BatchSize 50 -ThrottleLimit 1"
        $out = & /usr/bin/python3 $ctrlC 1 'rows/s' dotnet $cli -c $command
        $LASTEXITCODE | Should -Be 130
        ($out -join "`n") | Should -Match 'milvusdm: cancelled, stopped at .*--resume'
    }
}
