# Milvus 2.6 types end to end through the cmdlets, on a collection the official Node SDK made (Text, Geometry,
# Timestamptz, a nullable vector, a default-value column, a struct array with a vector member).
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../out/MilvusDM/MilvusDM.psd1') -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:a = Start-TestServer
    $script:b = Start-TestServer
    $node = Join-Path (Get-RepoRoot) 'tests/NodeSdk'
    Push-Location $node
    try { node make-types26.js ($a.Uri -replace '^http://', '') types26 | Out-Null } finally { Pop-Location }
    if ($LASTEXITCODE) { throw "make-types26.js failed ($LASTEXITCODE)" }
    $script:src = Connect-Milvus -Uri $a.Uri
    $script:dst = Connect-Milvus -Uri $b.Uri -NoDefault
    $script:out = Join-Path ([System.IO.Path]::GetTempPath()) ([System.IO.Path]::GetRandomFileName())
}

AfterAll {
    Disconnect-Milvus $dst
    Disconnect-Milvus $src
    Stop-TestServer $a
    Stop-TestServer $b
    Remove-Item -Recurse -Force $out -ErrorAction SilentlyContinue
}

Describe 'Milvus 2.6 types' -Tag Integration {
    It 'reads every type back as values' {
        $rows = @{}
        Read-MilvusCollection types26 | ForEach-Object { $b = $_; for ($i = 0; $i -lt $b.Count; $i++) { $rows[[int]$b.GetValue('id', $i)] = $b.GetValue('geo', $i), $b.GetValue('ts', $i), $b.GetValue('txt', $i), $b.GetValue('score', $i), $b.GetValue('clips', $i) } }
        $rows.Count | Should -Be 3
        $rows[0][0] | Should -Be 'POINT (1 2)'
        $rows[0][1] | Should -Be 1735787045000000   # 2025-01-02T03:04:05Z in µs
        $rows[2][1] | Should -Be 1735787045000000   # +08:00 text, the same instant
        $rows[1][2] | Should -Be 'wörld'
        $rows[1][3] | Should -Be 42                 # the default
        $rows[0][4].Count | Should -Be 2
        $rows[0][4][1]['n'] | Should -Be 2
    }

    It 'copies to another server, verified, and Compare-MilvusCollection agrees' {
        $result = Copy-MilvusCollection -Name types26 -Destination $dst -Verify
        $result.Status | Should -Be 'Succeeded'
        $result.Verified | Should -BeTrue
        $copy = Get-MilvusCollection types26 -Connection $dst
        ($copy.Fields | Where-Object Name -eq 'clips').DataType | Should -Be 'ArrayOfStruct'
        (Compare-MilvusCollection -Name types26 -Destination $dst).Equal | Should -BeTrue
    }

    It 'exports to HDF5 that h5py reads, and imports back equal' {
        $export = Export-MilvusCollection -Name types26 -Path $out
        $export.Status | Should -Be 'Succeeded'
        $file = Get-ChildItem $out -Filter *.h5 | Select-Object -First 1
        $check = & /usr/bin/python3 -c "import h5py, json; f = h5py.File('$($file.FullName)', 'r'); print(f['geo'][0].decode(), f['ts'][0], json.loads(f['clips'][0])['n'])"
        $check | Should -Be 'POINT (1 2) 1735787045000000 [1, 2]'
        $back = Import-Hdf5 -Path $file.FullName -CollectionName types26_back -Connection $dst -Verify -Load
        $back.Status | Should -Be 'Succeeded'
        $back.Verified | Should -BeTrue
        (Compare-MilvusCollection -Name types26 -Destination $dst -DestinationName types26_back).Equal | Should -BeTrue
    }
}
