# Export-MilvusCollection -Format Parquet | Faiss, Import-Parquet, and HDF5 compression (issues 16 item 5, 17 items 2-3):
# each file is read back by an independent implementation (real Faiss, h5py) and loads back equal.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../out/MilvusDM/MilvusDM.psd1') -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:server = Start-TestServer
    $script:conn = Connect-Milvus -Uri $server.Uri
    New-TestBatches -Count 2 -Rows 150 -Dimension 8 | Write-MilvusCollection -Name fmt_src -IndexType FLAT -MetricType L2 -Load | Out-Null
    New-TestBatches -Count 1 -Rows 40 -Dimension 8 -First 9000 | Write-MilvusCollection -Name fmt_src -PartitionName p1 | Out-Null
    $script:out = Join-Path $TestDrive 'formats'
}

AfterAll {
    Disconnect-Milvus $conn
    Stop-TestServer $server
}

Describe 'Export to Parquet and Import-Parquet' -Tag Integration {
    It 'writes a folder of Parquet files per partition with a task file, and loads back equal' {
        $results = Export-MilvusCollection fmt_src -Path $out -Format Parquet
        $results.Rows | Should -Be 300, 40
        $files = Get-ChildItem (Join-Path $out 'fmt_src__default') -Filter *.parquet
        $files.Count | Should -BeGreaterThan 0
        Get-Content (Join-Path $out 'fmt_src_p1.steps.yaml') -Raw | Should -Match 'parquet:'
        $info = Get-ParquetInfo -Directory (Join-Path $out 'fmt_src__default')
        ($info | Measure-Object Rows -Sum).Sum | Should -Be 300
        ($info[0].PrimaryKey, $info[0].VectorField, $info[0].Dimension) | Should -Be 'id', 'embedding', 8
        $back = Import-Parquet -Directory (Join-Path $out 'fmt_src__default') -CollectionName fmt_parquet -Verify -IndexType FLAT -MetricType L2
        $back.Verified | Should -BeTrue
        Import-Parquet -Directory (Join-Path $out 'fmt_src_p1') -CollectionName fmt_parquet -PartitionName p1 | Out-Null
        Mount-MilvusCollection fmt_parquet | Out-Null
        (Compare-MilvusCollection fmt_src fmt_parquet).Equal | Should -BeTrue
    }

    It 'runs the task file it wrote beside the files' {
        $env:MILVUSDM_URI = $server.Uri
        try {
            $task = Get-Content (Join-Path $out 'fmt_src_p1.steps.yaml') -Raw
            $task -replace "collection: 'fmt_src'", "collection: 'fmt_from_task'" | Set-Content (Join-Path $TestDrive 'task.yaml')
            $r = Invoke-MilvusDMTask -Path (Join-Path $TestDrive 'task.yaml')
            ($r.Status, $r.Rows, $r.Partition) | Should -Be 'Succeeded', 40, 'p1'
        } finally { Remove-Item Env:MILVUSDM_URI }
    }
}

Describe 'Export to Faiss' -Tag Integration {
    It 'writes an IndexIDMap2 that the real Faiss reads, searching like the source, and Import-FaissIndex loads back' {
        $results = Export-MilvusCollection fmt_src -Path (Join-Path $TestDrive 'faiss') -Format Faiss -PartitionName _default
        $results.Rows | Should -Be 300
        $file = Join-Path $TestDrive 'faiss/fmt_src__default.index'
        $said = & /usr/bin/python3 -c @"
import faiss, numpy as np
i = faiss.read_index('$file')
ids = faiss.vector_to_array(i.id_map)
print(type(i).__name__, i.ntotal, i.d, i.metric_type == faiss.METRIC_L2, ids.min(), ids.max())
"@
        $said | Should -Be 'IndexIDMap2 300 8 True 0 299'
        $back = Import-FaissIndex $file -CollectionName fmt_faiss -Verify
        $back.Verified | Should -BeTrue
        (Get-MilvusCollection fmt_faiss).MetricType | Should -Be 'L2'
    }
}

Describe 'HDF5 compression' -Tag Integration {
    It 'compresses with <_>, h5py reads it, and it loads back equal' -ForEach 'Gzip', 'Lzf' {
        $folder = Join-Path $TestDrive "h5_$_"
        Export-MilvusCollection fmt_src -Path $folder -Compression $_ -PartitionName _default | Out-Null
        $file = Join-Path $folder 'fmt_src__default.h5'
        $filter = & /usr/bin/python3 -c "import h5py; f = h5py.File('$file', 'r'); d = f['embeddings']; print(d.compression, d.shape[0])"
        $filter | Should -Be "$($_.ToLower()) 300"
        $piped = New-TestBatches -Count 1 -Rows 20 -Dimension 8 | Write-Hdf5 (Join-Path $folder 'written.h5') -Compression $_
        $piped.Status | Should -Be 'Succeeded'
        (Import-Hdf5 $file -CollectionName "fmt_h5_$_" -Verify).Verified | Should -BeTrue
    }
}
