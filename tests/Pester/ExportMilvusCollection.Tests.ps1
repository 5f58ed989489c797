BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../out/MilvusDM/MilvusDM.psd1') -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:server = Start-TestServer
    $script:conn = Connect-Milvus -Uri $server.Uri
    New-TestBatches -Count 2 -Rows 100 -Dimension 4 | Write-MilvusCollection -Name pester_export -IndexType FLAT -MetricType IP | Out-Null
    New-TestBatches -Count 1 -Rows 50 -Dimension 4 -First 5000 | Write-MilvusCollection -Name pester_export -PartitionName p1 | Out-Null
    $script:out = Join-Path ([IO.Path]::GetTempPath()) "pester_export_$([guid]::NewGuid().ToString('N'))"
}

AfterAll {
    Remove-Item $out -Recurse -Force -ErrorAction SilentlyContinue
    Disconnect-Milvus $conn
    Stop-TestServer $server
}

Describe 'Export-MilvusCollection' -Tag Integration {
    It 'plans without writing under -WhatIf' {
        Export-MilvusCollection -Name pester_export -Path $out -WhatIf
        Test-Path (Join-Path $out 'pester_export__default.h5') | Should -BeFalse
    }

    It 'writes one HDF5 file and one task file per partition' {
        $results = Export-MilvusCollection -Name pester_export -Path $out
        $results.Partition | Should -Be @('_default', 'p1')
        $results.Rows | Should -Be @(200, 50)
        Test-Path (Join-Path $out 'pester_export_p1.h5') | Should -BeTrue
        Get-Content (Join-Path $out 'pester_export_p1.yaml') -Raw | Should -Match 'H2M:'
    }

    It 'refuses to overwrite without -Force' {
        { Export-MilvusCollection -Name pester_export -Path $out -ErrorAction Stop } | Should -Throw -ErrorId 'Hdf5FileExists*'
    }

    It 'loads back equal, partitions and index included, and proves it with -Verify' {
        $back = Import-Hdf5 -Directory $out -CollectionName pester_export_back -Verify
        $back.Verified | Should -Be @($true, $true)
        $back.Partition | Should -Be @('_default', 'p1')
        (Compare-MilvusCollection pester_export pester_export_back).Equal | Should -BeTrue
    }
}
