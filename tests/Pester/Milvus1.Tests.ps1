BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../out/MilvusDM/MilvusDM.psd1') -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:server = Start-TestServer
    $script:conn = Connect-Milvus -Uri $server.Uri
    $script:m1 = Join-Path ([IO.Path]::GetTempPath()) "pester_m1_$([guid]::NewGuid().ToString('N'))"
    & /usr/bin/python3 (Join-Path $PSScriptRoot '../fixtures/make_milvus1.py') $m1
    $script:out = "$m1-export"
}

AfterAll {
    Remove-Item $m1, $out -Recurse -Force -ErrorAction SilentlyContinue
    Disconnect-Milvus $conn
    Stop-TestServer $server
}

Describe 'Milvus 1.x data paths' -Tag Integration {
    It 'lists the collection with its partitions and live rows' {
        $c = Get-Milvus1Collection -SourcePath $m1
        $c.Name | Should -Be 'pester_m1'
        $c.Rows | Should -Be 118
        $c.Partitions.MilvusName | Should -Be @('_default', 'tag_1')
    }

    It 'copies it into Milvus 2.x and verifies every row' {
        $results = Copy-MilvusCollection -SourcePath $m1 -Name pester_m1 -Destination $conn -Verify
        $results.Partition | Should -Be @('_default', 'tag_1')
        $results.Rows | Should -Be @(98, 20)
        $results.Verified | Should -Be @($true, $true)
    }

    It 'exports it to HDF5 files that load back' {
        $results = Export-MilvusCollection -SourcePath $m1 -Name pester_m1 -Path $out
        $results.Rows | Should -Be @(98, 20)
        (Import-Hdf5 -Directory $out -CollectionName pester_m1_back -Verify).Verified | Should -Be @($true, $true)
    }

    It 'names an unknown collection' {
        { Copy-MilvusCollection -SourcePath $m1 -Name nope -Destination $conn -ErrorAction Stop } | Should -Throw -ErrorId 'Milvus1CollectionNotFound*'
    }
}
