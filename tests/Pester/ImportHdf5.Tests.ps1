BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../out/MilvusDM/MilvusDM.psd1') -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:server = Start-TestServer
    Connect-Milvus -Uri $server.Uri | Out-Null
    $root = Get-RepoRoot
    & /usr/bin/python3 (Join-Path $root 'tests/fixtures/make_hdf5.py') $TestDrive (Join-Path $root 'tests/fixtures/milvusdm-examples') | Out-Null
}

AfterAll {
    Disconnect-Milvus
    Stop-TestServer $server
}

Describe 'HDF5 cmdlets' -Tag Integration {
    It 'recognises the ann-benchmarks layout' {
        (Get-Hdf5Info (Join-Path $TestDrive 'ann_angular.h5')).Layout | Should -Be 'AnnBenchmarks'
    }

    It 'imports the old tool''s example files exactly' {
        (Import-Hdf5 -Path (Join-Path $TestDrive 'float_example.h5') -CollectionName pester_h5_float).Rows | Should -Be 5000
        (Import-Hdf5 -Path (Join-Path $TestDrive 'byte_example.h5') -CollectionName pester_h5_bytes).Rows | Should -Be 5
    }

    It 'imports Get-ChildItem output, the first file with -Mode and the rest appended' {
        $results = Get-ChildItem $TestDrive -Filter 'f32_*.h5' | Import-Hdf5 -CollectionName pester_h5_many -Mode Overwrite -Force
        $results.Status | Should -Not -Contain 'Failed'
        (Get-MilvusCollection pester_h5_many).RowCount | Should -Be ($results.Count * 2500)
    }

    It 'reports a length mismatch with a stable id' {
        { Import-Hdf5 -Path (Join-Path $TestDrive 'length_mismatch.h5') -CollectionName pester_h5_bad -ErrorAction Stop } |
            Should -Throw -ErrorId 'Hdf5LengthMismatch,MilvusDM.PowerShell.Commands.ImportHdf5Command'
    }

    It 'composes Read-Hdf5 with Write-MilvusCollection' {
        (Read-Hdf5 (Join-Path $TestDrive 'ann_angular.h5') -Dataset test | Write-MilvusCollection -Name pester_h5_read).Rows | Should -Be 50
    }
}
