# The HDF5 files users really have (issue 17): big-endian, lzf, datasets in groups, float16 vectors — made by h5py
# in the run and imported through Import-Hdf5 exactly (each vector and id equal to what h5py wrote).
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../out/MilvusDM/MilvusDM.psd1') -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:server = Start-TestServer
    Connect-Milvus -Uri $server.Uri | Out-Null
    $script:dir = Join-Path $TestDrive 'variants'
    & /usr/bin/python3 (Join-Path (Get-RepoRoot) 'tests/fixtures/make_hdf5_variants.py') $dir | Out-Null
    # What h5py wrote: the first row's id and vector, and the row count, from the truth files beside each case.
    function script:Get-Truth([string] $name) {
        $ids = [System.IO.File]::ReadAllBytes((Join-Path $dir "$name.ids"))
        $vecs = [System.IO.File]::ReadAllBytes((Join-Path $dir "$name.vecs"))
        [pscustomobject]@{ Rows = $ids.Length / 8; FirstId = [BitConverter]::ToInt64($ids, 0); FirstValue = [BitConverter]::ToSingle($vecs, 0) }
    }
}

AfterAll {
    Disconnect-Milvus
    Stop-TestServer $server
}

Describe 'HDF5 files as users have them' -Tag Integration {
    It 'imports <Case> exactly' -ForEach @(
        @{ Case = 'be_f4'; Options = @{} }
        @{ Case = 'be_f4_gzip'; Options = @{} }
        @{ Case = 'lzf_shuffle_f32'; Options = @{} }
        @{ Case = 'lzf_incompressible'; Options = @{} }
        @{ Case = 'grouped_milvusdm'; Options = @{} }
        @{ Case = 'grouped_ann'; Options = @{} }
    ) {
        $truth = Get-Truth $Case
        $name = "variant_$Case"
        $result = Import-Hdf5 -Path (Join-Path $dir "$Case.h5") -CollectionName $name -Verify -Load @Options
        ($result.Status, $result.Rows, $result.Verified) | Should -Be 'Succeeded', $truth.Rows, $true
        $first = Read-MilvusCollection $name -Filter "id == $($truth.FirstId)" | Select-Object -First 1
        $first.Count | Should -Be 1
        $first.GetVector(0)[0] | Should -Be $truth.FirstValue
    }

    It 'reads datasets named by their path in a group' {
        $result = Import-Hdf5 -Path (Join-Path $dir 'explicit_paths.h5') -Dataset /a/b/vecs -IdDataset /a/ids -ScalarDataset /meta/year -CollectionName variant_paths -Verify
        ($result.Status, $result.Rows, $result.Verified) | Should -Be 'Succeeded', 200, $true
        (Get-MilvusCollection variant_paths).Fields.Name | Should -Contain 'year'
    }

    It 'lists datasets with their paths and filters in Get-Hdf5Info' {
        (Get-Hdf5Info (Join-Path $dir 'grouped_milvusdm.h5')).Datasets.Name | Should -Contain 'data/embeddings'
    }
}
