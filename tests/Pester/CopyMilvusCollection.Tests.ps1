BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../out/MilvusDM/MilvusDM.psd1') -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:a = Start-TestServer
    $script:b = Start-TestServer
    $script:src = Connect-Milvus -Uri $a.Uri
    $script:dst = Connect-Milvus -Uri $b.Uri -NoDefault
    New-TestBatches -Count 2 -Rows 100 -Dimension 4 | Write-MilvusCollection -Name pester_copy -IndexType FLAT -MetricType L2 -Load | Out-Null
}

AfterAll {
    Disconnect-Milvus $dst
    Disconnect-Milvus $src
    Stop-TestServer $a
    Stop-TestServer $b
}

Describe 'Copy-MilvusCollection' -Tag Integration {
    It 'copies schema, index and rows to another server and loads the copy' {
        $result = Copy-MilvusCollection -Name pester_copy -Destination $dst
        $result.Status | Should -Be 'Succeeded'
        $copy = Get-MilvusCollection pester_copy -Connection $dst
        $copy.RowCount | Should -Be 200
        $copy.LoadState | Should -Be 'Loaded'
        $copy.MetricType | Should -Be 'L2'
    }

    It 'streams rows with Read-MilvusCollection' {
        (Read-MilvusCollection pester_copy -Connection $dst -BatchSize 50 | Measure-Object -Property Count -Sum).Sum | Should -Be 200
    }

    It 'skips an existing target with -Mode Skip' {
        (Copy-MilvusCollection -Name pester_copy -Destination $dst -Mode Skip).Status | Should -Be 'Skipped'
    }
}
