BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../out/MilvusDM/MilvusDM.psd1') -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:server = Start-TestServer
    Connect-Milvus -Uri $server.Uri | Out-Null
    # Real Faiss (python3-faiss) writes the fixtures.
    & /usr/bin/python3 (Join-Path (Get-RepoRoot) 'tests/fixtures/make_faiss.py') $TestDrive | Out-Null
}

AfterAll {
    Disconnect-Milvus
    Stop-TestServer $server
}

Describe 'Faiss cmdlets' -Tag Integration {
    It 'describes an index' {
        $info = Get-FaissIndexInfo -Path (Join-Path $TestDrive 'idmap_hnsw.index')
        $info.Type | Should -Be 'IndexIDMap > IndexHNSW > IndexFlat'
        $info.Recoverability | Should -Be 'Exact'
    }

    It 'imports files from Get-ChildItem, the first with -Mode, the rest appended' {
        $results = Get-ChildItem $TestDrive -Filter 'idmap*_flat.index' | Import-FaissIndex -CollectionName pester_faiss -Mode Overwrite -Force -AllowDuplicateIds
        $results.Status | Should -Be @('Succeeded', 'Succeeded')
        (Get-MilvusCollection pester_faiss).RowCount | Should -Be 2000
    }

    It 'refuses lossy files without -AllowLossy' {
        { Import-FaissIndex -Path (Join-Path $TestDrive 'ivfpq.index') -CollectionName pester_pq -ErrorAction Stop } |
            Should -Throw -ErrorId 'FaissIndexLossy,MilvusDM.PowerShell.Commands.ImportFaissIndexCommand'
    }

    It 'streams batches to Write-MilvusCollection' {
        $result = Read-FaissIndex -Path (Join-Path $TestDrive 'hnsw_flat.index') -BatchSize 250 | Write-MilvusCollection -Name pester_read
        $result.Rows | Should -Be 1000
    }

    It 'writes nothing with -WhatIf' {
        Import-FaissIndex -Path (Join-Path $TestDrive 'flat_l2.index') -CollectionName pester_faiss_whatif -WhatIf
        Get-MilvusCollection -Name 'pester_faiss_whatif*' | Should -BeNullOrEmpty
    }
}
