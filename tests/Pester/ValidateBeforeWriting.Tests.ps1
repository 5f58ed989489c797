# Validate before writing: what can be checked before the first row is sent is checked first, and a collection this
# run created and could not fill is not left behind (issue 13, item 4).
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../out/MilvusDM/MilvusDM.psd1') -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:server = Start-TestServer
    Connect-Milvus -Uri $server.Uri | Out-Null
    $script:good = Join-Path $TestDrive 'good.h5'
    $script:nan = Join-Path $TestDrive 'nan.h5'
    $script:lateNan = Join-Path $TestDrive 'late_nan.h5'
    $script:faissDup = Join-Path $TestDrive 'late_dup.index'
    & /usr/bin/python3 -c @"
import h5py, numpy as np, faiss
v = np.random.default_rng(5).random((3000, 8), dtype='float32')
with h5py.File('$good', 'w') as f: f['embeddings'] = v; f['ids'] = np.arange(3000, dtype='int64')
w = v.copy(); w[2999, 5] = np.inf
with h5py.File('$lateNan', 'w') as f: f['embeddings'] = w; f['ids'] = np.arange(3000, dtype='int64')
v[0, 3] = np.nan
with h5py.File('$nan', 'w') as f: f.create_dataset('embeddings', data=v, chunks=(500, 8), compression='gzip'); f['ids'] = np.arange(3000, dtype='int64')
ids = np.arange(3000, dtype='int64'); ids[2999] = 7
index = faiss.IndexIDMap(faiss.IndexFlatL2(8)); index.add_with_ids(np.nan_to_num(v), ids); faiss.write_index(index, '$faissDup')
"@
}

AfterAll {
    Disconnect-Milvus
    Stop-TestServer $server
}

Describe 'Checked before the first row' -Tag Integration {
    It 'refuses index type <Index> / metric <Metric> before creating anything' -ForEach @(
        @{ Index = 'HSNW'; Metric = 'L2'; Id = 'InvalidIndexType'; Hint = 'did you mean HNSW' }
        @{ Index = 'HNSW'; Metric = 'COSIN'; Id = 'InvalidMetricType'; Hint = 'did you mean COSINE' }
        @{ Index = 'HNSW'; Metric = 'HAMMING'; Id = 'InvalidMetricType'; Hint = 'L2, IP, COSINE' }
        @{ Index = 'BIN_FLAT'; Metric = 'L2'; Id = 'InvalidIndexType'; Hint = 'HNSW' }
    ) {
        $name = "never_$($Index.ToLower())_$($Metric.ToLower())"
        $failure = { Import-Hdf5 -Path $good -CollectionName $name -IndexType $Index -MetricType $Metric -ErrorAction Stop } | Should -Throw -ErrorId "$Id*" -PassThru
        "$($failure.Exception.Message) $($failure.ErrorDetails.RecommendedAction)" | Should -Match ([regex]::Escape($Hint))
        Get-MilvusCollection $name -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'finds a bad value in the last row of a file before creating anything (<Kind>)' -ForEach @(
        @{ Kind = 'HDF5 infinity'; Run = { Import-Hdf5 -Path $lateNan -CollectionName never_late -BatchSize 500 -ErrorAction Stop }; Id = 'Hdf5VectorNotFinite' }
        @{ Kind = 'Faiss repeated id'; Run = { Import-FaissIndex -Path $faissDup -CollectionName never_late -BatchSize 500 -ErrorAction Stop }; Id = 'FaissDuplicateId' }
    ) {
        $Run | Should -Throw -ErrorId "$Id*"
        Get-MilvusCollection never_late -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'refuses a <What> name Milvus would refuse before creating anything' -ForEach @(
        @{ What = 'partition'; Run = { Import-Hdf5 -Path $good -CollectionName never_named -PartitionName 'bad name!' -ErrorAction Stop }; Id = 'InvalidPartitionName' }
        @{ What = 'collection'; Run = { Import-Hdf5 -Path $good -CollectionName '9lives' -ErrorAction Stop }; Id = 'InvalidCollectionName' }
        @{ What = 'copy target'; Run = { Import-Hdf5 -Path $good -CollectionName named_src | Out-Null; Copy-MilvusCollection named_src -Destination (Connect-Milvus -Uri $server.Uri -NoDefault) -DestinationName 'no-hyphens' -ErrorAction Stop }; Id = 'InvalidCollectionName' }
    ) {
        $failure = $Run | Should -Throw -ErrorId "$Id*" -PassThru
        $failure.ErrorDetails.RecommendedAction | Should -Match 'letters, digits'
        Get-MilvusCollection never_named, '9lives', 'no-hyphens' -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'leaves no empty collection behind when the first rows cannot be sent (NaN in a compressed file)' {
        $result = Import-Hdf5 -Path $nan -CollectionName never_nan -ErrorAction SilentlyContinue -ErrorVariable problems
        $result | Should -BeNullOrEmpty   # nothing was done: the one error record tells it all
        $problems.Count | Should -Be 1
        $problems[0].ErrorDetails.Message | Should -Match "Dropped collection 'never_nan', which this run had created"
        Get-MilvusCollection never_nan -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'imports the same file fine with a valid index' {
        (Import-Hdf5 -Path $good -CollectionName valid_index -IndexType HNSW -MetricType COSINE).Status | Should -Be 'Succeeded'
    }
}

Describe 'Repeated ids in an HDF5 file' -Tag Integration {
    BeforeAll {
        $script:dup = Join-Path $TestDrive 'dup.h5'
        & /usr/bin/python3 -c "import h5py, numpy as np; ids = np.arange(1000, dtype='int64'); ids[998] = 17; ids[999] = 500; f = h5py.File('$dup', 'w'); f['embeddings'] = np.ones((1000, 4), dtype='float32'); f['ids'] = ids; f.close()"
    }

    It 'refuses them before writing, naming the id and row' {
        $failure = { Import-Hdf5 -Path $dup -CollectionName never_dup -ErrorAction Stop } | Should -Throw -ErrorId 'Hdf5DuplicateIds*' -PassThru
        $failure.Exception.Message | Should -Match 'id 17 more than once .*row 998'
        Get-MilvusCollection never_dup -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'imports every row when asked, and verification reports the duplicates' {
        $result = Import-Hdf5 -Path $dup -CollectionName dup_allowed -AllowDuplicateIds -Load
        $result.Rows | Should -Be 1000
        $c = Compare-MilvusCollection -Name dup_allowed -Destination (Connect-Milvus -Uri $server.Uri -NoDefault)
        ($c.TargetRows, $c.TargetEntities, $c.TargetDuplicates) | Should -Be 998, 1000, 2
    }
}

Describe 'A truncated HDF5 file' -Tag Integration {
    BeforeAll {
        $script:cut = Join-Path $TestDrive 'cut.h5'
        & /usr/bin/python3 (Join-Path (Get-RepoRoot) 'tests/fixtures/make_random_h5.py') $cut 20000 16
        & /usr/bin/python3 -c "import os; n = os.path.getsize('$cut'); open('$cut', 'r+b').truncate(int(n * 0.6))"
    }

    It 'is not called fine by Get-Hdf5Info, and an import of it creates nothing' {
        { Get-Hdf5Info $cut -ErrorAction Stop } | Should -Throw -ErrorId 'Hdf5FileTruncated*'
        { Import-Hdf5 -Path $cut -CollectionName never_cut -ErrorAction Stop } | Should -Throw -ErrorId 'Hdf5FileTruncated*'
        Get-MilvusCollection never_cut -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }
}
