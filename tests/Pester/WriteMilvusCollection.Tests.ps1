BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../out/MilvusDM/MilvusDM.psd1') -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:server = Start-TestServer
    Connect-Milvus -Uri $server.Uri | Out-Null
}

AfterAll {
    Disconnect-Milvus
    Stop-TestServer $server
}

Describe 'Write-MilvusCollection' -Tag Integration {
    It 'writes piped batches and Get-MilvusCollection shows the rows' {
        $result = New-TestBatches -Count 4 -Rows 250 -Dimension 8 | Write-MilvusCollection -Name pester_write -Load
        $result.Status | Should -Be 'Succeeded'
        $result.Rows | Should -Be 1000
        (Get-MilvusCollection -Name pester_write).RowCount | Should -Be 1000
    }

    It 'skips an existing collection with -Mode Skip' {
        (New-TestBatches -Count 1 -Rows 10 -Dimension 8 | Write-MilvusCollection -Name pester_write -Mode Skip).Status | Should -Be 'Skipped'
    }

    It 'recreates it with -Mode Overwrite -Force' {
        New-TestBatches -Count 1 -Rows 10 -Dimension 8 | Write-MilvusCollection -Name pester_write -Mode Overwrite -Force | Out-Null
        (Get-MilvusCollection -Name pester_write).RowCount | Should -Be 10
    }

    It 'leaves the server untouched with -WhatIf' {
        New-TestBatches -Count 1 -Rows 10 -Dimension 8 | Write-MilvusCollection -Name pester_whatif -WhatIf
        Get-MilvusCollection -Name 'pester_whatif*' | Should -BeNullOrEmpty
    }

    It 'reports a schema mismatch with a stable error id' {
        New-MilvusCollection -Name pester_dim -Dimension 16 | Out-Null
        { New-TestBatches -Count 1 -Rows 5 -Dimension 8 | Write-MilvusCollection -Name pester_dim -ErrorAction Stop } |
            Should -Throw -ErrorId 'CollectionSchemaMismatch,MilvusDM.PowerShell.Commands.WriteMilvusCollectionCommand'
    }
}
