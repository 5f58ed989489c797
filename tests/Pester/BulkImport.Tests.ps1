BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../out/MilvusDM/MilvusDM.psd1') -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    # The destination's storage root stands for its bucket: the backup is written into it, and Milvus reads it there.
    $script:root = Join-Path ([System.IO.Path]::GetTempPath()) "pester-bulk-$([guid]::NewGuid().ToString('N'))"
    New-Item -ItemType Directory -Path $root | Out-Null
    $script:a = Start-TestServer
    $script:b = Start-TestServer -StorageRoot $root
    $script:src = Connect-Milvus -Uri $a.Uri
    $script:dst = Connect-Milvus -Uri $b.Uri -NoDefault
    New-TestBatches -Count 2 -Rows 100 -Dimension 4 | Write-MilvusCollection -Name pester_bulk -IndexType FLAT -MetricType L2 -Load | Out-Null
    New-TestBatches -Count 1 -Rows 30 -Dimension 4 -First 1000 | Write-MilvusCollection -Name pester_bulk -PartitionName p1 | Out-Null
    $script:dump = Join-Path $root 'backups/dump'
    Backup-Milvus -Path $dump -MaxFileSize 4KB | Out-Null
}

AfterAll {
    Disconnect-Milvus $dst
    Disconnect-Milvus $src
    Stop-TestServer $a
    Stop-TestServer $b
    if (Test-Path $root) { Remove-Item $root -Recurse -Force }
}

Describe 'Restore-Milvus -BulkImport' -Tag Integration {
    It 'refuses -BulkImport without -StoragePath before anything is created' {
        Restore-Milvus -Path $dump -Connection $dst -BulkImport -ErrorVariable e -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        ($e[0].FullyQualifiedErrorId -split ',')[0] | Should -Be 'RestoreStoragePathMissing'
        $e[0].ErrorDetails.RecommendedAction | Should -Match '-StoragePath'
        Get-MilvusCollection -Connection $dst | Should -BeNullOrEmpty
    }

    It 'imports nothing with -WhatIf' {
        Restore-Milvus -Path $dump -Connection $dst -BulkImport -StoragePath backups/dump -WhatIf | Should -BeNullOrEmpty
        Get-MilvusCollection -Connection $dst | Should -BeNullOrEmpty
    }

    It 'lets the server import every file, verified, loaded, with the import progress shown' {
        # A runspace of our own, to read the progress records the cmdlet writes.
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript({
                param($module, $uri, $dump)
                Import-Module $module
                $c = Connect-Milvus -Uri $uri -NoDefault
                Restore-Milvus -Path $dump -Connection $c -BulkImport -StoragePath backups/dump -Verify
            }).AddArgument((Join-Path $PSScriptRoot '../../out/MilvusDM/MilvusDM.psd1')).AddArgument($b.Uri).AddArgument($dump)
            $results = $ps.Invoke()
            $ps.Streams.Error | Should -BeNullOrEmpty
            $progress = @($ps.Streams.Progress)
        } finally { $ps.Dispose() }
        $results.Status | Sort-Object -Unique | Should -Be 'Succeeded'
        $results.Verified | Sort-Object -Unique | Should -BeTrue
        ($results | Measure-Object Rows -Sum).Sum | Should -Be 230
        $results.Partition | Should -Be '_default', 'p1'
        ($progress | Where-Object PercentComplete -gt 0) | Should -Not -BeNullOrEmpty
        $copy = Get-MilvusCollection pester_bulk -Connection $dst
        $copy.RowCount | Should -Be 230
        $copy.LoadState | Should -Be 'Loaded'
        (Compare-MilvusCollection -Name pester_bulk -Destination $dst).Equal | Should -BeTrue
    }

    It 'runs as a restore step of a task file with bulk_import and storage_path (milvusdm --yaml)' {
        $task = Join-Path $root 'bulk-restore.yaml'
        @"
steps:
  - name: bulk restore
    source: { backup: { path: ./backups/dump, collections: [pester_bulk] } }
    destination:
      milvus: { uri: '$($b.Uri)', rename: { pester_bulk: bulk_by_task }, bulk_import: true, storage_path: backups/dump }
    verify: true
"@ | Set-Content $task
        $cli = Join-Path $PSScriptRoot '../../src/MilvusDM.Cli/bin/Release/net10.0/milvusdm.dll'
        $out = & dotnet $cli --yaml $task 2>&1
        $LASTEXITCODE | Should -Be 0 -Because ($out -join "`n")
        (Get-MilvusCollection bulk_by_task -Connection $dst).RowCount | Should -Be 230
        (Compare-MilvusCollection -Name pester_bulk -DestinationName bulk_by_task -Destination $dst).Equal | Should -BeTrue
    }

    It 'reports the reason of a failed import job as the error' {
        $file = Get-ChildItem (Join-Path $dump 'default/pester_bulk/p1') -Filter *.parquet | Select-Object -First 1
        $bytes = [System.IO.File]::ReadAllBytes($file.FullName)
        $bytes[$bytes.Length - 1] = $bytes[$bytes.Length - 1] -bxor 0xFF
        [System.IO.File]::WriteAllBytes($file.FullName, $bytes)
        $r = Restore-Milvus -Path $dump -Connection $dst -BulkImport -StoragePath backups/dump -Rename @{ pester_bulk = 'bulk_again' } -ErrorVariable e -ErrorAction SilentlyContinue
        # _default went in; p1's job failed: its error stands for it.
        ($r | Where-Object Status -eq 'Succeeded').Partition | Should -Be '_default'
        $e.Count | Should -Be 1
        ($e[0].FullyQualifiedErrorId -split ',')[0] | Should -Be 'MilvusImportFailed'
        $e[0].Exception.Message | Should -Match ([regex]::Escape("backups/dump/default/pester_bulk/p1/$($file.Name)"))
        $e[0].Exception.Message | Should -Match 'new parquet reader failed'
    }
}
