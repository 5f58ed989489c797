# Validate before writing: what can be checked before the first row is sent is checked first, and a collection this
# run created and could not fill is not left behind (issue 13, item 4).
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../out/MilvusDM/MilvusDM.psd1') -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:server = Start-TestServer
    Connect-Milvus -Uri $server.Uri | Out-Null
    $script:good = Join-Path $TestDrive 'good.h5'
    $script:nan = Join-Path $TestDrive 'nan.h5'
    & /usr/bin/python3 -c @"
import h5py, numpy as np
v = np.random.default_rng(5).random((3000, 8), dtype='float32')
with h5py.File('$good', 'w') as f: f['embeddings'] = v; f['ids'] = np.arange(3000, dtype='int64')
v[0, 3] = np.nan
with h5py.File('$nan', 'w') as f: f['embeddings'] = v; f['ids'] = np.arange(3000, dtype='int64')
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

    It 'leaves no empty collection behind when the server refuses the first rows (NaN)' {
        $result = Import-Hdf5 -Path $nan -CollectionName never_nan -ErrorAction SilentlyContinue -ErrorVariable problems
        $result.Status | Should -Be 'Failed'
        $problems | Should -Not -BeNullOrEmpty
        $result.Notes -join ' ' | Should -Match "Dropped collection 'never_nan'"
        Get-MilvusCollection never_nan -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'imports the same file fine with a valid index' {
        (Import-Hdf5 -Path $good -CollectionName valid_index -IndexType HNSW -MetricType COSINE).Status | Should -Be 'Succeeded'
    }
}
